"""Group sessions (workshops, job clubs, courses) a delivery organisation runs for participants,
and each participant's booking on one with its sign-in. Every field is declared in the
processing register (casework/register/fields.py). Writes go through casework.groupwork.services;
reads through casework.groupwork.selectors."""

import uuid

from django.conf import settings
from django.db import models

from casework.participants.models import Participant
from casework.programmes.models import Organisation, Programme

_STAFF = settings.AUTH_USER_MODEL


class SessionKind(models.TextChoices):
    WORKSHOP = "workshop", "Workshop"
    JOB_CLUB = "job_club", "Job club"
    COURSE = "course", "Course"
    OTHER = "other", "Other"


class GroupSession(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="delivering organisation",
        on_delete=models.PROTECT,
        related_name="group_sessions",
    )
    kind = models.CharField("kind of session", max_length=16, choices=SessionKind.choices)
    title = models.CharField("title", max_length=200)
    description = models.TextField("description", blank=True)
    starts_at = models.DateTimeField("starts at")
    ends_at = models.DateTimeField("ends at")
    online = models.BooleanField("online", default=False)
    location = models.CharField("location", max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField("places")
    facilitator = models.ForeignKey(
        _STAFF, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField("reason for cancelling", max_length=200, blank=True)
    created_by = models.ForeignKey(_STAFF, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "title"]
        indexes = [models.Index(fields=["programme", "organisation", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M})"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def where(self) -> str:
        return "Online" if self.online else self.location


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    CANCELLED_BY_PARTICIPANT = "cancelled_by_participant", "Cancelled by the participant"
    CANCELLED_BY_PROVIDER = "cancelled_by_provider", "Cancelled by the provider"


# A booking holding a place: counted against the session's capacity.
HOLDS_A_PLACE = (BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND)


class GroupBooking(models.Model):
    """One participant's place on a group session and whether they came."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="bookings")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="group_bookings"
    )
    status = models.CharField(
        max_length=32, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    signed_in_at = models.DateTimeField(null=True, blank=True)
    booked_by = models.ForeignKey(_STAFF, null=True, on_delete=models.SET_NULL, related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        _STAFF, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["session__starts_at", "booked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="one_booking_per_participant_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"Booking on {self.session}"

    @property
    def holds_a_place(self) -> bool:
        return self.status in HOLDS_A_PLACE
