from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "casework.eligibility"
    label = "eligibility"
    verbose_name = "Eligibility and suitability"
