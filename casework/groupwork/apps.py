from django.apps import AppConfig


class GroupworkConfig(AppConfig):
    name = "casework.groupwork"
    label = "groupwork"
    verbose_name = "Group sessions"
