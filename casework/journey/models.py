"""The participant journey: support (action plan, appointments, case notes) and work (jobs,
in-work support, volunteering and work experience, sustainment milestones). Every field is
declared in the processing register (casework/register/fields.py). Writes go through
casework.journey.services; reads through casework.journey.selectors."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from casework.core.fields import EncryptedTextField
from casework.participants.models import Participant

_STAFF = settings.AUTH_USER_MODEL


class EmploymentType(models.TextChoices):
    EMPLOYED = "employed", "Employed"
    SELF_EMPLOYED = "self_employed", "Self-employed"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"


class JobEndReason(models.TextChoices):
    CONTRACT_ENDED = "contract_ended", "Contract or temporary work ended"
    RESIGNED = "resigned", "Left the job"
    DISMISSED = "dismissed", "Dismissed"
    REDUNDANT = "redundant", "Made redundant"
    HEALTH = "health", "Health reasons"
    NEW_JOB = "new_job", "Moved to another job"
    OTHER = "other", "Another reason"


class Job(models.Model):
    """A paid job the participant started: one spell from start to (possibly) end. Only these
    count towards sustainment milestones."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="jobs")
    employer = models.CharField("employer", max_length=200)
    job_title = models.CharField("job title", max_length=200)
    employment_type = models.CharField(
        "type of work", max_length=16, choices=EmploymentType.choices
    )
    hours_per_week = models.DecimalField("hours per week", max_digits=5, decimal_places=2)
    hourly_pay = models.DecimalField("hourly pay", max_digits=6, decimal_places=2)
    started_on = models.DateField("start date")
    ended_on = models.DateField("end date", null=True, blank=True)
    end_reason = models.CharField(
        "reason the job ended", max_length=16, choices=JobEndReason.choices, blank=True
    )
    recorded_by = models.ForeignKey(_STAFF, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on", "recorded_at"]
        indexes = [
            models.Index(fields=["participant", "ended_on"]),
            # The reports' live count of the days not yet kept (docs/decisions/0176).
            models.Index(fields=["started_on"]),
            # The reports' live count: jobs entered since the figures were counted (0190).
            models.Index(fields=["recorded_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} at {self.employer}"


class PlacementKind(models.TextChoices):
    VOLUNTEERING = "volunteering", "Volunteering"
    WORK_EXPERIENCE = "work_experience", "Work experience"


class WorkPlacement(models.Model):
    """Volunteering or work experience: recorded, never counted as a job outcome (kept in its
    own table so no outcome query can pick it up by mistake)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="work_placements"
    )
    kind = models.CharField("kind", max_length=16, choices=PlacementKind.choices)
    organisation = models.CharField("organisation", max_length=200)
    role = models.CharField("role", max_length=200, blank=True)
    hours_per_week = models.DecimalField("hours per week", max_digits=5, decimal_places=2)
    started_on = models.DateField("start date")
    ended_on = models.DateField("end date", null=True, blank=True)
    recorded_by = models.ForeignKey(_STAFF, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.organisation}"


class ContactChannel(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video call"
    EMAIL = "email", "Email or message"


class InWorkSupportContact(models.Model):
    """Support given to a participant (or their employer) while they are in a job."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="support_contacts")
    contacted_on = models.DateField("date of contact")
    channel = models.CharField("how", max_length=16, choices=ContactChannel.choices)
    with_employer = models.BooleanField("with the employer", default=False)
    summary = EncryptedTextField("summary")
    recorded_by = models.ForeignKey(_STAFF, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contacted_on"]

    def __str__(self) -> str:
        return f"In-work support on {self.contacted_on}"


class Milestone(models.Model):
    """A sustainment milestone recorded as achieved, with the evidence it was computed from."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="milestones"
    )
    outcome_key = models.CharField(max_length=64)
    label = models.CharField(max_length=200)
    achieved_on = models.DateField("achieved on")
    jobs = models.ManyToManyField(Job, related_name="milestones")
    evidence = models.JSONField()
    recorded_by = models.ForeignKey(_STAFF, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["achieved_on"]
        indexes = [
            models.Index(fields=["achieved_on"]),
            models.Index(fields=["recorded_at"]),  # the reports' live count (decision 0190)
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "outcome_key"], name="one_milestone_of_each_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} on {self.achieved_on}"


class Goal(models.Model):
    """A goal in the participant's action plan. Free text, so encrypted like a case note."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="goals")
    description = EncryptedTextField("goal")
    achieved_on = models.DateField("achieved on", null=True, blank=True)
    created_by = models.ForeignKey(_STAFF, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.description


class ActionStep(models.Model):
    """A step towards a goal, with a due date. Overdue when due before today and not done."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    # Denormalised from the goal so the caseload counts overdue steps in one query.
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="action_steps"
    )
    description = EncryptedTextField("step")
    due_on = models.DateField("due date")
    completed_on = models.DateField("completed on", null=True, blank=True)
    created_by = models.ForeignKey(_STAFF, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["participant", "completed_on", "due_on"])]

    def __str__(self) -> str:
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.completed_on is None and self.due_on < timezone.localdate()


class AppointmentKind(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video call"
    HOME_VISIT = "home_visit", "Home visit"
    EMPLOYER_VISIT = "employer_visit", "With an employer"


class Attendance(models.TextChoices):
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    CANCELLED_BY_PARTICIPANT = "cancelled_by_participant", "Cancelled by the participant"
    CANCELLED_BY_STAFF = "cancelled_by_staff", "Cancelled by staff"


class Appointment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="appointments"
    )
    starts_at = models.DateTimeField("date and time")
    kind = models.CharField("kind of appointment", max_length=16, choices=AppointmentKind.choices)
    attendance = models.CharField(max_length=32, choices=Attendance.choices, blank=True)
    attendance_recorded_by = models.ForeignKey(
        _STAFF, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(_STAFF, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["participant", "attendance", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} appointment at {self.starts_at:%Y-%m-%d %H:%M}"


class CaseNote(models.Model):
    """Free text about the participant. Append-only: a correction is a new note that names the
    note it corrects. The text may hold special category data, so it is encrypted at rest."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="case_notes"
    )
    text = EncryptedTextField("note")
    contains_third_party_information = models.BooleanField(
        "contains third-party information", default=False
    )
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    author = models.ForeignKey(_STAFF, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Case note of {self.created_at:%Y-%m-%d %H:%M}"
