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
    # Art 18(3): the person is told before the restriction is lifted; lifting records when, how.
    told_on = models.DateField("person told on", null=True, blank=True)
    told_how = models.CharField("how the person was told", max_length=200, blank=True)

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
    # What the person said about their particular situation (Art 21(1)), and the DPO's reasons:
    # required when the objection is not upheld (the compelling legitimate grounds).
    grounds = EncryptedTextField("what the person said", blank=True)
    reasons = EncryptedTextField("reasons for the decision", blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["participant", "purpose"])]

    def __str__(self) -> str:
        return f"Objection to {self.purpose} ({self.get_decision_display()})"


class Rectification(models.Model):
    """One correction of a participant's field (UK GDPR Art 16), made by the rights casework:
    the value before and after (both encrypted, so the record's history keeps what was wrong),
    why, by whom, and the recipients that had received the field and are to be told (Art 19)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="rectifications"
    )
    field = models.CharField("field reference", max_length=120)  # "participants.Participant.phone"
    old_value = EncryptedTextField("value before", blank=True)
    new_value = EncryptedTextField("value after", blank=True)
    reason = EncryptedTextField()
    recipients_to_tell = models.JSONField(default=list, blank=True)  # [[key, named organisation]]
    corrected_at = models.DateTimeField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-corrected_at", "-id"]
        indexes = [models.Index(fields=["participant", "field"])]

    def __str__(self) -> str:
        return f"Correction of {self.field} on {self.corrected_at:%d/%m/%Y}"


class SupplementaryStatement(models.Model):
    """Where the council disagrees that a field is inaccurate, the person's own statement is
    attached to the record instead of a correction (Art 16: "including by means of providing a
    supplementary statement"), with the council's reasons, and shown with the field."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="supplementary_statements"
    )
    field = models.CharField("field reference", max_length=120)
    statement = EncryptedTextField("the person's statement")
    council_view = EncryptedTextField("why the council does not correct it")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["participant", "field"])]

    def __str__(self) -> str:
        return f"Supplementary statement on {self.field}"
