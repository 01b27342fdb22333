from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "casework.register"
    label = "register"
    verbose_name = "Processing register"
