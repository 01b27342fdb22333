from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "casework.staff"
    label = "staff"
    verbose_name = "Staff"

    def ready(self):
        from casework.staff import authenticator_keys

        authenticator_keys.install()
