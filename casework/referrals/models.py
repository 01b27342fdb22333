import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper

from casework.core.fields import EncryptedTextField
from casework.participants.models import Participant
from casework.participants.validators import (
    validate_date_of_birth,
    validate_nino,
    validate_postcode,
)
from casework.programmes.models import Area, Organisation, Programme


class Channel(models.TextChoices):
    """How the application was made (the notices' "how we collect your data")."""

    REFERRAL_PARTNER = "referral_partner", "Referral from a partner"
    EXPRESSION_OF_INTEREST = "expression_of_interest", "Expression of interest form"
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "Telephone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"


# A referral needs a way to reach the person: checked by the service (the API relies on it) and
# by the form, so it shows alongside the form's other messages.
NO_WAY_TO_CONTACT = "Enter an email address or a phone number, so we can get in touch"

STAFF_RECORDED_CHANNELS = (Channel.FACE_TO_FACE, Channel.PHONE, Channel.EMAIL, Channel.LETTER)


class Route(models.TextChoices):
    JOBCENTRE_PLUS = "jobcentre_plus", "Jobcentre Plus"
    HEALTH = "health", "GP or health service"
    SOCIAL_CARE = "social_care", "Social care"
    COUNCIL = "council", "Council service"
    VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary sector"
    SELF_REFERRAL = "self_referral", "Self-referral"


class AgreementHow(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    WRITING = "writing", "In writing or by email"
    ONLINE_FORM = "online_form", "On the online form"


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", "Waiting for a decision"
    ACCEPTED = "accepted", "Accepted: new participant"
    LINKED = "linked", "Linked to an existing participant"
    DECLINED = "declined", "Declined"


class Referral(models.Model):
    """A request for someone to join a programme: from a referral partner, from the person's own
    expression of interest, or a contact recorded by staff. Becomes (or is linked to) a
    participant when accepted. Writes go through casework.referrals.services."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="referrals")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="referrals")
    channel = models.CharField(max_length=32, choices=Channel.choices)
    route = models.CharField(max_length=32, choices=Route.choices)
    referring_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_made",
    )
    received_at = models.DateTimeField()

    first_name = models.CharField("first name", max_length=100)
    last_name = models.CharField("last name", max_length=100)
    date_of_birth = models.DateField("date of birth", validators=[validate_date_of_birth])
    email = models.EmailField("email address", blank=True)
    phone = models.CharField("phone number", max_length=30, blank=True)
    postcode = models.CharField(max_length=8, validators=[validate_postcode])
    national_insurance_number = EncryptedTextField(
        "National Insurance number", blank=True, validators=[validate_nino]
    )
    nino_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    # Why they are referred and what support they need: may describe health, so encrypted.
    support_needs = EncryptedTextField("reason for referral and support needs", blank=True)

    agreement_how = models.CharField(
        "how the person agreed to the referral", max_length=16, choices=AgreementHow.choices
    )
    agreement_recorded_at = models.DateTimeField()

    status = models.CharField(
        max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.RECEIVED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referral_decisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["programme", "status", "area"]),
            models.Index(fields=["referred_by", "received_at"]),
            models.Index(fields=["last_name", "date_of_birth"]),
            models.Index(fields=["received_at"]),  # the reports' live count (decision 0176)
            # The inbox: waiting referrals, oldest first (at 500,000 the received_at index alone
            # read 340,000 decided referrals to find 50 waiting).
            models.Index(fields=["status", "received_at"]),
            # Another waiting referral of the same person (last name ignoring case, birth date).
            models.Index(Upper("last_name"), "date_of_birth", name="referral_same_person"),
            # Another waiting referral with the same National Insurance number. Most referrals
            # come without one: over every value, PostgreSQL guessed a number matches many rows
            # and read all the programme's waiting referrals for each one on the page instead
            # (at 10,000: 184 rows a referral, 18 of the inbox's 22 ms in the database).
            models.Index(
                fields=["nino_index"],
                name="referral_nino_known",
                condition=~models.Q(nino_index=""),
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def status_for_referrer(self) -> str:
        """The status as whoever sent it sees it: linking to an existing participant reads as
        accepted, since "linked" would tell them the person was already known (issue 9.1)."""
        return ReferralStatus.ACCEPTED if self.status == ReferralStatus.LINKED else self.status

    def get_status_for_referrer_display(self) -> str:
        if self.status_for_referrer == ReferralStatus.ACCEPTED:
            return "Accepted"
        return ReferralStatus(self.status_for_referrer).label

    @property
    def reference(self) -> str:
        """The reference a person is given when they send the form: part of the random id, so
        it reveals nothing about how many others have applied (like "7F3A-91C2")."""
        code = self.id.hex[:8].upper()
        return f"{code[:4]}-{code[4:]}"
