from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "casework.staff"
    label = "staff"
    verbose_name = "Staff"
