from django.apps import AppConfig


class CaseloadsConfig(AppConfig):
    name = "casework.caseloads"
    label = "caseloads"
    verbose_name = "Caseloads"
