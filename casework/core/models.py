from django.db import models


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
