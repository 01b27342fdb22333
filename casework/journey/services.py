"""Every write to a participant's journey. Keyword-only and atomic: each function checks the
actor may do it (permissions_seam), validates the whole change, saves all of it or nothing, and
audits it once (audit_seam). Errors are ValidationErrors keyed by field name."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.journey.audit_seam import _audit
from casework.journey.models import (
    ActionStep,
    Appointment,
    AppointmentKind,
    Attendance,
    CaseNote,
    ContactChannel,
    EmploymentType,
    Goal,
    InWorkSupportContact,
    Job,
    JobEndReason,
    Milestone,
    PlacementKind,
    WorkPlacement,
)
from casework.journey.outcomes import MilestoneEvidence, achieved_milestones, job_spells
from casework.journey.permissions_seam import require_permission
from casework.journey.programme_rules import rules_for
from casework.participants import services as participant_services
from casework.participants.models import Participant, Status
from casework.register.selectors import offers_support, uncollected_errors


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _require_open_case(participant: Participant, errors, field: str, what: str) -> None:
    if participant.status == Status.EXITED:
        _add(errors, field, f"{participant.display_name} has exited: re-engage them to {what}")


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


# ---- Work -----------------------------------------------------------------------------------


def _job_errors(
    *,
    participant: Participant,
    hours_per_week: Decimal,
    hourly_pay: Decimal | None,
    started_on: datetime.date,
    ended_on: datetime.date | None,
) -> dict[str, list[str]]:
    """The range and date checks shared by jobs and placements, with the programme's limits."""
    limits = rules_for(participant.programme).job_limits
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not limits.min_hours_per_week < hours_per_week <= limits.max_hours_per_week:
        _add(
            errors,
            "hours_per_week",
            f"Hours per week must be more than {limits.min_hours_per_week:g} and no more than "
            f"{limits.max_hours_per_week:g}",
        )
    if hourly_pay is not None and not (
        limits.min_hourly_pay <= hourly_pay <= limits.max_hourly_pay
    ):
        _add(
            errors,
            "hourly_pay",
            f"Hourly pay must be between {_money(limits.min_hourly_pay)} and "
            f"{_money(limits.max_hourly_pay)}",
        )
    latest_start = today + datetime.timedelta(days=limits.max_days_ahead)
    if started_on > latest_start:
        _add(
            errors,
            "started_on",
            f"The start date must be no more than {limits.max_days_ahead} days from today",
        )
    if ended_on is not None:
        if ended_on < started_on:
            _add(errors, "ended_on", "The end date must be the same as or after the start date")
        elif ended_on > today:
            _add(errors, "ended_on", "The end date must be today or in the past")
    return errors


@transaction.atomic
def record_job_start(
    *,
    actor,
    participant: Participant,
    employer: str,
    job_title: str,
    employment_type: str,
    hours_per_week: Decimal,
    hourly_pay: Decimal,
    started_on: datetime.date,
) -> Job:
    """Records a paid job. An enrolled participant whose job has started moves to 'in work'."""
    require_permission(actor, "journey.job.record", participant.programme)
    errors = _job_errors(
        participant=participant,
        hours_per_week=hours_per_week,
        hourly_pay=hourly_pay,
        started_on=started_on,
        ended_on=None,
    )
    _require_open_case(participant, errors, "started_on", "record a job")
    errors.update(
        uncollected_errors(
            participant.programme,
            "journey.Job",
            {"employer": employer, "job_title": job_title, "started_on": started_on},
        )
    )
    if employment_type not in EmploymentType.values:
        _add(errors, "employment_type", "Select the type of work")
    for name, value in (("employer", employer), ("job_title", job_title)):
        if not (value or "").strip():
            _add(errors, name, f"Enter the {Job._meta.get_field(name).verbose_name}")
    _raise_if(errors)
    job = Job(
        participant=participant,
        employer=employer.strip(),
        job_title=job_title.strip(),
        employment_type=employment_type,
        hours_per_week=hours_per_week,
        hourly_pay=hourly_pay,
        started_on=started_on,
        recorded_by=actor,
    )
    job.full_clean()
    job.save()
    _audit(
        actor,
        "journey.job.start",
        participant,
        ["employer", "job_title", "employment_type", "hours_per_week", "hourly_pay", "started_on"],
    )
    if participant.status == Status.ENROLLED and started_on <= timezone.localdate():
        participant_services.change_status(
            actor=actor, participant=participant, to=Status.IN_WORK, on=started_on
        )
    return job


