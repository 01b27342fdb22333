"""The seed of the rights casework (issue 13 builds the rest): a restriction of processing
(UK GDPR Art 18) and an objection to a purpose (Art 21). The disclosure gate reads both."""

from django.conf import settings
from django.db import models

from casework.core.fields import EncryptedTextField
from casework.participants.models import Participant


class Restriction(models.Model):
    """Processing of the participant's data restricted from `started_at` until lifted. While it
    is in force nothing about them is shared (casework.disclosures), except what Art 18(2)
    allows."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="restrictions"
    )
    reason = EncryptedTextField()
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["participant", "lifted_at"])]

    def __str__(self) -> str:
        return f"Restriction from {self.started_at:%d/%m/%Y}"

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None


class ObjectionDecision(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    UPHELD = "upheld", "Upheld: the processing stops"
    NOT_UPHELD = "not_upheld", "Not upheld: compelling legitimate grounds"


class Objection(models.Model):
    """The participant objects to one purpose of the programme (a purpose key of the register).
    While it waits for a decision, and once upheld, nothing is shared for that purpose."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="objections"
    )
    purpose = models.CharField("purpose key", max_length=80)
    received_on = models.DateField()
    decision = models.CharField(
        max_length=16, choices=ObjectionDecision.choices, default=ObjectionDecision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["participant", "purpose"])]

    def __str__(self) -> str:
        return f"Objection to {self.purpose} ({self.get_decision_display()})"
