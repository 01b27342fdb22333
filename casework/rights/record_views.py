"""The rights pages on a participant's record, for roles that manage rights requests: correct a
detail (or attach the person's statement), restrict processing and lift it, record and decide
objections. Thin: read the participant through its selector, parse, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework.access.permissions import Action, require_permission
from casework.audit.models import Purpose
from casework.core.forms import apply_service_errors
from casework.participants import selectors as participant_selectors
from casework.register.selectors import current_config
from casework.rights import rectification, services
from casework.rights.models import Objection, ObjectionDecision, Restriction
from casework.rights.record_forms import (
    CorrectForm,
    DecideForm,
    LiftForm,
    ObjectionForm,
    RestrictForm,
    StatementForm,
)


def _posted(request):
    """The form's data on a POST (even an empty one, which must show its errors), else None."""
    return request.POST if request.method == "POST" else None


def _participant(request, participant_id, purpose=Purpose.CASE_MANAGEMENT):
    participant = participant_selectors.get_participant(
        request.user, participant_id, purpose=purpose
    )
    require_permission(request.user, Action.MANAGE_REQUESTS, participant.programme)
    return participant


def _overview(participant) -> str:
    return reverse("rights_record:overview", args=[participant.pk])


def _purposes(participant) -> list[tuple[str, str]]:
    config = current_config(participant.programme)
    return [(p.key, p.description) for p in config.purposes] if config else []


@login_required
@require_GET
def overview(request, participant_id):
    participant = _participant(request, participant_id)
    fields = rectification.correctable_fields(request.user, participant)
    purposes = dict(_purposes(participant))
    return render(
        request,
        "rights/record/overview.html",
        {
            "participant": participant,
            "restrictions": list(participant.restrictions.select_related("started_by")),
            "objections": [
                (o, purposes.get(o.purpose, o.purpose))
                for o in participant.objections.select_related("decided_by")
            ],
            "fields": [
                (name, label, rectification.shown(name, rectification.stored_text(value)))
                for name, label in fields
                for value in [getattr(participant, name)]
            ],
            "history": rectification.history(request.user, participant),
        },
    )


def _form_page(request, participant, form, *, heading, button, intro=""):
    return render(
        request,
        "dataprotection/form_page.html",
        {
            "form": form,
            "participant": participant,
            "heading": heading,
            "caption": participant.display_name,
            "intro": intro,
            "button": button,
            "back": _overview(participant),
        },
    )


def _field_or_404(request, participant, field):
    label = dict(rectification.correctable_fields(request.user, participant)).get(field)
    if label is None:
        raise Http404("No such detail")
    return label


@login_required
def correct(request, participant_id, field):
    participant = _participant(request, participant_id, purpose=Purpose.EDITING)
    label = _field_or_404(request, participant, field)
    form = CorrectForm(
        _posted(request), name=field, label=label, participant=participant, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = rectification.rectify(
                actor=request.user,
                participant=participant,
                field=field,
                value=form.cleaned_data[field],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            participant.refresh_from_db()  # the failed save changed nothing stored
        else:
            messages.success(request, f"{label} is corrected. The value before is kept.")
            if done.recipients_to_tell:
                names = ", ".join(n or k for k, n in done.recipients_to_tell)
                messages.warning(
                    request,
                    f"{label} was shared with {names}. Tell them of the correction "
                    "(UK GDPR Article 19).",
                )
            return redirect(_overview(participant))
    now = rectification.shown(field, rectification.stored_text(getattr(participant, field)))
    return _form_page(
        request,
        participant,
        form,
        heading=f"Correct {label.lower()}",
        button="Save the correction",
        intro=f"The record holds: {now}. The value before is kept, encrypted, in the "
        "record's history.",
    )


@login_required
def statement(request, participant_id, field):
    participant = _participant(request, participant_id)
    label = _field_or_404(request, participant, field)
    form = StatementForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            rectification.attach_statement(
                actor=request.user, participant=participant, field=field, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The person's statement is attached to the record.")
            return redirect(_overview(participant))
    return _form_page(
        request,
        participant,
        form,
        heading=f"Attach a statement about {label.lower()}",
        button="Attach the statement",
        intro="Where the council does not agree that the detail is wrong, the person's own "
        "statement is kept with it instead of a correction.",
    )


@login_required
def restrict(request, participant_id):
    participant = _participant(request, participant_id)
    form = RestrictForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.restrict(
                actor=request.user, participant=participant, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Processing is restricted until the restriction is lifted.")
            return redirect(_overview(participant))
    return _form_page(
        request,
        participant,
        form,
        heading="Restrict processing",
        button="Restrict processing",
        intro="While restricted, the record is kept but left out of every report, return, "
        "extract, export, register print-out and disclosure.",
    )


@login_required
def lift(request, participant_id):
    participant = _participant(request, participant_id)
    restriction = Restriction.objects.filter(
        participant=participant, lifted_at__isnull=True
    ).first()
    if restriction is None:
        messages.success(request, "Processing is not restricted: there is nothing to lift.")
        return redirect(_overview(participant))
    form = LiftForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.lift_restriction(
                actor=request.user, restriction=restriction, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The restriction is lifted.")
            return redirect(_overview(participant))
    return _form_page(
        request,
        participant,
        form,
        heading="Lift the restriction",
        button="Lift the restriction",
        intro="The person must be told before the restriction is lifted (UK GDPR Article "
        "18(3)). Record when and how they were told.",
    )


@login_required
def record_objection(request, participant_id):
    participant = _participant(request, participant_id)
    form = ObjectionForm(
        _posted(request),
        purposes=_purposes(participant),
        initial={"received_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_objection(
                actor=request.user, participant=participant, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                "The objection is recorded. Processing for that purpose stops until it is decided.",
            )
            return redirect(_overview(participant))
    return _form_page(
        request,
        participant,
        form,
        heading="Record an objection",
        button="Record the objection",
        intro="An objection to processing for a purpose (UK GDPR Article 21). Processing for "
        "it stops while the objection waits for a decision and once it is upheld.",
    )


@login_required
def decide_objection(request, participant_id, objection_id):
    participant = _participant(request, participant_id)
    objection = Objection.objects.filter(participant=participant, pk=objection_id).first()
    if objection is None:
        raise Http404("No such objection")
    initial = {}
    if objection.decision != ObjectionDecision.PENDING:
        initial = {"decision": objection.decision, "reasons": objection.reasons}
    form = DecideForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_objection(actor=request.user, objection=objection, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The decision is recorded.")
            return redirect(_overview(participant))
    purpose = dict(_purposes(participant)).get(objection.purpose, objection.purpose)
    return _form_page(
        request,
        participant,
        form,
        heading="Decide the objection",
        button="Save the decision",
        intro=f"Objection to: {purpose}. Received {objection.received_on.day} "
        f"{objection.received_on:%B %Y}.",
    )
