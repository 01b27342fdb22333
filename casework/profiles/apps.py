from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "casework.profiles"
    label = "profiles"
    verbose_name = "Vocational profiles"
