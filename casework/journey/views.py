"""Pages for the day's work: the timeline and the forms that record what happened.
Thin: each page finds its record through a scoped selector (404 outside the user's scope, for
every method), checks the role may do it (403), parses the form, calls one service and returns
to the timeline; the rules are in casework.journey.services (and participants.services)."""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from casework.core.forms import apply_service_errors
from casework.journey import forms, selectors, services
from casework.journey.permissions_seam import may_record
from casework.participants import selectors as participant_selectors
from casework.participants import services as participant_services
from casework.participants.models import Participant


def _timeline_url(participant) -> str:
    return reverse("journey:timeline", args=[participant.pk])


def _participant_of(record) -> Participant:
    return record if isinstance(record, Participant) else record.participant


def _require(request, action: str, record) -> None:
    if not may_record(request.user, action, _participant_of(record).programme):
        raise PermissionDenied("Your role does not allow you to record this.")


def _when(value) -> str:
    return f"{value:%-d %B %Y}"


@dataclass(frozen=True)
class RecordPage:
    """A page with one form that records something through one service:
    `service(actor=..., <record_argument>=record, **form.arguments())`."""

    action: str  # checked with the permission seam
    form_class: type[forms.ServiceForm]
    service: Callable
    record_argument: str
    title: str
    button: str
    fields: tuple[dict, ...]
    find: Callable = participant_selectors.get_participant  # (user, id) -> record, or 404
    intro: Callable[[object], str] = lambda record: ""
    initial: Callable[[object], dict] = lambda record: {}
    error_fields: dict[str, str] = field(default_factory=dict)  # service field -> form field

    def as_view(self):
        @login_required
        def view(request, **kwargs):
            (record_id,) = kwargs.values()
            record = self.find(request.user, record_id)
            _require(request, self.action, record)
            form = self.form_class(request.POST or None, initial=self.initial(record))

            def save(arguments):
                self.service(actor=request.user, **{self.record_argument: record}, **arguments)

            return _form_page(
                request,
                participant=_participant_of(record),
                form=form,
                title=self.title,
                intro=self.intro(record),
                fields=self.fields,
                save=save,
                button=self.button,
                error_fields=self.error_fields,
            )

        return view


