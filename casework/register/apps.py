from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "casework.register"
    label = "register"
    verbose_name = "Processing register"

    def ready(self) -> None:
        from casework.register.capabilities import register_capability

        # The who-to-tell list (casework/register/selectors.py) names every participant to
        # tell when a version adds or changes a recipient, so the promise is kept.
        register_capability("tells_of_sharing_changes")