@transaction.atomic
def record_job_end(*, actor, job: Job, ended_on: datetime.date, end_reason: str) -> Job:
    participant = job.participant
    require_permission(actor, "journey.job.record", participant.programme)
    errors = _job_errors(
        participant=participant,
        hours_per_week=job.hours_per_week,
        hourly_pay=None,
        started_on=job.started_on,
        ended_on=ended_on,
    )
    if job.ended_on is not None:
        _add(errors, "ended_on", f"This job already ended on {job.ended_on:%-d %B %Y}")
    if end_reason not in JobEndReason.values:
        _add(errors, "end_reason", "Select why the job ended")
    _raise_if(errors)
    job.ended_on = ended_on
    job.end_reason = end_reason
    job.save(update_fields=["ended_on", "end_reason"])
    _audit(actor, "journey.job.end", participant, ["ended_on", "end_reason"])
    return job


@transaction.atomic
def record_in_work_support(
    *,
    actor,
    job: Job,
    contacted_on: datetime.date,
    channel: str,
    summary: str,
    with_employer: bool = False,
) -> InWorkSupportContact:
    participant = job.participant
    require_permission(actor, "journey.in_work_support.record", participant.programme)
    errors: dict[str, list[str]] = {}
    if contacted_on > timezone.localdate():
        _add(errors, "contacted_on", "The date of contact must be today or in the past")
    if contacted_on < job.started_on or (job.ended_on and contacted_on > job.ended_on):
        _add(errors, "contacted_on", "In-work support must be given while the job lasted")
    if channel not in ContactChannel.values:
        _add(errors, "channel", "Select how the contact happened")
    if not (summary or "").strip():
        _add(errors, "summary", "Enter a summary of the support given")
    errors.update(
        uncollected_errors(
            participant.programme,
            "journey.InWorkSupportContact",
            {"summary": (summary or "").strip(), "contacted_on": contacted_on},
        )
    )
    _raise_if(errors)
    contact = InWorkSupportContact.objects.create(
        job=job,
        contacted_on=contacted_on,
        channel=channel,
        with_employer=with_employer,
        summary=summary.strip(),
        recorded_by=actor,
    )
    _audit(
        actor,
        "journey.in_work_support.record",
        participant,
        ["contacted_on", "channel", "with_employer", "summary"],
    )
    return contact


@transaction.atomic
def record_work_placement(
    *,
    actor,
    participant: Participant,
    kind: str,
    organisation: str,
    hours_per_week: Decimal,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    role: str = "",
) -> WorkPlacement:
    """Volunteering or work experience: recorded, never a job outcome."""
    require_permission(actor, "journey.work_placement.record", participant.programme)
    errors = _job_errors(
        participant=participant,
        hours_per_week=hours_per_week,
        hourly_pay=None,
        started_on=started_on,
        ended_on=ended_on,
    )
    _require_open_case(participant, errors, "started_on", "record a placement")
    if kind not in PlacementKind.values:
        _add(errors, "kind", "Select volunteering or work experience")
    elif not offers_support(participant.programme, "volunteering_and_work_experience"):
        _add(
            errors,
            "kind",
            f"{participant.programme.name} does not offer volunteering or work experience: "
            "its programme file does not list it among the support it offers",
        )
    if not (organisation or "").strip():
        _add(errors, "organisation", "Enter the organisation")
    errors.update(
        uncollected_errors(
            participant.programme,
            "journey.WorkPlacement",
            {"organisation": organisation, "kind": kind, "started_on": started_on},
        )
    )
    _raise_if(errors)
    placement = WorkPlacement.objects.create(
        participant=participant,
        kind=kind,
        organisation=organisation.strip(),
        role=(role or "").strip(),
        hours_per_week=hours_per_week,
        started_on=started_on,
        ended_on=ended_on,
        recorded_by=actor,
    )
    _audit(
        actor,
        "journey.work_placement.record",
        participant,
        ["kind", "organisation", "role", "hours_per_week", "started_on", "ended_on"],
    )
    return placement


def milestones_achieved_by(
    participant: Participant, *, as_of: datetime.date, jobs=None
) -> dict[str, MilestoneEvidence]:
    """What the participant's jobs achieve by `as_of` under their programme's definitions."""
    jobs = participant.jobs.all() if jobs is None else jobs
    return achieved_milestones(
        job_spells(jobs),
        rules_for(participant.programme).outcome_definitions,
        as_of=as_of,
    )


