"""Every write to a rights request: received on the public page or recorded by the DPO, matched
to a participant, identity verified, paused and resumed (Art 12A), extended once, transferred
between joint controllers with its clock, decided with reasons, and carried out through the
services that own the effect (the disposal engine's erasure, restriction and objection, consent
withdrawal). Each step is audited and put on the request's timeline in the same transaction."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.access.permissions import Action, has_permission
from casework.access.selectors import participants_visible_to
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.core.references import new_reference
from casework.register.selectors import current_config
from casework.rights import clock
from casework.rights.engine import EXEMPTIONS_BY_KEY, controllers_of, responsible_controller
from casework.rights.models import (
    NO_CONTACT_ROUTE,
    STAFF_RECORDED_CHANNELS,
    Decision,
    IdentityCheck,
    IdentityMethod,
    RequestChannel,
    Requester,
    RequestKind,
    RequestPause,
    RequestStatus,
    RequestStep,
    RightsRequest,
    StepKind,
)

PERSON_FIELDS = (
    "requester",
    "requester_name",
    "person_name",
    "authority_evidence",
    "email",
    "phone",
    "postal_address",
    "details",
)
TOLD_HOW = {
    "email": "By email",
    "letter": "By letter",
    "phone": "By phone",
    "in_person": "In person",
}


def _audit(actor, request: RightsRequest, what: str, fields=(), actor_label: str = "") -> None:
    record_event(
        actor=actor,
        action=AuditAction.RIGHTS_REQUEST,
        participant=request.participant_id,
        purpose=f"rights.request.{what}",
        changed_fields=fields,
        actor_label=actor_label,
    )


def _step(actor, request: RightsRequest, kind: str, note: str = "") -> RequestStep:
    return RequestStep.objects.create(
        request=request, kind=kind, note=note, at=timezone.now(), by=actor
    )


def _require(actor, programme) -> None:
    if not has_permission(actor, Action.MANAGE_REQUESTS, programme):
        raise PermissionDenied(f"Your role does not allow you to {Action.MANAGE_REQUESTS.label}.")


def _require_open(request: RightsRequest, field: str) -> None:
    if not request.is_open:
        raise ValidationError({field: ["This request has been decided"]})


def _pauses(request: RightsRequest) -> list[clock.Pause]:
    return [
        clock.Pause(clock.PauseReason(p.reason), p.started_on, p.ended_on)
        for p in request.pauses.all()
    ]


def due_on(request: RightsRequest, pauses=None) -> datetime.date | None:
    """When the request must be answered (None while paused), by the statutory clock."""
    pauses = _pauses(request) if pauses is None else pauses
    return clock.response_due(
        request.received_on, pauses=pauses, extended=request.extended_on is not None
    )


def _refresh_due(request: RightsRequest) -> None:
    request.due_on = due_on(request)
    request.save(update_fields=["due_on"])


def identity_verified(request: RightsRequest) -> bool:
    """Whether the requester's identity has been verified: nothing about the person (a
    subject access pack, a copy, an export) is released on the request before it is."""
    return request.identity_checks.exists()


def _validate_person(request: RightsRequest) -> dict[str, list[str]]:
    for name in PERSON_FIELDS:
        setattr(request, name, (getattr(request, name) or "").strip())
    request.email = request.email.lower()
    errors: dict[str, list[str]] = {}
    if not request.requester_name:
        errors["requester_name"] = ["Enter the name of the person asking"]
    if not request.details:
        errors["details"] = ["Enter what they are asking for"]
    if request.kind not in RequestKind.values:
        errors["kind"] = ["Select what they are asking for"]
    if request.requester not in Requester.values:
        errors["requester"] = ["Select who is asking"]
    elif request.requester == Requester.REPRESENTATIVE and not request.person_name:
        errors["person_name"] = ["Enter the name of the person the information is about"]
    if request.email and ("@" not in request.email or len(request.email) > 254):
        errors["email"] = ["Enter an email address in the correct format, like name@example.com"]
    if not (request.email or request.phone or request.postal_address):
        errors.setdefault("email", []).append(NO_CONTACT_ROUTE)
    return errors


def _save_new(request: RightsRequest) -> RightsRequest:
    for _ in range(5):
        request.reference = new_reference("R")
        try:
            with transaction.atomic():
                request.save(force_insert=True)
            return request
        except IntegrityError:  # a reference already taken: draw again
            continue
    raise IntegrityError("could not draw a free request reference")


def _default_controller(programme) -> str:
    config = current_config(programme)
    return responsible_controller(config) if config else programme.name


@transaction.atomic
def submit_request(*, programme, **fields) -> RightsRequest:
    """A request made on the public "ask about your data" page. Never matched to a participant
    here: the page answers the same whether or not the person is known."""
    unknown = set(fields) - {*PERSON_FIELDS, "kind"} - {"authority_evidence"}
    if unknown:
        raise TypeError(f"unexpected request fields: {sorted(unknown)}")
    request = RightsRequest(
        programme=programme,
        channel=RequestChannel.PUBLIC_PAGE,
        received_on=timezone.localdate(),
        controller=_default_controller(programme),
        **fields,
    )
    errors = _validate_person(request)
    if errors:
        raise ValidationError(errors)
    request.due_on = due_on(request, pauses=[])
    _save_new(request)
    _step(None, request, StepKind.RECEIVED, "Through the public page")
    _audit(None, request, "submit", list(fields), actor_label="public rights request page")
    return request


@transaction.atomic
def record_request(
    *, actor, programme, channel: str, received_on: datetime.date | None, kind: str, **fields
) -> RightsRequest:
    """A request received by email, letter, phone or in person, recorded by the DPO."""
    _require(actor, programme)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unexpected request fields: {sorted(unknown)}")
    request = RightsRequest(
        programme=programme,
        channel=channel,
        kind=kind,
        received_on=received_on or timezone.localdate(),
        controller=_default_controller(programme),
        recorded_by=actor,
        **fields,
    )
    errors = _validate_person(request)
    if channel not in STAFF_RECORDED_CHANNELS:
        errors["channel"] = ["Select how the request was received"]
    if received_on is None:
        errors["received_on"] = ["Enter the date the request was received"]
    elif received_on > timezone.localdate():
        errors["received_on"] = ["The date the request was received must be today or in the past"]
    if errors:
        raise ValidationError(errors)
    request.due_on = due_on(request, pauses=[])
    _save_new(request)
    _step(actor, request, StepKind.RECEIVED, RequestChannel(channel).label)
    _audit(actor, request, "record", [*fields, "kind", "channel", "received_on"])
    return request


@transaction.atomic
def match_participant(*, actor, request: RightsRequest, participant) -> RightsRequest:
    """The participant the request is about: only one the DPO may see, in its programme. The
    responsible controller becomes the person's council (their area's joint controller)."""
    _require(actor, request.programme)
    _require_open(request, "participant")
    visible = participants_visible_to(actor).filter(
        pk=getattr(participant, "pk", None), programme_id=request.programme_id
    )
    if participant is None or not visible.exists():
        raise ValidationError(
            {"participant": ["Choose a participant of this programme whose record you can see"]}
        )
    request.participant = participant
    config = current_config(request.programme)
    fields = ["participant"]
    if config is not None and not request.steps.filter(kind=StepKind.TRANSFERRED).exists():
        request.controller = responsible_controller(config, participant)
        fields.append("controller")
    request.save(update_fields=fields)
    _step(actor, request, StepKind.MATCHED, f"Answered by {request.controller}")
    _audit(actor, request, "match", fields)
    return request


def _check_day(name: str, day, request: RightsRequest, what: str, errors) -> None:
    if day is None:
        errors.setdefault(name, []).append(f"Enter the date {what}")
        return
    if day < request.received_on:
        errors.setdefault(name, []).append(
            f"The date {what} cannot be before the request was received "
            f"({request.received_on.day} {request.received_on:%B %Y})"
        )
    if day > timezone.localdate():
        errors.setdefault(name, []).append(f"The date {what} must be today or in the past")


@transaction.atomic
def verify_identity(
    *, actor, request: RightsRequest, method: str, what_was_seen: str, checked_on
) -> IdentityCheck:
    """How the requester's identity was verified (including a caseworker who knows them), by
    whom, what was seen, when."""
    _require(actor, request.programme)
    _require_open(request, "method")
    errors: dict[str, list[str]] = {}
    if method not in IdentityMethod.values:
        errors["method"] = ["Select how their identity was verified"]
    if not (what_was_seen or "").strip():
        errors["what_was_seen"] = ["Enter what was seen or checked"]
    if method == IdentityMethod.REPRESENTATIVE_AUTHORITY and request.requester != (
        Requester.REPRESENTATIVE
    ):
        errors.setdefault("method", []).append(
            "The person asked for themselves: choose how their own identity was verified"
        )
    _check_day("checked_on", checked_on, request, "identity was verified", errors)
    if errors:
        raise ValidationError(errors)
    check = IdentityCheck.objects.create(
        request=request,
        method=method,
        what_was_seen=what_was_seen.strip(),
        checked_on=checked_on,
        checked_by=actor,
    )
    _step(actor, request, StepKind.IDENTITY, IdentityMethod(method).label)
    _audit(actor, request, "identity", ["method", "what_was_seen", "checked_on"])
    return check


def _clock_error(field: str, error: clock.ClockError) -> ValidationError:
    return ValidationError({field: [str(error)[0].upper() + str(error)[1:]]})


@transaction.atomic
def pause_clock(
    *, actor, request: RightsRequest, reason: str, note: str, started_on
) -> RequestPause:
    """Waiting for the requester (identity, a fee, or clarification): the clock stops."""
    _require(actor, request.programme)
    request = RightsRequest.objects.select_for_update().get(pk=request.pk)
    _require_open(request, "reason")
    errors: dict[str, list[str]] = {}
    if reason not in {r.value for r in clock.PauseReason}:
        errors["reason"] = ["Select what you are waiting for"]
    if not (note or "").strip():
        errors["note"] = ["Enter what was asked for"]
    _check_day("started_on", started_on, request, "it was asked for", errors)
    if request.pauses.filter(ended_on__isnull=True).exists():
        errors.setdefault("reason", []).append(
            "The clock is already paused: resume it before pausing again"
        )
    if errors:
        raise ValidationError(errors)
    pauses = [*_pauses(request), clock.Pause(clock.PauseReason(reason), started_on)]
    try:
        due_on(request, pauses=pauses)
    except clock.ClockError as error:
        raise _clock_error("started_on", error) from None
    pause = RequestPause.objects.create(
        request=request, reason=reason, note=note.strip(), started_on=started_on, started_by=actor
    )
    _refresh_due(request)
    _step(actor, request, StepKind.PAUSED, f"{clock.PauseReason(reason).label}: {note.strip()}")
    _audit(actor, request, "pause", ["reason", "note", "started_on"])
    return pause


@transaction.atomic
def resume_clock(*, actor, request: RightsRequest, ended_on) -> RequestPause:
    """The answer arrived on `ended_on`: the clock runs again, with its new deadline."""
    _require(actor, request.programme)
    request = RightsRequest.objects.select_for_update().get(pk=request.pk)
    _require_open(request, "ended_on")
    pause = request.pauses.filter(ended_on__isnull=True).first()
    if pause is None:
        raise ValidationError({"ended_on": ["The clock is not paused"]})
    errors: dict[str, list[str]] = {}
    _check_day("ended_on", ended_on, request, "the answer arrived", errors)
    if ended_on is not None and ended_on < pause.started_on:
        errors.setdefault("ended_on", []).append(
            "The answer cannot arrive before it was asked for "
            f"({pause.started_on.day} {pause.started_on:%B %Y})"
        )
    if errors:
        raise ValidationError(errors)
    pause.ended_on = ended_on
    pause.save(update_fields=["ended_on"])
    _refresh_due(request)
    due = f"{request.due_on.day} {request.due_on:%B %Y}" if request.due_on else "not yet known"
    _step(actor, request, StepKind.RESUMED, f"Now due by {due}")
    _audit(actor, request, "resume", ["ended_on"])
    return pause


@transaction.atomic
def extend(
    *, actor, request: RightsRequest, decided_on, reason: str, told_how: str
) -> RightsRequest:
    """One extension by two further months, for a complex request or numerous requests,
    decided and told to the person within the first month."""
    _require(actor, request.programme)
    request = RightsRequest.objects.select_for_update().get(pk=request.pk)
    _require_open(request, "reason")
    errors: dict[str, list[str]] = {}
    if request.extended_on is not None:
        errors["reason"] = ["This request has already been extended: it can be extended once"]
    if not (reason or "").strip():
        errors.setdefault("reason", []).append(
            "Enter why the request is complex, or the requests numerous"
        )
    if told_how not in TOLD_HOW:
        errors["told_how"] = ["Select how the person was told"]
    _check_day("decided_on", decided_on, request, "the person was told", errors)
    if not errors:
        try:
            clock.check_extension(
                request.received_on, decided_on=decided_on, pauses=_pauses(request)
            )
        except clock.ClockError as error:
            errors["decided_on"] = [str(error)[0].upper() + str(error)[1:]]
    if errors:
        raise ValidationError(errors)
    request.extended_on = decided_on
    request.extension_reason = reason.strip()
    request.extension_told_how = told_how
    request.save(update_fields=["extended_on", "extension_reason", "extension_told_how"])
    _refresh_due(request)
    _step(actor, request, StepKind.EXTENDED, reason.strip())
    _audit(actor, request, "extend", ["extended_on", "extension_reason", "extension_told_how"])
    return request


@transaction.atomic
def transfer(*, actor, request: RightsRequest, controller: str, note: str) -> RightsRequest:
    """Another joint controller answers the request; the clock keeps running from receipt."""
    _require(actor, request.programme)
    _require_open(request, "controller")
    config = current_config(request.programme)
    names = controllers_of(config) if config else []
    errors: dict[str, list[str]] = {}
    if controller not in names:
        errors["controller"] = ["Select a controller of the programme"]
    elif controller == request.controller:
        errors["controller"] = [f"{controller} already answers this request"]
    if not (note or "").strip():
        errors["note"] = ["Enter why the request is transferred"]
    if errors:
        raise ValidationError(errors)
    before = request.controller
    request.controller = controller
    request.save(update_fields=["controller"])
    _step(actor, request, StepKind.TRANSFERRED, f"From {before} to {controller}: {note.strip()}")
    _audit(actor, request, "transfer", ["controller"])
    return request


@transaction.atomic
def decide(
    *,
    actor,
    request: RightsRequest,
    decision: str,
    reasons: str,
    decided_on,
    exemption: str = "",
    purpose: str = "",
    consent: str = "",
) -> RightsRequest:
    """The DPO's decision: in full, in part or refused. A partial grant or a refusal needs
    reasons (the letter gives them, with the right to complain to the ICO and to a court).
    What is granted is carried out in the same transaction, through the service that owns it;
    if that fails, nothing of the decision is saved."""
    _require(actor, request.programme)
    request = RightsRequest.objects.select_for_update().get(pk=request.pk)
    _require_open(request, "decision")
    reasons = (reasons or "").strip()
    errors: dict[str, list[str]] = {}
    if decision not in Decision.values:
        errors["decision"] = ["Select the decision"]
    elif decision != Decision.IN_FULL and not reasons:
        errors["reasons"] = [
            "Enter the reasons for refusing the request"
            if decision == Decision.REFUSED
            else "Enter the reasons for granting the request only in part"
        ]
    if exemption and exemption not in EXEMPTIONS_BY_KEY:
        errors["exemption"] = ["Select an exemption from the list"]
    _check_day("decided_on", decided_on, request, "of the decision", errors)
    if request.pauses.filter(ended_on__isnull=True).exists():
        errors.setdefault("decision", []).append(
            "The clock is paused: resume it when the answer arrives, then decide"
        )
    granted = decision in (Decision.IN_FULL, Decision.IN_PART)
    if granted and request.participant_id is None and request.kind != RequestKind.ACCESS:
        errors.setdefault("decision", []).append(
            "Match the request to a participant before granting it"
        )
    if granted and not identity_verified(request):
        errors.setdefault("decision", []).append(
            "Verify the requester's identity before granting the request"
        )
    if errors:
        raise ValidationError(errors)
    request.decision, request.decision_reasons = decision, reasons
    request.exemption, request.decided_on, request.decided_by = exemption, decided_on, actor
    request.status = RequestStatus.DECIDED
    request.save(
        update_fields=[
            "decision",
            "decision_reasons",
            "exemption",
            "decided_on",
            "decided_by",
            "status",
        ]
    )
    _step(actor, request, StepKind.DECIDED, f"{Decision(decision).label}. {reasons}".strip())
    _audit(actor, request, "decide", ["decision", "decision_reasons", "exemption", "decided_on"])
    if request.participant_id is not None:
        _carry_out(actor, request, granted=granted, purpose=purpose, consent=consent)
    return request


def _carry_out(actor, request: RightsRequest, *, granted: bool, purpose: str, consent: str):
    """The effect of the decision, through the services that own it."""
    from casework.rights import services as rights_services

    participant = request.participant
    kind = request.kind
    note = ""
    if kind == RequestKind.RESTRICTION and granted:
        rights_services.restrict(
            actor=actor,
            participant=participant,
            reason=f"Rights request {request.reference}: {request.decision_reasons or 'upheld'}",
        )
        note = "Processing restricted"
    elif kind in (RequestKind.OBJECTION, RequestKind.MARKETING_OBJECTION) and (granted or purpose):
        # Upheld: that purpose stops. Refused with a purpose: recorded as not upheld
        # (compelling legitimate grounds). Refused without one (e.g. unfounded): no objection.
        if not purpose:
            raise ValidationError({"purpose": ["Select the use of their data they object to"]})
        objection = rights_services.record_objection(
            actor=actor, participant=participant, purpose=purpose, received_on=request.received_on
        )
        rights_services.decide_objection(
            actor=actor,
            objection=objection,
            decision="upheld" if granted else "not_upheld",
        )
        note = f"Objection to {purpose} {'upheld' if granted else 'not upheld'}"
    elif kind == RequestKind.CONSENT_WITHDRAWAL and granted:
        from casework.consents import services as consent_services

        if not consent:
            raise ValidationError({"consent": ["Select the consent they withdraw"]})
        consent_services.withdraw_consent_on_request(
            actor=actor,
            participant=participant,
            purpose=consent,
            on=request.decided_on,
        )
        note = "Consent withdrawn"
    elif kind == RequestKind.ERASURE and granted:
        from casework.disposal.services import erase_participant

        reference = request.reference
        _step(actor, request, StepKind.CARRIED_OUT, "The participant's record is erased")
        # The request stays (the evidence it was answered); its link to the record goes first.
        RightsRequest.objects.filter(participant=participant).update(participant=None)
        erase_participant(
            by=actor,
            participant=participant,
            reason=request.decision_reasons or "Erasure request granted",
            request_reference=reference,
        )
        return
    if note:
        _step(actor, request, StepKind.CARRIED_OUT, note)
