from django.apps import AppConfig


class BreachesConfig(AppConfig):
    name = "casework.breaches"
    label = "breaches"
    verbose_name = "Personal data breaches"