@transaction.atomic
def record_milestone(
    *, actor, participant: Participant, outcome_key: str, as_of: datetime.date | None = None
) -> Milestone:
    """Records a sustainment milestone as achieved, with the evidence computed from the jobs.
    Refused if the jobs do not achieve it or it is already recorded."""
    require_permission(actor, "journey.milestone.record", participant.programme)
    definitions = {d.key: d for d in rules_for(participant.programme).outcome_definitions}
    if outcome_key not in definitions:
        raise ValidationError({"outcome_key": ["This programme has no such outcome"]})
    if participant.milestones.filter(outcome_key=outcome_key).exists():
        raise ValidationError(
            {"outcome_key": [f"{definitions[outcome_key].label} is already recorded"]}
        )
    jobs = list(participant.jobs.all())
    evidence = milestones_achieved_by(
        participant, as_of=as_of or timezone.localdate(), jobs=jobs
    ).get(outcome_key)
    if evidence is None:
        raise ValidationError(
            {
                "outcome_key": [
                    f"The jobs recorded do not yet reach {definitions[outcome_key].label.lower()}"
                ]
            }
        )
    milestone = Milestone.objects.create(
        participant=participant,
        outcome_key=outcome_key,
        label=evidence.label,
        achieved_on=evidence.achieved_on,
        evidence=evidence.as_json(),
        recorded_by=actor,
    )
    milestone.jobs.set([j for j in jobs if j.pk in evidence.job_ids])
    _audit(actor, "journey.milestone.record", participant, ["outcome_key", "achieved_on"])
    return milestone


def record_achieved_milestones(
    *, actor, participant: Participant, as_of: datetime.date | None = None
) -> list[Milestone]:
    """Records every milestone the jobs achieve that is not recorded yet."""
    recorded = set(participant.milestones.values_list("outcome_key", flat=True))
    achieved = milestones_achieved_by(participant, as_of=as_of or timezone.localdate())
    return [
        record_milestone(actor=actor, participant=participant, outcome_key=key, as_of=as_of)
        for key in achieved
        if key not in recorded
    ]


# ---- Support --------------------------------------------------------------------------------


