"""Every write to a complaint: received on the public page, recorded by the data protection
officer, linked, acknowledged, investigated, updated and closed with its outcome."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.access.permissions import Action, has_permission
from casework.access.selectors import participants_visible_to
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.breaches.models import Breach
from casework.complaints.models import (
    NO_CONTACT_ROUTE,
    STAFF_RECORDED_CHANNELS,
    Channel,
    Complaint,
    ComplaintEntry,
    EntryKind,
    Outcome,
    SentHow,
    Status,
)
from casework.core.references import new_reference

PERSON_FIELDS = (
    "complainant_name",
    "email",
    "phone",
    "postal_address",
    "details",
    "wanted_outcome",
)


def _audit(actor, complaint: Complaint, what: str, fields=(), actor_label: str = "") -> None:
    record_event(
        actor=actor,
        action=AuditAction.COMPLAINT,
        participant=complaint.participant_id,
        purpose=f"complaint.{what}",
        changed_fields=fields,
        actor_label=actor_label,
    )


def _require(actor, programme) -> None:
    if not has_permission(actor, Action.MANAGE_COMPLAINTS, programme):
        raise PermissionDenied(f"Your role does not allow you to {Action.MANAGE_COMPLAINTS.label}.")


def _validate_person(complaint: Complaint) -> dict[str, list[str]]:
    for name in PERSON_FIELDS:
        setattr(complaint, name, (getattr(complaint, name) or "").strip())
    complaint.email = complaint.email.lower()
    errors: dict[str, list[str]] = {}
    try:
        complaint.full_clean(exclude=["reference", "acknowledge_by", "breach", "participant"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if "complainant_name" in errors:
        errors["complainant_name"] = ["Enter the name of the person complaining"]
    if "details" in errors:
        errors["details"] = ["Enter what the complaint is about"]
    if not (complaint.email or complaint.phone or complaint.postal_address):
        errors.setdefault("email", []).append(NO_CONTACT_ROUTE)
    return errors


def _save_new(complaint: Complaint) -> Complaint:
    complaint.acknowledge_by = Complaint.acknowledgement_due(complaint.received_on)
    for _ in range(5):
        complaint.reference = new_reference("C")
        try:
            with transaction.atomic():
                complaint.save(force_insert=True)
            return complaint
        except IntegrityError:  # a reference already taken: draw again
            continue
    raise IntegrityError("could not draw a free complaint reference")


@transaction.atomic
def submit_complaint(*, programme, **fields) -> Complaint:
    """A complaint made on the public page. Never matched to a participant here: the page
    answers the same whether or not the person is known."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unexpected complaint fields: {sorted(unknown)}")
    complaint = Complaint(
        programme=programme,
        channel=Channel.ONLINE_FORM,
        received_on=timezone.localdate(),
        acknowledge_by=timezone.localdate(),
        **fields,
    )
    errors = _validate_person(complaint)
    if errors:
        raise ValidationError(errors)
    _save_new(complaint)
    _audit(None, complaint, "submit", fields, actor_label="public complaint form")
    return complaint


def _check_received_on(received_on, errors) -> None:
    if received_on is None:
        errors.setdefault("received_on", []).append("Enter the date the complaint was received")
    elif received_on > timezone.localdate():
        errors.setdefault("received_on", []).append(
            "The date the complaint was received must be today or in the past"
        )


def _check_links(actor, complaint: Complaint, participant, breach, errors) -> None:
    if participant is not None:
        visible = participants_visible_to(actor).filter(
            pk=participant.pk, programme_id=complaint.programme_id
        )
        if not visible.exists():
            errors.setdefault("participant", []).append(
                "Choose a participant of this programme whose record you can see"
            )
    if breach is not None and breach.programme_id != complaint.programme_id:
        errors.setdefault("breach", []).append("Choose a breach of this programme")


@transaction.atomic
def record_complaint(
    *,
    actor,
    programme,
    channel: str,
    received_on: datetime.date | None,
    participant=None,
    rights_request_reference: str = "",
    breach: Breach | None = None,
    **fields,
) -> Complaint:
    """A complaint received by email, phone, letter or in person, recorded by the DPO."""
    _require(actor, programme)
    complaint = Complaint(
        programme=programme,
        channel=channel,
        received_on=received_on or timezone.localdate(),
        acknowledge_by=timezone.localdate(),
        recorded_by=actor,
        participant=participant,
        breach=breach,
        rights_request_reference=(rights_request_reference or "").strip(),
        **fields,
    )
    errors = _validate_person(complaint)
    if channel not in STAFF_RECORDED_CHANNELS:
        errors["channel"] = ["Select how the complaint was received"]
    _check_received_on(received_on, errors)
    _check_links(actor, complaint, participant, breach, errors)
    if errors:
        raise ValidationError(errors)
    _save_new(complaint)
    _audit(actor, complaint, "record", [*fields, "channel", "received_on"])
    return complaint


