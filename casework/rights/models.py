"""The rights casework: a restriction of processing (UK GDPR Art 18) and an objection to a
purpose (Art 21), which the disclosure gate reads; rectification with its history (Art 16); and
the register of rights requests (Art 15-22) with their clock, pauses, identity checks and
decisions. Writes go through casework.rights.services, .rectification and .requests."""

import uuid

from django.conf import settings
from django.db import models

from casework.core.fields import EncryptedTextField
from casework.participants.models import Participant
from casework.programmes.models import Programme
from casework.rights.clock import PauseReason


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


# --- The register of rights requests (issue 13) -------------------------------------------------

NO_CONTACT_ROUTE = "Enter an email address, a phone number or a postal address, so we can reply"


class RequestKind(models.TextChoices):
    ACCESS = "access", "Access: a copy of their data (Article 15)"
    RECTIFICATION = "rectification", "Rectification: correct their data (Article 16)"
    ERASURE = "erasure", "Erasure: delete their data (Article 17)"
    RESTRICTION = "restriction", "Restriction: stop using their data for now (Article 18)"
    PORTABILITY = "portability", "Portability: their data in a format to move (Article 20)"
    OBJECTION = "objection", "Objection to a use of their data (Article 21(1))"
    AUTOMATED_DECISION = (
        "automated_decision",
        "Review of a decision made by automated means (Article 22)",
    )
    CONSENT_WITHDRAWAL = "consent_withdrawal", "Withdrawal of consent (Article 7(3))"
    MARKETING_OBJECTION = "marketing_objection", "Objection to direct marketing (Article 21(2))"

    @property
    def asked_for(self) -> str:
        """What the person asked for, in a letter to them."""
        return {
            "access": "a copy of your personal information (Article 15)",
            "rectification": "your information to be corrected (Article 16)",
            "erasure": "your information to be deleted (Article 17)",
            "restriction": "us to stop using your information for now (Article 18)",
            "portability": "your information in a format you can move (Article 20)",
            "objection": "us to stop using your information for a purpose (Article 21)",
            "automated_decision": "a person to review an automated decision (Article 22)",
            "consent_withdrawal": "to withdraw your consent (Article 7(3))",
            "marketing_objection": "us to stop sending you direct marketing (Article 21(2))",
        }[self.value]

    @property
    def right_key(self) -> str:
        """The right of the register's rights table (casework.register.law.RIGHTS) it uses."""
        return {
            "automated_decision": "automated_decisions",
            "consent_withdrawal": "consent",
            "marketing_objection": "marketing",
        }.get(self.value, self.value)


class RequestChannel(models.TextChoices):
    PUBLIC_PAGE = "public_page", "The public \u201cask about your data\u201d page"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    PHONE = "phone", "Telephone"
    IN_PERSON = "in_person", "In person"
    SOCIAL_MEDIA = "social_media", "Social media or another channel"


STAFF_RECORDED_CHANNELS = [c for c in RequestChannel if c != RequestChannel.PUBLIC_PAGE]


class Requester(models.TextChoices):
    SELF = "self", "The person the data is about"
    REPRESENTATIVE = "representative", "Someone acting for them"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    DECIDED = "decided", "Decided"


class Decision(models.TextChoices):
    IN_FULL = "in_full", "Granted in full"
    IN_PART = "in_part", "Granted in part"
    REFUSED = "refused", "Refused"


