from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "casework.disclosures"
    label = "disclosures"
    verbose_name = "Disclosures"
