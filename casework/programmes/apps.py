from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "casework.programmes"
    label = "programmes"
    verbose_name = "Programmes and organisations"
