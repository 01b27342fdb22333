from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "casework.access"
    label = "access"
    verbose_name = "Access scoping"
