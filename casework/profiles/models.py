"""The participant's vocational profile: the first stage of the Supported Employment Quality
Framework ("engagement and vocational profiling"). What work they have done, what they have
learnt, what stands in the way, what support and benefits they already have, and what work they
want. Every field is declared in the processing register (casework/register/fields.py). Writes
go through casework.profiles.services; reads through casework.profiles.selectors.

Barriers to work are split by what they reveal: `barriers` holds the ones that are not special
category (transport, childcare...), `health_barriers` the ones that reveal health or disability
(special category, encrypted) and `criminal_record_barrier` a criminal record (criminal offence
data, encrypted). The free text about barriers may hold health details, so it is encrypted and
shown only to roles that may see special category data (docs/decisions/0050)."""

import uuid

from django.conf import settings
from django.db import models

from casework.core.fields import EncryptedTextField
from casework.participants.models import Participant

_STAFF = settings.AUTH_USER_MODEL


class Barrier(models.TextChoices):
    """Barriers to work that are not special category data."""

    TRANSPORT = "transport", "Transport"
    CHILDCARE = "childcare", "Childcare"
    CONFIDENCE = "confidence", "Confidence"
    HOUSING = "housing", "Housing"
    BASIC_SKILLS = "basic_skills", "Basic skills (reading, writing, numbers)"
    DIGITAL_SKILLS = "digital_skills", "Digital skills"
    LANGUAGE = "language", "English language"
    CARING = "caring", "Caring responsibilities"
    DEBT = "debt", "Debt or money worries"
    WORK_HISTORY = "work_history", "Gaps in work history"


class HealthBarrier(models.TextChoices):
    """Barriers that reveal health or disability: special category data (UK GDPR Art 9)."""

    HEALTH_CONDITION = "health_condition", "A health condition"
    DISABILITY = "disability", "Disability"
    SUBSTANCE_MISUSE = "substance_misuse", "Drug or alcohol use"


class Benefit(models.TextChoices):
    UNIVERSAL_CREDIT = "universal_credit", "Universal Credit"
    ESA = "esa", "Employment and Support Allowance (ESA)"
    PIP = "pip", "Personal Independence Payment (PIP)"
    JSA = "jsa", "Jobseeker's Allowance (JSA)"
    HOUSING_BENEFIT = "housing_benefit", "Housing Benefit"
    CARERS_ALLOWANCE = "carers_allowance", "Carer's Allowance"
    INCOME_SUPPORT = "income_support", "Income Support"
    OTHER = "other", "Another benefit"
    NONE = "none", "None"
    NOT_SAID = "not_said", "Prefers not to say"


# Answers that exclude every other benefit.
EXCLUSIVE_BENEFITS = (Benefit.NONE, Benefit.NOT_SAID)


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SAID = "not_said", "Prefers not to say"


class TravelDistance(models.TextChoices):
    HOME = "home", "Work from home only"
    ONE_MILE = "1", "Up to 1 mile"
    FIVE_MILES = "5", "Up to 5 miles"
    TEN_MILES = "10", "Up to 10 miles"
    TWENTY_MILES = "20", "Up to 20 miles"
    FURTHER = "further", "More than 20 miles"


class VocationalProfile(models.Model):
    """One per participant, created the first time any part of it is saved."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="vocational_profile"
    )
    # Barriers to work (see the module docstring for the split).
    barriers = models.JSONField("barriers to work", default=list, blank=True)
    health_barriers = EncryptedTextField(
        "health and disability barriers", blank=True, help_text="JSON list of HealthBarrier keys"
    )
    criminal_record_barrier = EncryptedTextField(
        "a criminal record is a barrier", blank=True, choices=YesNo.choices
    )
    barriers_detail = EncryptedTextField("more about barriers", blank=True)
    # Support and circumstances.
    support_received = EncryptedTextField("support services already received", blank=True)
    caring_responsibilities = models.CharField(
        "parental or caring responsibilities", max_length=16, choices=YesNo.choices, blank=True
    )
    caring_detail = EncryptedTextField("about their caring responsibilities", blank=True)
    benefits = models.JSONField("benefits received", default=list, blank=True)
    # Job goals.
    work_wanted = models.CharField("kinds of work wanted", max_length=500, blank=True)
    hours_wanted = models.PositiveSmallIntegerField("hours wanted per week", null=True, blank=True)
    travel_distance = models.CharField(
        "how far they can travel", max_length=16, choices=TravelDistance.choices, blank=True
    )
    updated_by = models.ForeignKey(_STAFF, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Vocational profile of participant {self.participant_id}"


class ReasonLeft(models.TextChoices):
    # No "health reasons": that would make every reason special category. Health belongs in
    # the health barriers, which only roles that may see it can read.
    CONTRACT_ENDED = "contract_ended", "Contract or temporary work ended"
    RESIGNED = "resigned", "Chose to leave"
    DISMISSED = "dismissed", "Dismissed"
    REDUNDANT = "redundant", "Made redundant"
    MOVED = "moved", "Moved home"
    CARING = "caring", "Caring responsibilities"
    OTHER = "other", "Another reason"


class EmploymentHistoryEntry(models.Model):
    """A job the participant did before (or still does, without an end). Months, not days:
    people remember when a job started, rarely the day. Stored as the first of the month."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="employment_history"
    )
    employer = models.CharField("employer", max_length=200)
    role = models.CharField("role", max_length=200)
    started_on = models.DateField("started")
    ended_on = models.DateField("left", null=True, blank=True)
    hours_per_week = models.DecimalField(
        "hours per week", max_digits=4, decimal_places=1, null=True, blank=True
    )
    reason_left = models.CharField(
        "reason for leaving", max_length=16, choices=ReasonLeft.choices, blank=True
    )
    recorded_by = models.ForeignKey(_STAFF, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-recorded_at"]
        verbose_name_plural = "employment history entries"

    def __str__(self) -> str:
        return f"{self.role} at {self.employer}"


class QualificationLevel(models.TextChoices):
    ENTRY = "entry", "Entry level"
    L1 = "1", "Level 1"
    L2 = "2", "Level 2 (like GCSEs at grades 9 to 4)"
    L3 = "3", "Level 3 (like A levels)"
    L4 = "4", "Level 4"
    L5 = "5", "Level 5"
    L6 = "6", "Level 6 (like a degree)"
    L7 = "7", "Level 7 (like a master's degree)"
    L8 = "8", "Level 8 (like a doctorate)"
    NONE = "none", "No formal level"
    UNKNOWN = "unknown", "Not known"


class Qualification(models.Model):
    """A qualification or course: achieved in a year, or in progress."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="qualifications"
    )
    title = models.CharField("qualification or course", max_length=200)
    level = models.CharField("level", max_length=8, choices=QualificationLevel.choices)
    institution = models.CharField("where they studied", max_length=200, blank=True)
    year_achieved = models.PositiveSmallIntegerField("year achieved", null=True, blank=True)
    in_progress = models.BooleanField("in progress", default=False)
    recorded_by = models.ForeignKey(_STAFF, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-in_progress", "-year_achieved", "-recorded_at"]

    def __str__(self) -> str:
        return self.title