@transaction.atomic
def link_complaint(
    *, actor, complaint: Complaint, participant=None, rights_request_reference="", breach=None
) -> Complaint:
    """What the complaint concerns: the participant it is about (if any), the rights request
    (a reference, until rights requests are recorded here) or the breach."""
    _require(actor, complaint.programme)
    errors: dict[str, list[str]] = {}
    _check_links(actor, complaint, participant, breach, errors)
    if errors:
        raise ValidationError(errors)
    complaint.participant = participant
    complaint.breach = breach
    complaint.rights_request_reference = (rights_request_reference or "").strip()[:100]
    complaint.save(update_fields=["participant", "breach", "rights_request_reference"])
    _audit(actor, complaint, "link", ["participant", "breach", "rights_request_reference"])
    return complaint


def _check_day(name: str, day, complaint: Complaint, what: str, errors) -> None:
    if day is None:
        errors.setdefault(name, []).append(f"Enter the date {what}")
        return
    if day < complaint.received_on:
        errors.setdefault(name, []).append(
            f"The date {what} cannot be before the complaint was received "
            f"({complaint.received_on.day} {complaint.received_on:%B %Y})"
        )
    if day > timezone.localdate():
        errors.setdefault(name, []).append(f"The date {what} must be today or in the past")


def _check_how(name: str, how: str, errors) -> None:
    if how not in SentHow.values:
        errors.setdefault(name, []).append("Select how it was sent")


@transaction.atomic
def acknowledge_complaint(
    *, actor, complaint: Complaint, acknowledged_on: datetime.date | None, how: str, text=""
) -> Complaint:
    _require(actor, complaint.programme)
    if complaint.status != Status.RECEIVED:
        raise ValidationError({"acknowledged_on": ["This complaint is already acknowledged"]})
    errors: dict[str, list[str]] = {}
    _check_day("acknowledged_on", acknowledged_on, complaint, "it was acknowledged", errors)
    _check_how("how", how, errors)
    if errors:
        raise ValidationError(errors)
    complaint.acknowledged_on, complaint.acknowledged_how = acknowledged_on, how
    complaint.status = Status.ACKNOWLEDGED
    complaint.save(update_fields=["acknowledged_on", "acknowledged_how", "status"])
    if (text or "").strip():
        ComplaintEntry.objects.create(
            complaint=complaint,
            kind=EntryKind.UPDATE,
            text=text.strip(),
            sent_how=how,
            on=acknowledged_on,
            recorded_by=actor,
        )
    _audit(actor, complaint, "acknowledge", ["acknowledged_on", "acknowledged_how"])
    return complaint


@transaction.atomic
def add_entry(
    *, actor, complaint: Complaint, kind: str, text: str, on: datetime.date | None, sent_how=""
) -> ComplaintEntry:
    """An investigation note, or an update sent to the complainant (with how it was sent)."""
    _require(actor, complaint.programme)
    errors: dict[str, list[str]] = {}
    if kind not in EntryKind.values:
        errors["kind"] = ["Select a note or an update to the complainant"]
    if not (text or "").strip():
        errors["text"] = ["Enter the note or the update"]
    _check_day("on", on, complaint, "of the note or update", errors)
    if kind == EntryKind.UPDATE:
        _check_how("sent_how", sent_how, errors)
    else:
        sent_how = ""
    if complaint.status == Status.CLOSED:
        errors.setdefault("text", []).append("This complaint is closed")
    if errors:
        raise ValidationError(errors)
    entry = ComplaintEntry.objects.create(
        complaint=complaint,
        kind=kind,
        text=text.strip(),
        sent_how=sent_how,
        on=on,
        recorded_by=actor,
    )
    _audit(actor, complaint, kind, ["text"])
    return entry


@transaction.atomic
def close_complaint(
    *,
    actor,
    complaint: Complaint,
    outcome: str,
    outcome_summary: str,
    closed_on: datetime.date | None,
    sent_how: str,
) -> Complaint:
    """The outcome, sent to the complainant with the letter naming the ICO."""
    _require(actor, complaint.programme)
    errors: dict[str, list[str]] = {}
    if complaint.status == Status.RECEIVED:
        errors["outcome"] = ["Acknowledge the complaint before sending its outcome"]
    elif complaint.status == Status.CLOSED:
        errors["outcome"] = ["This complaint is already closed"]
    if outcome not in Outcome.values:
        errors.setdefault("outcome", []).append("Select the outcome of the complaint")
    if not (outcome_summary or "").strip():
        errors["outcome_summary"] = ["Enter what was found and what will be done"]
    _check_day("closed_on", closed_on, complaint, "the outcome was sent", errors)
    _check_how("sent_how", sent_how, errors)
    if errors:
        raise ValidationError(errors)
    complaint.outcome, complaint.outcome_summary = outcome, outcome_summary.strip()
    complaint.closed_on, complaint.outcome_sent_how = closed_on, sent_how
    complaint.status = Status.CLOSED
    complaint.save(
        update_fields=["outcome", "outcome_summary", "closed_on", "outcome_sent_how", "status"]
    )
    _audit(actor, complaint, "close", ["outcome", "outcome_summary", "closed_on"])
    return complaint