class RightsRequest(models.Model):
    """A request by a person (or someone acting for them) to use one of their rights. Received
    on the public page or recorded by the DPO; matched to a participant, identity verified,
    answered within the statutory clock (casework/rights/clock.py) by the responsible
    controller."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="rights_requests"
    )
    # Random, given to the requester on the confirmation page and in every letter.
    reference = models.CharField(max_length=16, unique=True, editable=False)
    kind = models.CharField(max_length=24, choices=RequestKind.choices)
    channel = models.CharField(max_length=16, choices=RequestChannel.choices)
    received_on = models.DateField(help_text="The clock counts whole days from this day")

    requester = models.CharField(max_length=16, choices=Requester.choices, default=Requester.SELF)
    requester_name = EncryptedTextField("name of the person asking")
    person_name = EncryptedTextField("name of the person the data is about", blank=True)
    authority_evidence = EncryptedTextField("evidence of authority to act for them", blank=True)
    email = EncryptedTextField("email address", blank=True)
    phone = EncryptedTextField("phone number", blank=True)
    postal_address = EncryptedTextField("postal address", blank=True)
    details = EncryptedTextField("what they ask for")

    # Set by the DPO, never by the public page (which must not reveal whether the person is
    # known). Cleared when the participant's record is disposed of; the request stays.
    participant = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rights_requests",
    )
    # The controller who answers: an organisation named in the programme's register.
    controller = models.CharField(max_length=200)

    status = models.CharField(
        max_length=16, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    # Worked out by the clock from received_on, pauses and the extension; None while paused.
    due_on = models.DateField(null=True, blank=True)
    extended_on = models.DateField(null=True, blank=True)
    extension_reason = EncryptedTextField("why the request is complex or numerous", blank=True)
    extension_told_how = models.CharField(max_length=16, blank=True)

    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True)
    decision_reasons = EncryptedTextField("reasons for the decision", blank=True)
    exemption = models.CharField(max_length=40, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "received_on"]
        indexes = [
            models.Index(fields=["programme", "status", "due_on"]),
            models.Index(fields=["participant", "status"]),
        ]

    def __str__(self) -> str:
        return f"Rights request {self.reference}"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due_on is not None and today > self.due_on


class RequestPause(models.Model):
    """Waiting for the requester (Art 12A): from the day asked to the day the answer came."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(max_length=16, choices=[(r.value, r.label) for r in PauseReason])
    note = EncryptedTextField("what was asked for")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} from {self.started_on:%d/%m/%Y}"


class IdentityMethod(models.TextChoices):
    DOCUMENT_SEEN = "document_seen", "An identity document was seen"
    KNOWN_TO_CASEWORKER = "known_to_caseworker", "A caseworker knows the person"
    DETAILS_MATCH = "details_match", "Details only the person would know matched the record"
    REPRESENTATIVE_AUTHORITY = (
        "representative_authority",
        "The representative's authority and the person's identity were checked",
    )


class IdentityCheck(models.Model):
    """How the requester's identity was verified, by whom, what was seen, when. Nothing is
    disclosed on a request before one exists (identity_verified)."""

    request = models.ForeignKey(
        RightsRequest, on_delete=models.CASCADE, related_name="identity_checks"
    )
    method = models.CharField(max_length=32, choices=IdentityMethod.choices)
    what_was_seen = EncryptedTextField("what was seen or checked")
    checked_on = models.DateField()
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["checked_on", "recorded_at"]

    def __str__(self) -> str:
        return f"Identity check on {self.checked_on:%d/%m/%Y}"


class StepKind(models.TextChoices):
    RECEIVED = "received", "Request received"
    MATCHED = "matched", "Matched to a participant"
    IDENTITY = "identity", "Identity verified"
    PAUSED = "paused", "Clock paused"
    RESUMED = "resumed", "Clock resumed"
    EXTENDED = "extended", "Deadline extended"
    TRANSFERRED = "transferred", "Transferred to another controller"
    DECIDED = "decided", "Decided"
    CARRIED_OUT = "carried_out", "Carried out"


class RequestStep(models.Model):
    """The request's timeline: each step, when, by whom, with what was said."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=16, choices=StepKind.choices)
    note = EncryptedTextField(blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.request})"


class RequestReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"


class RequestReminder(models.Model):
    """A reminder the worker sent the DPOs, once per request, kind and deadline."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=RequestReminderKind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "due_on"], name="one_request_reminder_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.request}"
