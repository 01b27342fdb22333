from django.conf import settings
from django.db import models

from casework.participants.models import Participant


class ConsentPurpose(models.TextChoices):
    """Processing that needs the participant's own consent, each given and withdrawn on its own."""

    SHARE_WITH_EMPLOYER = "share_with_employer", "Sharing details with a named employer"
    SHARE_WITH_TRAINING_PROVIDER = (
        "share_with_training_provider",
        "Sharing details with a named training provider",
    )
    SHARE_WITH_SUPPORT_ORGANISATION = (
        "share_with_support_organisation",
        "Sharing details with a named support organisation",
    )
    SHARE_WITH_HEALTH_SERVICE = (
        "share_with_health_service",
        "Sharing details with a named health service",
    )
    EVALUATION_CONTACT = (
        "evaluation_contact",
        "Being contacted for evaluation surveys and interviews",
    )
    MARKETING = "marketing", "Receiving news and updates about the programme"


NAMED_RECIPIENT_PURPOSES = (
    ConsentPurpose.SHARE_WITH_EMPLOYER,
    ConsentPurpose.SHARE_WITH_TRAINING_PROVIDER,
    ConsentPurpose.SHARE_WITH_SUPPORT_ORGANISATION,
    ConsentPurpose.SHARE_WITH_HEALTH_SERVICE,
)


class ConsentChannel(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "By phone"
    EMAIL = "email", "By email"
    LETTER = "letter", "By letter"
    ONLINE = "online", "Online"


class ConsentDecision(models.Model):
    """One decision: consent given or withdrawn, for one purpose (and, for sharing, one named
    recipient). Never changed or deleted: the latest decision is the one in force, and the rest
    are its history."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="consent_decisions"
    )
    purpose = models.CharField(max_length=40, choices=ConsentPurpose.choices)
    recipient = models.CharField("named employer or training provider", max_length=200, blank=True)
    given = models.BooleanField(help_text="True: consent given. False: consent withdrawn.")
    decided_on = models.DateField()
    channel = models.CharField(max_length=16, choices=ConsentChannel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["participant", "purpose", "recipient", "-recorded_at", "-id"]
        indexes = [models.Index(fields=["participant", "purpose", "recipient", "recorded_at"])]

    def __str__(self) -> str:
        verb = "given" if self.given else "withdrawn"
        return f"{self.get_purpose_display()} {verb} on {self.decided_on}"
