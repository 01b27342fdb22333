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
