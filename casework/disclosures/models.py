"""The disclosure log: one row for everything that left Casework (to one participant's
recipient, or a file of many people), with what the register allowed at that moment. What left
is recorded by field names and a SHA-256 of the content, never a copy of it."""

import uuid

from django.conf import settings
from django.db import models

from casework.core.fields import EncryptedTextField
from casework.participants.models import Participant


class DisclosureKind(models.TextChoices):
    DOCUMENT = "document", "Document to an employer or training provider"
    ENQUIRY = "enquiry", "Enquiry to an employer or education provider (eligibility, outcomes)"
    REFERRAL = "referral", "Referral to a support organisation"
    SAFEGUARDING = "safeguarding", "Safeguarding or crime-prevention disclosure without consent"
    STATUTORY_REQUEST = "statutory_request", "Statutory request answered under a legal gateway"
    DATA_MATCHING = "data_matching", "Statutory data-matching extract"
    EXTRACT = "extract", "Return or extract under a data-sharing agreement"
    SUBJECT_ACCESS = "subject_access", "Subject access pack given to the person (UK GDPR Art 15)"


class Basis(models.TextChoices):
    AGREEMENT = "agreement", "Data-sharing agreement"
    CONSENT = "consent", "The participant's consent (under the data-sharing agreement)"
    LEGAL_GATEWAY = "legal_gateway", "Legal gateway"
    RIGHT_OF_ACCESS = "right_of_access", "The person's own request (right of access, Art 15)"


class Delivery(models.TextChoices):
    EMAIL = "email", "By email from Casework"
    DOWNLOAD = "download", "Handed over as a download"
    RECORDED = "recorded", "Shared outside Casework (by phone or in person) and recorded here"


class DisclosureStatus(models.TextChoices):
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    NOT_SENT = "not_sent", "Not sent: the email failed"
    HANDED_OVER = "handed_over", "Handed over"
    RECORDED = "recorded", "Recorded"


class Disclosure(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="disclosures"
    )
    register_version = models.ForeignKey(
        "register.RegisterVersion", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=DisclosureKind.choices)
    participants = models.ManyToManyField(Participant, related_name="disclosures")
    participant_count = models.PositiveIntegerField()
    # The recipient as the register declared it at that moment, and the named organisation.
    recipient_key = models.CharField(max_length=80)
    recipient_type = models.CharField(max_length=40)
    recipient_description = models.TextField()
    recipient_name = models.CharField("named organisation", max_length=200, blank=True)
    recipient_email = models.EmailField(blank=True)
    purpose = models.CharField("purpose key", max_length=80)
    basis = models.CharField(max_length=16, choices=Basis.choices)
    agreement_reference = models.CharField(max_length=120, blank=True)
    legal_gateway = models.TextField(blank=True)
    consent_decision = models.ForeignKey(
        "consents.ConsentDecision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    request_reference = models.CharField(max_length=120, blank=True)
    # Made while the record was restricted, as Art 18(2) allows (safeguarding, legal claims).
    despite_restriction = models.BooleanField(default=False)
    categories = models.JSONField(default=list)
    fields = models.JSONField(default=list)
    document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disclosures",
    )
    content_sha256 = models.CharField(max_length=64)
    content_size = models.PositiveIntegerField(default=0)
    # Each attachment's SHA-256, size and type (never its name, which may name the person).
    attachments = models.JSONField(default=list, blank=True)
    delivery = models.CharField(max_length=16, choices=Delivery.choices)
    status = models.CharField(max_length=16, choices=DisclosureStatus.choices)
    failure = models.CharField(max_length=200, blank=True)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    disclosed_at = models.DateTimeField()

    class Meta:
        ordering = ["-disclosed_at", "-id"]
        indexes = [
            models.Index(fields=["programme", "disclosed_at"]),
            models.Index(fields=["programme", "recipient_key", "disclosed_at"]),
            models.Index(fields=["programme", "agreement_reference", "disclosed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient_name or self.recipient_key}"

    @property
    def field_labels(self) -> list[str]:
        from casework.disclosures.rules import field_label

        return [field_label(reference) for reference in self.fields]

    @property
    def left(self) -> bool:
        """Whether the data actually left (not an email that failed)."""
        return self.status != DisclosureStatus.NOT_SENT


class SafeguardingReason(models.TextChoices):
    SAFEGUARDING = "safeguarding", "To protect a child or an adult at risk"
    SERIOUS_RISK = "serious_risk", "A serious risk to the public, staff or other professionals"
    CRIME_PREVENTION = "crime_prevention", "To prevent or detect crime or fraud"


class InformDecision(models.TextChoices):
    TOLD = "told", "They have been told"
    WILL_TELL = "will_tell", "They will be told"
    NOT_YET = "not_yet", "Not yet: it is not safe to tell them now"


class SafeguardingStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", "Waiting for a second person's approval"
    DISCLOSED = "disclosed", "Disclosed"
    DECLINED = "declined", "Not approved: nothing was shared"
    REFUSED = "refused", "Refused by the disclosure checks: nothing was shared"


class SafeguardingDisclosure(models.Model):
    """The reasons for a disclosure without consent, as the notices promise: the risk and why it
    overrides the person's privacy, whether they were asked, what was shared with whom, who
    approved it (or why it could not wait), and whether and when they will be told."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="safeguarding_disclosures"
    )
    reason = models.CharField(max_length=24, choices=SafeguardingReason.choices)
    risk = EncryptedTextField()
    why_override = EncryptedTextField("why the risk is serious enough to override their privacy")
    asked_first = models.BooleanField()
    not_asked_reason = EncryptedTextField(blank=True)
    recipient_key = models.CharField(max_length=80)
    recipient_name = models.CharField("named organisation", max_length=200)
    recipient_email = models.EmailField(blank=True)
    fields = models.JSONField(default=list)
    what_was_shared = EncryptedTextField()
    delivery = models.CharField(max_length=16, choices=Delivery.choices)
    urgent = models.BooleanField(default=False)
    urgency_reason = EncryptedTextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=24, choices=SafeguardingStatus.choices)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    decision_note = EncryptedTextField(blank=True)
    inform = models.CharField(max_length=16, choices=InformDecision.choices)
    inform_on = models.DateField(null=True, blank=True)
    not_yet_reason = EncryptedTextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    reminded_for = models.DateField(null=True, blank=True)
    disclosure = models.OneToOneField(
        Disclosure,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="safeguarding",
    )

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.get_status_display()})"

    @property
    def field_labels(self) -> list[str]:
        from casework.disclosures.rules import field_label

        return [field_label(reference) for reference in self.fields]


class ExpiryWarning(models.Model):
    """That the DPOs of a programme were warned a data-sharing agreement expires soon (one per
    agreement and expiry date, so the daily job warns once)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    agreement_reference = models.CharField(max_length=120)
    expires_on = models.DateField()
    warned_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "agreement_reference", "expires_on"],
                name="one_expiry_warning_per_agreement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_reference} expires on {self.expires_on}"
