from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "casework.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection officer's home"
