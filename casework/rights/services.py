"""Every write of restrictions and objections: the DPO's (roles that manage rights requests),
each audited in the same transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.access.permissions import Action, require_permission
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.register.selectors import current_config
from casework.rights.models import Objection, ObjectionDecision, Restriction


def _audit(actor, what: str, participant, fields) -> None:
    record_event(
        actor=actor,
        action=AuditAction.PARTICIPANT_RECORD,
        participant=participant,
        purpose=what,
        changed_fields=fields,
    )


@transaction.atomic
def restrict(*, actor, participant, reason: str) -> Restriction:
    """Restricts the processing of the participant's data (Art 18) from now until lifted."""
    require_permission(actor, Action.MANAGE_REQUESTS, participant.programme)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Enter why processing is restricted"]})
    if Restriction.objects.filter(participant=participant, lifted_at__isnull=True).exists():
        raise ValidationError({"reason": ["Processing of this participant is already restricted"]})
    restriction = Restriction.objects.create(
        participant=participant, reason=reason, started_at=timezone.now(), started_by=actor
    )
    _audit(actor, "rights.restriction.start", participant, ["reason", "started_at"])
    return restriction


@transaction.atomic
def lift_restriction(
    *,
    actor,
    restriction: Restriction,
    told_on: datetime.date | None = None,
    told_how: str = "",
) -> Restriction:
    """Lifts the restriction. The person must be told before it is lifted (Art 18(3)): when and
    how they were told is recorded, and a lift without it is refused."""
    require_permission(actor, Action.MANAGE_REQUESTS, restriction.participant.programme)
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    if restriction.lifted_at is not None:
        raise ValidationError("This restriction has already been lifted")
    told_how = (told_how or "").strip()
    errors = {}
    if told_on is None:
        errors["told_on"] = [
            "Enter the date the person was told the restriction will be lifted: they must be "
            "told before it is lifted"
        ]
    elif told_on > timezone.localdate():
        errors["told_on"] = ["The date the person was told must be today or in the past"]
    elif told_on < timezone.localtime(restriction.started_at).date():
        errors["told_on"] = ["The date the person was told must be after the restriction began"]
    if not told_how:
        errors["told_how"] = ["Enter how the person was told, for example by letter"]
    if errors:
        raise ValidationError(errors)
    restriction.lifted_at = timezone.now()
    restriction.lifted_by = actor
    restriction.told_on = told_on
    restriction.told_how = told_how
    restriction.save(update_fields=["lifted_at", "lifted_by", "told_on", "told_how"])
    _audit(actor, "rights.restriction.lift", restriction.participant, ["lifted_at", "told_on"])
    return restriction


@transaction.atomic
def record_objection(
    *,
    actor,
    participant,
    purpose: str,
    received_on: datetime.date | None = None,
    grounds: str = "",
) -> Objection:
    """Records an objection (Art 21) to one of the programme's purposes, waiting for a
    decision."""
    require_permission(actor, Action.MANAGE_REQUESTS, participant.programme)
    received_on = received_on or timezone.localdate()
    config = current_config(participant.programme)
    keys = {p.key for p in config.purposes} if config else set()
    errors = {}
    if purpose not in keys:
        errors["purpose"] = ["Select a purpose of the programme"]
    if received_on > timezone.localdate():
        errors["received_on"] = ["The date received must be today or in the past"]
    if errors:
        raise ValidationError(errors)
    objection = Objection.objects.create(
        participant=participant,
        purpose=purpose,
        received_on=received_on,
        grounds=(grounds or "").strip(),
    )
    _audit(actor, "rights.objection.record", participant, ["purpose", "received_on", "grounds"])
    return objection


@transaction.atomic
def decide_objection(*, actor, objection: Objection, decision: str, reasons: str = "") -> Objection:
    """Upheld: the processing for that purpose stops. Not upheld: the DPO has compelling
    legitimate grounds that override the person's interests (Art 21(1)), and must say what they
    are; the person is told them."""
    require_permission(actor, Action.MANAGE_REQUESTS, objection.participant.programme)
    reasons = (reasons or "").strip()
    if decision not in (ObjectionDecision.UPHELD, ObjectionDecision.NOT_UPHELD):
        raise ValidationError({"decision": ["Select whether the objection is upheld"]})
    if decision == ObjectionDecision.NOT_UPHELD and not reasons:
        raise ValidationError(
            {
                "reasons": [
                    "Enter the compelling legitimate grounds for continuing: an objection "
                    "not upheld needs reasons"
                ]
            }
        )
    objection.decision = decision
    objection.decided_by = actor
    objection.decided_at = timezone.now()
    objection.reasons = reasons
    objection.save(update_fields=["decision", "decided_by", "decided_at", "reasons"])
    _audit(actor, "rights.objection.decide", objection.participant, ["decision", "reasons"])
    return objection
