from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "casework.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from casework.audit import signals  # noqa: F401  (sign-in, failed sign-in, sign-out)
