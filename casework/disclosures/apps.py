from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "casework.disclosures"
    label = "disclosures"
    verbose_name = "Disclosures"

    def ready(self):
        # The disclosure log exists, so a notice may promise that disclosures are recorded.
        from casework.register.capabilities import register_capability

        register_capability("records_disclosures")
