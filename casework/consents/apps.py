from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "casework.consents"
    label = "consents"
    verbose_name = "Consents"
