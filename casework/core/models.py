from django.db import models

from casework.core.fields import EncryptedTextField

CANARY_TEXT = "Casework encryption canary"


class EncryptionCanary(models.Model):
    """One known value, encrypted with the field keys when the database is first migrated. If
    the configured CASEWORK_FIELD_KEYS cannot decrypt it, they cannot decrypt the participants'
    data either, and Casework refuses to start (casework/core/checks.py)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = EncryptedTextField()

    def __str__(self) -> str:
        return "Encryption canary"


class ThrottleWindow(models.Model):
    """Attempts counted for one hashed key in one time window (casework.core.throttle)."""

    key_hash = models.CharField(max_length=64)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key_hash", "window"], name="one_throttle_row")
        ]

    def __str__(self) -> str:
        return f"{self.key_hash[:8]}… window {self.window}: {self.count}"
