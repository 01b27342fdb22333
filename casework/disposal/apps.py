from django.apps import AppConfig


class DisposalConfig(AppConfig):
    name = "casework.disposal"
    label = "disposal"
    verbose_name = "Retention and disposal"
