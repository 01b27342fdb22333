from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "casework.complaints"
    label = "complaints"
    verbose_name = "Data protection complaints"