def _form_page(
    request,
    *,
    participant,
    form,
    title: str,
    fields,
    save: Callable[[dict], object],
    button: str,
    intro: str = "",
    error_fields: dict[str, str] | None = None,
):
    """Shows `form`; on a valid POST calls `save(form.arguments())` and returns to the
    timeline, or puts the service's errors on the form's fields."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.arguments())
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


def _text(name: str, **opts) -> dict:
    return {"macro": "text", "name": name, "opts": opts}


def _field(macro: str, name: str) -> dict:
    return {"macro": macro, "name": name}


_NARROW_NUMBER = {"classes": "govuk-input--width-5", "inputmode": "decimal"}


def _job_intro(job) -> str:
    return f"{job.job_title} at {job.employer}, started {_when(job.started_on)}"


add_appointment = RecordPage(
    action="journey.appointment.book",
    form_class=forms.AppointmentForm,
    service=services.book_appointment,
    record_argument="participant",
    title="Book an appointment",
    button="Book appointment",
    fields=(
        _field("date", "date"),
        _text("time", classes="govuk-input--width-5", hint="For example, 9:30 or 14:30"),
        _field("radio", "kind"),
    ),
    error_fields={"starts_at": "date"},
).as_view()

record_attendance = RecordPage(
    action="journey.appointment.attendance",
    form_class=forms.AttendanceForm,
    service=services.record_attendance,
    record_argument="appointment",
    title="Record attendance",
    button="Save attendance",
    fields=(_field("radio", "attendance"),),
    find=selectors.get_appointment,
    intro=lambda a: f"{a.get_kind_display()} appointment, {a.starts_at:%-d %B %Y at %H:%M}",
    initial=lambda a: {"attendance": a.attendance},
).as_view()

add_job = RecordPage(
    action="journey.job.record",
    form_class=forms.JobStartForm,
    service=services.record_job_start,
    record_argument="participant",
    title="Record a job start",
    button="Save job start",
    fields=(
        _text("employer", autocomplete="off"),
        _text("job_title", autocomplete="off"),
        _field("radio", "employment_type"),
        _text("hours_per_week", **_NARROW_NUMBER),
        _text("hourly_pay", **_NARROW_NUMBER, hint="In pounds, before tax, for example 12.60"),
        {"macro": "date", "name": "started_on", "opts": {"hint": "For example, 2 3 2026"}},
    ),
    intro=lambda p: "Record paid work only: volunteering and work experience are not job outcomes.",
).as_view()

end_job = RecordPage(
    action="journey.job.record",
    form_class=forms.JobEndForm,
    service=services.record_job_end,
    record_argument="job",
    title="Record the end of a job",
    button="Save job end",
    fields=(_field("date", "ended_on"), _field("radio", "end_reason")),
    find=selectors.get_job,
    intro=_job_intro,
).as_view()

add_in_work_support = RecordPage(
    action="journey.in_work_support.record",
    form_class=forms.InWorkSupportForm,
    service=services.record_in_work_support,
    record_argument="job",
    title="Record in-work support",
    button="Save support",
    fields=(
        _field("date", "contacted_on"),
        _field("radio", "channel"),
        _field("checkbox", "with_employer"),
        _field("textarea", "summary"),
    ),
    find=selectors.get_job,
    intro=_job_intro,
).as_view()

add_work_placement = RecordPage(
    action="journey.work_placement.record",
    form_class=forms.WorkPlacementForm,
    service=services.record_work_placement,
    record_argument="participant",
    title="Record volunteering or work experience",
    button="Save",
    fields=(
        _field("radio", "kind"),
        _text("organisation", autocomplete="off"),
        _text("role", autocomplete="off"),
        _text("hours_per_week", **_NARROW_NUMBER),
        _field("date", "started_on"),
        _field("date", "ended_on"),
    ),
    intro=lambda p: "This is recorded with their support. It is not a job outcome.",
).as_view()

exit_participant = RecordPage(
    action="participant.exit",
    form_class=forms.ExitForm,
    service=participant_services.exit_participant,
    record_argument="participant",
    title="Record that they have left",
    button="Record exit",
    fields=(
        _field("radio", "reason"),
        _text("reason_detail", hint="Only if you chose another reason"),
        _field("date", "on"),
    ),
    intro=lambda p: "The exit date starts the clocks for how long their records are kept.",
).as_view()

re_engage = RecordPage(
    action="participant.re_engage",
    form_class=forms.ReEngageForm,
    service=participant_services.re_engage_participant,
    record_argument="participant",
    title="Re-engage",
    button="Re-engage",
    fields=(_field("date", "on"),),
    intro=lambda p: (
        "They will be enrolled again from this date. Their earlier exit stays on record."
    ),
    error_fields={"status": "on"},
).as_view()

add_goal = RecordPage(
    action="journey.action_plan.change",
    form_class=forms.GoalForm,
    service=services.add_goal,
    record_argument="participant",
    title="Add a goal to the action plan",
    button="Save goal",
    fields=(_field("text", "description"),),
).as_view()

add_action_step = RecordPage(
    action="journey.action_plan.change",
    form_class=forms.ActionStepForm,
    service=services.add_action_step,
    record_argument="goal",
    title="Add a step",
    button="Save step",
    fields=(_field("text", "description"), _field("date", "due_on")),
    find=selectors.get_goal,
    intro=lambda goal: f"Goal: {goal.description}",
).as_view()


@login_required
def timeline(request, participant_id):
    participant = participant_selectors.get_participant(request.user, participant_id)
    if request.method != "GET":  # after the scope check, so nothing is revealed
        return HttpResponseNotAllowed(["GET"])
    jobs = selectors.jobs_of(request.user, participant)
    everything, milestones = selectors.timeline_and_milestones(request.user, participant, jobs=jobs)
    entries, coming_up = selectors.split_timeline(everything, timezone.now())
    return render(
        request,
        "journey/timeline.html",
        {
            "participant": participant,
            "entries": entries,
            "coming_up": coming_up,
            "plan": selectors.action_plan(request.user, participant),
            "to_record": selectors.milestones_to_record(
                request.user, participant, jobs=jobs, milestones=milestones
            ),
            "can_record": may_record(request.user, "journey.record", participant.programme),
        },
    )


@login_required
def add_case_note(request, participant_id):
    """A new note, or (?corrects=<note>) a correction kept with the note it corrects."""
    participant = participant_selectors.get_participant(request.user, participant_id)
    _require(request, "journey.case_note.add", participant)
    corrects = None
    if request.GET.get("corrects"):
        corrects = selectors.get_case_note(request.user, request.GET["corrects"])
        if corrects.participant_id != participant.pk:
            raise Http404("No such note")
    form = forms.CaseNoteForm(request.POST or None)

    def save(arguments):
        services.add_case_note(
            actor=request.user, participant=participant, corrects=corrects, **arguments
        )

    return _form_page(
        request,
        participant=participant,
        form=form,
        title="Correct a case note" if corrects else "Add a case note",
        intro=(
            "Notes are never changed. Your correction is kept with the note of "
            f"{corrects.created_at:%-d %B %Y at %H:%M}."
            if corrects
            else ""
        ),
        fields=(
            _field("textarea", "text"),
            {
                "macro": "checkbox",
                "name": "contains_third_party_information",
                "opts": {"hint": "For example, about a family member or another professional"},
            },
        ),
        save=save,
        button="Save note",
    )


def _post_only(request, record, action: str, do: Callable[[], object]):
    """A button on the timeline: 404 outside scope and 403 without the role, whatever the
    method; then only POST does anything. A repeated click changes nothing."""
    _require(request, action, record)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    with contextlib.suppress(ValidationError):
        do()
    return redirect(_timeline_url(_participant_of(record)))


@login_required
def complete_action_step(request, step_id):
    step = selectors.get_action_step(request.user, step_id)
    return _post_only(
        request,
        step,
        "journey.action_plan.change",
        lambda: services.complete_action_step(actor=request.user, step=step),
    )


@login_required
def record_milestone(request, participant_id):
    participant = participant_selectors.get_participant(request.user, participant_id)
    return _post_only(
        request,
        participant,
        "journey.milestone.record",
        lambda: services.record_milestone(
            actor=request.user,
            participant=participant,
            outcome_key=request.POST.get("outcome_key", ""),
        ),
    )
