from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "casework.rights"
    label = "rights"
    verbose_name = "Rights: requests, restriction and objection"
