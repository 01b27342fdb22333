from django.conf import settings
from django.db import models

from casework.participants.models import Participant


class SharingConsent(models.TextChoices):
    """Consent to share with one named organisation: what a recipient the programme's file
    marks `consent_needed` asks for (`casework.consents.selectors.NAMED_CONSENTS_FOR` maps
    recipient kinds to these). Not a list of purposes: consents to a programme's own processing
    are its purposes on the basis of consent, with the keys and wording of its file."""

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


# The name earlier code and tests use for the sharing consents.
ConsentPurpose = SharingConsent
NAMED_RECIPIENT_PURPOSES = tuple(SharingConsent)

# Consents Casework offered from code before programme files declared their own (migration
# consents 0003). Decisions recorded under these keys keep them, are named with these labels,
# and can be withdrawn; no programme is offered them unless its file declares the purpose.
RETIRED_CONSENT_LABELS = {
    "evaluation_contact": "Being contacted for evaluation surveys and interviews",
    "marketing": "Receiving news and updates about the programme",
}

# A consent's key is a purpose key from the programme's file (or a sharing consent's).
PURPOSE_KEY_MAX_LENGTH = 100


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
    purpose = models.CharField(
        max_length=PURPOSE_KEY_MAX_LENGTH,
        help_text="The key of a consent the programme offers: one of its purposes on the basis "
        "of consent (from its file), or sharing with a named organisation",
    )
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
        return f"{consent_key_label(self.purpose)} {verb} on {self.decided_on}"


def consent_key_label(key: str) -> str:
    """A consent's label without its programme: a sharing consent's, a retired key's, else the
    key itself (the programme's own wording is `casework.consents.selectors.consent_label`)."""
    if key in SharingConsent.values:
        return SharingConsent(key).label
    return RETIRED_CONSENT_LABELS.get(key, key)
