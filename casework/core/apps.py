from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "casework.core"
    label = "core"
    verbose_name = "Casework core"

    def ready(self) -> None:
        from casework.core import (
            checks,  # noqa: F401  (registers system checks)
            lookups,  # noqa: F401  (registers `any_of`)
        )
