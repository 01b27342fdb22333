import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper

from casework.core.fields import EncryptedTextField
from casework.participants.validators import (
    validate_date_of_birth,
    validate_nino,
    validate_postcode,
)
from casework.programmes.models import Area, Organisation, Programme


class Status(models.TextChoices):
    REFERRED = "referred", "Referred"
    ENROLLED = "enrolled", "Enrolled"
    IN_WORK = "in_work", "In work"
    EXITED = "exited", "Exited"


class ExitReason(models.TextChoices):
    COMPLETED = "completed", "Completed their support"
    MOVED_AWAY = "moved_away", "Moved away from the area"
    WITHDREW = "withdrew", "Chose to leave the programme"
    TWELVE_MONTHS = "twelve_months", "12 months of support reached"
    OTHER = "other", "Another reason"


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    ANOTHER = "another", "In another way"
    NOT_SAID = "not_said", "Prefers not to say"


class Disability(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SAID = "not_said", "Prefers not to say"


class Participant(models.Model):
    """A person supported by a programme. Every field is declared in the processing register
    (casework/register/fields.py). Writes go through casework.participants.services; reads of
    personal data through casework.participants.selectors."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="participants")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="participants")
    responsible_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participants"
    )
    assigned_specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
    )

    first_name = models.CharField("first name", max_length=100)
    last_name = models.CharField("last name", max_length=100)
    preferred_name = models.CharField("preferred name", max_length=100, blank=True)
    # Optional: a programme that does not collect them (its register says so) leaves them empty.
    date_of_birth = models.DateField(
        "date of birth", null=True, blank=True, validators=[validate_date_of_birth]
    )
    gender = models.CharField(max_length=16, choices=Gender.choices, blank=True)
    email = models.EmailField("email address", blank=True)
    phone = models.CharField("phone number", max_length=30, blank=True)
    address_line_1 = models.CharField("address line 1", max_length=200)
    address_line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=8, validators=[validate_postcode])
    national_insurance_number = EncryptedTextField(
        "National Insurance number", blank=True, validators=[validate_nino]
    )
    nino_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    local_authority_identifier = models.CharField(
        "local authority identifier", max_length=50, blank=True
    )

    # Special category (Art 9) and criminal offence (Art 10) data: encrypted at rest, and shown,
    # serialised and accepted only for roles with `view special category data`.
    health_conditions = EncryptedTextField("health conditions and disability", blank=True)
    disability = EncryptedTextField(
        "considers themselves disabled", blank=True, choices=Disability.choices
    )
    ethnicity = EncryptedTextField("ethnicity", blank=True)
    religion_or_belief = EncryptedTextField("religion or belief", blank=True)
    sexual_orientation = EncryptedTextField("sexual orientation", blank=True)
    offending_history = EncryptedTextField("offending history", blank=True)

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REFERRED)
    referred_on = models.DateField("referred on")
    enrolled_on = models.DateField("enrolled on", null=True, blank=True)
    in_work_on = models.DateField("in work from", null=True, blank=True)
    exited_on = models.DateField("exited on", null=True, blank=True)
    # Why the participant last exited; cleared on re-engagement (the history keeps every exit).
    exit_reason = models.CharField(
        "reason for leaving", max_length=16, choices=ExitReason.choices, blank=True
    )
    exit_reason_detail = models.CharField("other reason", max_length=200, blank=True)
    next_contact_on = models.DateField("next contact", null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "nino_index"],
                condition=~Q(nino_index=""),
                name="one_participant_per_nino_per_programme",
            )
        ]
        indexes = [
            models.Index(fields=["assigned_specialist", "next_contact_on"]),
            models.Index(fields=["programme", "area"]),
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["date_of_birth"]),
            # People on the programme today, by partner: an index-only count (reports).
            models.Index(fields=["programme", "status", "responsible_organisation"]),
            # The reports' live count: people added since the figures were counted (0190).
            models.Index(fields=["created_at"]),
            # "The same person" (referrals' possible duplicates): last name ignoring case, and
            # date of birth (the trigram index answers the equality too, but reads ~1,000 rows).
            models.Index(Upper("last_name"), "date_of_birth", name="participant_same_person"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.first_name:
            return f"{self.preferred_name} {self.last_name}"
        return self.full_name


class StatusChange(models.Model):
    """One move of a participant from one status to another, kept for the timeline and for
    retention rules anchored on the exit (a re-engaged participant keeps their earlier exits).
    Written only by casework.participants.services."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    on = models.DateField("date")
    exit_reason = models.CharField(max_length=16, choices=ExitReason.choices, blank=True)
    exit_reason_detail = models.CharField(max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "changed_at"]
        indexes = [
            models.Index(fields=["on"]),
            # The reports' live count: changes entered since the figures were counted (0190).
            models.Index(fields=["changed_at"]),
        ]

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        if self.to_status == Status.REFERRED:
            return "Referred"
        if self.to_status == Status.ENROLLED and self.from_status == Status.EXITED:
            return "Re-engaged"
        return {
            Status.ENROLLED: "Enrolled",
            Status.IN_WORK: "Moved into work",
            Status.EXITED: "Exited",
        }[self.to_status]

    @property
    def reason_text(self) -> str:
        if not self.exit_reason:
            return ""
        if self.exit_reason == ExitReason.OTHER and self.exit_reason_detail:
            return self.exit_reason_detail
        return self.get_exit_reason_display()
