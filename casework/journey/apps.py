from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "casework.journey"
    label = "journey"
    verbose_name = "Participant journey"
