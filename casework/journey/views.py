"""Pages for the day's work: the timeline, appointments, attendance, case notes, jobs, exit.
Thin: each finds the record through a scoped selector (404 outside the user's scope), parses the
form, calls one service and renders; the rules are in casework.journey.services."""

import contextlib
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from casework.core.forms import apply_service_errors
from casework.journey import forms, selectors, services
from casework.journey.permissions_seam import may_record
from casework.participants import selectors as participant_selectors
from casework.participants import services as participant_services


def _timeline_url(participant) -> str:
    return reverse("journey:timeline", args=[participant.pk])


def _require(request, action: str, participant) -> None:
    if not may_record(request.user, action, participant.programme):
        raise PermissionDenied("Your role does not allow you to record this.")


def _participant_for(request, participant_id, action: str):
    """The participant, if the user may see them (else 404) and do `action` (else 403)."""
    participant = participant_selectors.get_participant(request.user, participant_id)
    _require(request, action, participant)
    return participant


def _form_page(
    request,
    *,
    participant,
    form,
    title: str,
    fields: list[dict],
    save: Callable[[dict], object],
    button: str,
    intro: str = "",
    error_fields: dict[str, str] | None = None,
):
    """Shows `form`; on a valid POST calls `save(cleaned_data)` and returns to the timeline, or
    puts the service's errors on the fields (`error_fields` renames a service's field to the
    form's, e.g. starts_at to date)."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            if error_fields and hasattr(error, "error_dict"):
                error = ValidationError(
                    {error_fields.get(k, k): v for k, v in error.message_dict.items()}
                )
            apply_service_errors(form, error)
        else:
            return redirect(_timeline_url(participant))
    return render(
        request,
        "journey/form.html",
        {
            "form": form,
            "participant": participant,
            "title": title,
            "fields": fields,
            "button": button,
            "intro": intro,
        },
    )


@login_required
def timeline(request, participant_id):
    participant = participant_selectors.get_participant(request.user, participant_id)
    return render(
        request,
        "journey/timeline.html",
        {
            "participant": participant,
            "entries": selectors.timeline(request.user, participant),
            "plan": selectors.action_plan(request.user, participant),
            "to_record": selectors.milestones_to_record(request.user, participant),
            "can_record": may_record(request.user, "journey.record", participant.programme),
        },
    )


@login_required
def add_appointment(request, participant_id):
    participant = _participant_for(request, participant_id, "journey.appointment.book")
    form = forms.AppointmentForm(request.POST or None)

    def save(data):
        services.book_appointment(
            actor=request.user,
            participant=participant,
            starts_at=form.starts_at(),
            kind=data["kind"],
        )

    return _form_page(
        request,
        participant=participant,
        form=form,
        title="Book an appointment",
        fields=[
            {"macro": "date", "name": "date"},
            {
                "macro": "text",
                "name": "time",
                "opts": {"classes": "govuk-input--width-5", "hint": "For example, 9:30 or 14:30"},
            },
            {"macro": "radio", "name": "kind"},
        ],
        save=save,
        button="Book appointment",
        error_fields={"starts_at": "date"},
    )


@login_required
def record_attendance(request, appointment_id):
    appointment = selectors.get_appointment(request.user, appointment_id)
    participant = appointment.participant
    _require(request, "journey.appointment.attendance", participant)
    form = forms.AttendanceForm(
        request.POST or None, initial={"attendance": appointment.attendance}
    )

    def save(data):
        services.record_attendance(
            actor=request.user, appointment=appointment, attendance=data["attendance"]
        )

    return _form_page(
        request,
        participant=participant,
        form=form,
        title="Record attendance",
        intro=f"{appointment.get_kind_display()} appointment, "
        f"{appointment.starts_at:%-d %B %Y at %H:%M}",
        fields=[{"macro": "radio", "name": "attendance"}],
        save=save,
        button="Save attendance",
    )


@login_required
def add_case_note(request, participant_id):
    participant = _participant_for(request, participant_id, "journey.case_note.add")
    corrects = None
    if request.GET.get("corrects"):
        corrects = selectors.get_case_note(request.user, request.GET["corrects"])
        if corrects.participant_id != participant.pk:
            raise Http404("No such note")
    form = forms.CaseNoteForm(request.POST or None)

    def save(data):
        services.add_case_note(
            actor=request.user, participant=participant, corrects=corrects, **data
        )

    return _form_page(
        request,
        participant=participant,
        form=form,
        title="Correct a case note" if corrects else "Add a case note",
        intro=(
            f"Notes are never changed. Your correction is kept with the note of "
            f"{corrects.created_at:%-d %B %Y at %H:%M}."
            if corrects
            else ""
        ),
        fields=[
            {"macro": "textarea", "name": "text"},
            {
                "macro": "checkbox",
                "name": "contains_third_party_information",
                "opts": {"hint": "For example, about a family member or another professional"},
            },
        ],
        save=save,
        button="Save note",
    )


@login_required
def add_job(request, participant_id):
    participant = _participant_for(request, participant_id, "journey.job.record")
    form = forms.JobStartForm(request.POST or None)

    def save(data):
        services.record_job_start(actor=request.user, participant=participant, **data)

    return _form_page(
        request,
        participant=participant,
        form=form,
        title="Record a job start",
        intro="Record paid work only: volunteering and work experience are not job outcomes.",
        fields=[
            {"macro": "text", "name": "employer", "opts": {"autocomplete": "off"}},
            {"macro": "text", "name": "job_title", "opts": {"autocomplete": "off"}},
            {"macro": "radio", "name": "employment_type"},
            {
                "macro": "text",
                "name": "hours_per_week",
                "opts": {"classes": "govuk-input--width-5", "inputmode": "decimal"},
            },
            {
                "macro": "text",
                "name": "hourly_pay",
                "opts": {
                    "classes": "govuk-input--width-5",
                    "inputmode": "decimal",
                    "hint": "In pounds, before tax, for example 12.60",
                },
            },
            {"macro": "date", "name": "started_on", "opts": {"hint": "For example, 2 3 2026"}},
        ],
        save=save,
        button="Save job start",
    )


@login_required
def end_job(request, job_id):
    job = selectors.get_job(request.user, job_id)
    participant = job.participant
    _require(request, "journey.job.record", participant)
    form = forms.JobEndForm(request.POST or None)

    def save(data):
        services.record_job_end(actor=request.user, job=job, **data)

    return _form_page(
        request,
        participant=participant,
        form=form,
        title="Record the end of a job",
        intro=f"{job.job_title} at {job.employer}, started {job.started_on:%-d %B %Y}",
        fields=[
            {"macro": "date", "name": "ended_on"},
            {"macro": "radio", "name": "end_reason"},
        ],
        save=save,
        button="Save job end",
    )


@login_required
def exit_participant(request, participant_id):
    participant = _participant_for(request, participant_id, "participant.exit")
    form = forms.ExitForm(request.POST or None)

    def save(data):
        participant_services.exit_participant(actor=request.user, participant=participant, **data)

    return _form_page(
        request,
        participant=participant,
        form=form,
        title="Record that they have left",
        intro="The exit date starts the clocks for how long their records are kept.",
        fields=[
            {"macro": "radio", "name": "reason"},
            {
                "macro": "text",
                "name": "reason_detail",
                "opts": {"hint": "Only if you chose another reason"},
            },
            {"macro": "date", "name": "on"},
        ],
        save=save,
        button="Record exit",
    )


@login_required
def re_engage(request, participant_id):
    participant = _participant_for(request, participant_id, "participant.re_engage")
    form = forms.ReEngageForm(request.POST or None)

    def save(data):
        participant_services.re_engage_participant(
            actor=request.user, participant=participant, **data
        )

    return _form_page(
        request,
        participant=participant,
        form=form,
        title="Re-engage",
        intro="They will be enrolled again from this date. Their earlier exit stays on record.",
        fields=[{"macro": "date", "name": "on"}],
        save=save,
        button="Re-engage",
        error_fields={"status": "on"},
    )


@login_required
def add_goal(request, participant_id):
    participant = _participant_for(request, participant_id, "journey.action_plan.change")
    form = forms.GoalForm(request.POST or None)

    def save(data):
        services.add_goal(actor=request.user, participant=participant, **data)

    return _form_page(
        request,
        participant=participant,
        form=form,
        title="Add a goal to the action plan",
        fields=[{"macro": "text", "name": "description"}],
        save=save,
        button="Save goal",
    )


@login_required
def add_action_step(request, goal_id):
    goal = selectors.get_goal(request.user, goal_id)
    participant = goal.participant
    _require(request, "journey.action_plan.change", participant)
    form = forms.ActionStepForm(request.POST or None)

    def save(data):
        services.add_action_step(actor=request.user, goal=goal, **data)

    return _form_page(
        request,
        participant=participant,
        form=form,
        title="Add a step",
        intro=f"Goal: {goal.description}",
        fields=[{"macro": "text", "name": "description"}, {"macro": "date", "name": "due_on"}],
        save=save,
        button="Save step",
    )


@login_required
def complete_action_step(request, step_id):
    step = selectors.get_action_step(request.user, step_id)  # 404 first, whatever the method
    _require(request, "journey.action_plan.change", step.participant)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    # Already done (a second click): the timeline shows it as done.
    with contextlib.suppress(ValidationError):
        services.complete_action_step(actor=request.user, step=step)
    return redirect(_timeline_url(step.participant))


@login_required
def record_milestone(request, participant_id):
    participant = _participant_for(request, participant_id, "journey.milestone.record")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    # Already recorded (a second click) or no longer reached: the timeline shows which.
    with contextlib.suppress(ValidationError):
        services.record_milestone(
            actor=request.user,
            participant=participant,
            outcome_key=request.POST.get("outcome_key", ""),
        )
    return redirect(_timeline_url(participant))


@login_required
def add_in_work_support(request, job_id):
    job = selectors.get_job(request.user, job_id)
    participant = job.participant
    _require(request, "journey.in_work_support.record", participant)
    form = forms.InWorkSupportForm(request.POST or None)

    def save(data):
        services.record_in_work_support(actor=request.user, job=job, **data)

    return _form_page(
        request,
        participant=participant,
        form=form,
        title="Record in-work support",
        intro=f"{job.job_title} at {job.employer}, started {job.started_on:%-d %B %Y}",
        fields=[
            {"macro": "date", "name": "contacted_on"},
            {"macro": "radio", "name": "channel"},
            {"macro": "checkbox", "name": "with_employer"},
            {"macro": "textarea", "name": "summary"},
        ],
        save=save,
        button="Save support",
    )


@login_required
def add_work_placement(request, participant_id):
    participant = _participant_for(request, participant_id, "journey.work_placement.record")
    form = forms.WorkPlacementForm(request.POST or None)

    def save(data):
        services.record_work_placement(actor=request.user, participant=participant, **data)

    return _form_page(
        request,
        participant=participant,
        form=form,
        title="Record volunteering or work experience",
        intro="This is recorded with their support. It is not a job outcome.",
        fields=[
            {"macro": "radio", "name": "kind"},
            {"macro": "text", "name": "organisation", "opts": {"autocomplete": "off"}},
            {"macro": "text", "name": "role", "opts": {"autocomplete": "off"}},
            {
                "macro": "text",
                "name": "hours_per_week",
                "opts": {"classes": "govuk-input--width-5", "inputmode": "decimal"},
            },
            {"macro": "date", "name": "started_on"},
            {"macro": "date", "name": "ended_on"},
        ],
        save=save,
        button="Save",
    )
