"""Every write about access: break-glass grants and their review. Each one also records an
audit event through `record_access_event`."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from casework.access.models import BreakGlassGrant, BreakGlassReason, ReviewOutcome
from casework.access.permissions import Action, require_permission
from casework.access.selectors import break_glass_reach
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event

_AUDIT_ACTIONS = {
    "break_glass.opened": AuditAction.BREAK_GLASS,
    "break_glass.reviewed": AuditAction.BREAK_GLASS,
    "permission.denied": AuditAction.PERMISSION_DENIED,
}


def record_access_event(
    *, actor, action: str, participant=None, reason: str = "", detail: dict | None = None
) -> None:
    """The one place casework.access and casework.staff report what the audit trail must record:
    break-glass grants and reviews, permission denials, and changes to staff accounts. Written
    in the caller's transaction (casework.audit.services.record_event); the purpose names what
    happened, or the reason given for a break-glass."""
    record_event(
        actor=actor,
        action=_AUDIT_ACTIONS.get(action, AuditAction.STAFF_ACCOUNT),
        participant=participant,
        purpose=(reason or action)[:40],
    )


def break_glass_minutes() -> int:
    return settings.CASEWORK_BREAK_GLASS_MINUTES


@transaction.atomic
def open_break_glass(
    *, actor, participant, reason: str, reason_detail: str = ""
) -> BreakGlassGrant:
    """Lets `actor` see `participant` for CASEWORK_BREAK_GLASS_MINUTES, for a stated reason.
    Only within the actor's organisation's geography (casework.access.selectors)."""
    require_permission(actor, Action.BREAK_GLASS, participant.programme)
    if not type(participant).objects.filter(break_glass_reach(actor), pk=participant.pk).exists():
        raise Http404("No participant found")
    reason_detail = (reason_detail or "").strip()
    errors = {}
    if reason not in BreakGlassReason.values:
        errors["reason"] = ["Select why you need to open this record"]
    elif reason == BreakGlassReason.OTHER and not reason_detail:
        errors["reason_detail"] = ["Explain why you need to open this record"]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        user=actor,
        participant=participant,
        reason=reason,
        reason_detail=reason_detail,
        granted_at=now,
        expires_at=now + datetime.timedelta(minutes=break_glass_minutes()),
    )
    record_access_event(
        actor=actor,
        action="break_glass.opened",
        participant=participant,
        reason=grant.get_reason_display(),
        detail={"reason_detail": reason_detail, "expires_at": grant.expires_at.isoformat()},
    )
    return grant


@transaction.atomic
def review_break_glass(*, actor, grant: BreakGlassGrant, outcome: str, note: str = "") -> None:
    require_permission(actor, Action.REVIEW_BREAK_GLASS, grant.participant.programme)
    note = (note or "").strip()
    if grant.reviewed:
        raise ValidationError({"outcome": ["This access has already been reviewed"]})
    errors = {}
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = ["Select whether the access was justified"]
    elif outcome == ReviewOutcome.NOT_JUSTIFIED and not note:
        errors["note"] = ["Say what you have done about access that was not justified"]
    if errors:
        raise ValidationError(errors)
    grant.reviewed_by = actor
    grant.reviewed_at = timezone.now()
    grant.review_outcome = outcome
    grant.review_note = note
    grant.save()
    record_access_event(
        actor=actor,
        action="break_glass.reviewed",
        participant=grant.participant,
        reason=outcome,
        detail={"grant": grant.pk},
    )
