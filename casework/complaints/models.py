"""Data protection complaints (DPA 2018 s164A): received on the public page or recorded by the
data protection officer from any channel, acknowledged within 30 days, investigated, answered
with the outcome and the right to complain to the ICO. Writes go through
casework.complaints.services."""

import datetime
import uuid

from django.conf import settings
from django.db import models

from casework.core.fields import EncryptedTextField
from casework.participants.models import Participant
from casework.programmes.models import Programme

ACKNOWLEDGE_WITHIN_DAYS = 30
NO_CONTACT_ROUTE = "Enter an email address, a phone number or a postal address, so we can reply"


class Channel(models.TextChoices):
    ONLINE_FORM = "online_form", "Online complaint form"
    EMAIL = "email", "Email"
    PHONE = "phone", "Telephone"
    LETTER = "letter", "Letter"
    FACE_TO_FACE = "face_to_face", "Face to face"


STAFF_RECORDED_CHANNELS = (Channel.EMAIL, Channel.PHONE, Channel.LETTER, Channel.FACE_TO_FACE)


class Status(models.TextChoices):
    RECEIVED = "received", "Waiting for acknowledgement"
    ACKNOWLEDGED = "acknowledged", "Acknowledged: being investigated"
    CLOSED = "closed", "Closed: outcome sent"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    WITHDRAWN = "withdrawn", "Withdrawn by the complainant"


class SentHow(models.TextChoices):
    EMAIL = "email", "By email"
    LETTER = "letter", "By letter"
    PHONE = "phone", "By phone"
    IN_PERSON = "in_person", "In person"


class Complaint(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="complaints")
    # Random, given to the complainant on the confirmation page and in every letter.
    reference = models.CharField(max_length=16, unique=True, editable=False)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    received_on = models.DateField()
    acknowledge_by = models.DateField()

    complainant_name = models.CharField("name", max_length=200)
    email = models.EmailField("email address", blank=True)
    phone = models.CharField("phone number", max_length=30, blank=True)
    postal_address = models.TextField("postal address", blank=True)
    # What went wrong may describe health or other special category data: encrypted.
    details = EncryptedTextField("what the complaint is about")
    wanted_outcome = EncryptedTextField("what the complainant would like to happen", blank=True)

    # Set by the data protection officer, never by the public page (which must not reveal
    # whether the person is known to the programme).
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )
    rights_request_reference = models.CharField(
        "rights request it concerns", max_length=100, blank=True
    )
    breach = models.ForeignKey(
        "breaches.Breach",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
        verbose_name="breach it concerns",
    )

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    acknowledged_on = models.DateField(null=True, blank=True)
    acknowledged_how = models.CharField(max_length=16, choices=SentHow.choices, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    outcome_summary = EncryptedTextField("what we found and what we will do", blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome_sent_how = models.CharField(max_length=16, choices=SentHow.choices, blank=True)

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_recorded",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["acknowledge_by", "received_on"]
        indexes = [models.Index(fields=["programme", "status", "acknowledge_by"])]

    def __str__(self) -> str:
        return f"Complaint {self.reference}"

    @staticmethod
    def acknowledgement_due(received_on: datetime.date) -> datetime.date:
        """30 days after the day of receipt (s164A DPA 2018)."""
        return received_on + datetime.timedelta(days=ACKNOWLEDGE_WITHIN_DAYS)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == Status.RECEIVED and today > self.acknowledge_by

    @property
    def days_to_acknowledge(self) -> int | None:
        if self.acknowledged_on is None:
            return None
        return (self.acknowledged_on - self.received_on).days


class EntryKind(models.TextChoices):
    NOTE = "note", "Investigation note"
    UPDATE = "update", "Update to the complainant"


class ComplaintEntry(models.Model):
    """An investigation note (internal) or an update sent to the complainant."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    text = EncryptedTextField("what was found or said")
    sent_how = models.CharField(max_length=16, choices=SentHow.choices, blank=True)
    on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.complaint}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Acknowledgement due soon"
    OVERDUE = "overdue", "Acknowledgement overdue"


class ComplaintReminder(models.Model):
    """A reminder sent to the programme's data protection officers (by the worker's job), one
    per complaint and kind, so running the job twice sends nothing twice."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["complaint", "kind"], name="one_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.complaint}"