def _require_text(errors, field: str, value: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        _add(errors, field, message)
    return text


@transaction.atomic
def add_goal(*, actor, participant: Participant, description: str) -> Goal:
    require_permission(actor, "journey.action_plan.change", participant.programme)
    errors: dict[str, list[str]] = {}
    description = _require_text(errors, "description", description, "Enter the goal")
    _require_open_case(participant, errors, "description", "change their action plan")
    errors.update(
        uncollected_errors(participant.programme, "journey.Goal", {"description": description})
    )
    _raise_if(errors)
    goal = Goal.objects.create(participant=participant, description=description, created_by=actor)
    _audit(actor, "journey.goal.add", participant, ["description"])
    return goal


@transaction.atomic
def add_action_step(*, actor, goal: Goal, description: str, due_on: datetime.date) -> ActionStep:
    participant = goal.participant
    require_permission(actor, "journey.action_plan.change", participant.programme)
    errors: dict[str, list[str]] = {}
    description = _require_text(errors, "description", description, "Enter the step")
    _require_open_case(participant, errors, "description", "change their action plan")
    if goal.achieved_on:
        _add(errors, "description", "This goal is achieved: add a new goal instead")
    errors.update(
        uncollected_errors(
            participant.programme, "journey.ActionStep", {"description": description}
        )
    )
    _raise_if(errors)
    step = ActionStep.objects.create(
        goal=goal,
        participant=participant,
        description=description,
        due_on=due_on,
        created_by=actor,
    )
    _audit(actor, "journey.action_step.add", participant, ["description", "due_on"])
    return step


@transaction.atomic
def complete_action_step(
    *, actor, step: ActionStep, completed_on: datetime.date | None = None
) -> ActionStep:
    participant = step.participant
    require_permission(actor, "journey.action_plan.change", participant.programme)
    completed_on = completed_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if step.completed_on:
        _add(errors, "completed_on", "This step is already done")
    if completed_on > timezone.localdate():
        _add(errors, "completed_on", "The date must be today or in the past")
    _raise_if(errors)
    step.completed_on = completed_on
    step.save(update_fields=["completed_on"])
    _audit(actor, "journey.action_step.complete", participant, ["completed_on"])
    return step


@transaction.atomic
def achieve_goal(*, actor, goal: Goal, achieved_on: datetime.date | None = None) -> Goal:
    participant = goal.participant
    require_permission(actor, "journey.action_plan.change", participant.programme)
    achieved_on = achieved_on or timezone.localdate()
    if achieved_on > timezone.localdate():
        raise ValidationError({"achieved_on": ["The date must be today or in the past"]})
    goal.achieved_on = achieved_on
    goal.save(update_fields=["achieved_on"])
    _audit(actor, "journey.goal.achieve", participant, ["achieved_on"])
    return goal


# How far back an appointment may be booked (recording one that already happened), and how far
# ahead (a year such as 4482 is a typing mistake).
APPOINTMENT_BACKDATE_LIMIT = datetime.timedelta(days=365)
APPOINTMENT_AHEAD_YEARS = 5


@transaction.atomic
def book_appointment(
    *, actor, participant: Participant, starts_at: datetime.datetime, kind: str
) -> Appointment:
    require_permission(actor, "journey.appointment.book", participant.programme)
    errors: dict[str, list[str]] = {}
    _require_open_case(participant, errors, "starts_at", "book an appointment")
    if kind not in AppointmentKind.values:
        _add(errors, "kind", "Select the kind of appointment")
    if starts_at < timezone.now() - APPOINTMENT_BACKDATE_LIMIT:
        _add(errors, "starts_at", "The appointment must be within the last year")
    elif starts_at > timezone.now() + datetime.timedelta(days=365 * APPOINTMENT_AHEAD_YEARS):
        _add(
            errors,
            "starts_at",
            f"The appointment must be within the next {APPOINTMENT_AHEAD_YEARS} years: "
            "check the year",
        )
    elif timezone.localdate(starts_at) < participant.referred_on:
        _add(errors, "starts_at", "The appointment cannot be before the referral date")
    errors.update(
        uncollected_errors(
            participant.programme, "journey.Appointment", {"starts_at": starts_at, "kind": kind}
        )
    )
    _raise_if(errors)
    appointment = Appointment.objects.create(
        participant=participant, starts_at=starts_at, kind=kind, created_by=actor
    )
    _audit(actor, "journey.appointment.book", participant, ["starts_at", "kind"])
    return appointment


_CANCELLATIONS = {Attendance.CANCELLED_BY_PARTICIPANT, Attendance.CANCELLED_BY_STAFF}


@transaction.atomic
def record_attendance(*, actor, appointment: Appointment, attendance: str) -> Appointment:
    """Attended or did not attend once the appointment has started; cancelled at any time."""
    participant = appointment.participant
    require_permission(actor, "journey.appointment.attendance", participant.programme)
    errors: dict[str, list[str]] = {}
    if attendance not in Attendance.values:
        _add(errors, "attendance", "Select what happened")
    elif attendance not in _CANCELLATIONS and appointment.starts_at > timezone.now():
        _add(
            errors,
            "attendance",
            "This appointment has not happened yet: you can only record it as cancelled",
        )
    _raise_if(errors)
    appointment.attendance = attendance
    appointment.attendance_recorded_by = actor
    appointment.save(update_fields=["attendance", "attendance_recorded_by"])
    _audit(actor, "journey.appointment.attendance", participant, ["attendance"])
    return appointment


@transaction.atomic
def add_case_note(
    *,
    actor,
    participant: Participant,
    text: str,
    contains_third_party_information: bool = False,
    corrects: CaseNote | None = None,
) -> CaseNote:
    """Adds a note. Notes are never changed: a correction is a new note naming the old one."""
    require_permission(actor, "journey.case_note.add", participant.programme)
    errors: dict[str, list[str]] = {}
    text = _require_text(errors, "text", text, "Enter the note")
    errors.update(uncollected_errors(participant.programme, "journey.CaseNote", {"text": text}))
    if corrects is not None and corrects.participant_id != participant.pk:
        _add(errors, "corrects", "A note can only correct a note about the same participant")
    _raise_if(errors)
    note = CaseNote.objects.create(
        participant=participant,
        text=text,
        contains_third_party_information=contains_third_party_information,
        corrects=corrects,
        author=actor,
    )
    _audit(
        actor,
        "journey.case_note.add",
        participant,
        ["text", "contains_third_party_information", "corrects"],
    )
    return note
