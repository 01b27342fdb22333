from django.conf import settings
from django.db import models


class BreakGlassReason(models.TextChoices):
    COVERING_CASELOAD = "covering_caseload", "Covering a colleague's caseload"
    SAFEGUARDING = "safeguarding", "A safeguarding concern"
    OTHER = "other", "Another reason"


class ReviewOutcome(models.TextChoices):
    JUSTIFIED = "justified", "Justified: the reason given explains the access"
    NOT_JUSTIFIED = "not_justified", "Not justified: raised with the member of staff's manager"


class BreakGlassGrant(models.Model):
    """A member of staff opened a participant's record outside their caseload, giving a reason.
    The grant lets them see that one record until `expires_at`; the DPO reviews every grant.
    Created only by casework.access.services.open_break_glass."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants"
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="break_glass_grants"
    )
    reason = models.CharField(max_length=32, choices=BreakGlassReason.choices)
    reason_detail = models.TextField("reason in the user's words", blank=True)
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="break_glass_reviews",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_outcome = models.CharField(max_length=32, choices=ReviewOutcome.choices, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"Break-glass by {self.user} at {self.granted_at:%Y-%m-%d %H:%M}"

    @property
    def reviewed(self) -> bool:
        return self.reviewed_at is not None
