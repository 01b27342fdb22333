from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "casework.participants"
    label = "participants"
    verbose_name = "Participants"
