"""Reads of complaints: only for the data protection officers of the complaint's programme
(`manage complaints`); a complaint of another programme answers 404. Opening one is audited."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from casework.access.permissions import Action, has_permission, programmes_where
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.complaints.models import Complaint, Status
from casework.participants.selectors import find_participant

DUE_SOON_DAYS = 7


def can_manage_complaints(user, programme=None) -> bool:
    return has_permission(user, Action.MANAGE_COMPLAINTS, programme)


def require_manager(user) -> None:
    if not can_manage_complaints(user):
        raise PermissionDenied(f"Your role does not allow you to {Action.MANAGE_COMPLAINTS.label}.")


def complaints_visible_to(user) -> QuerySet[Complaint]:
    return Complaint.objects.filter(
        programme_id__in=programmes_where(user, Action.MANAGE_COMPLAINTS)
    ).select_related("programme", "participant", "breach")


def _record_read(user, complaint: Complaint, what: str = "read") -> None:
    record_event(
        actor=user,
        action=AuditAction.COMPLAINT,
        participant=complaint.participant_id,
        purpose=f"complaint.{what}",
    )


def get_complaint(user, complaint_id, *, audit: bool = True) -> Complaint:
    require_manager(user)
    try:
        complaint = complaints_visible_to(user).get(pk=complaint_id)
    except (Complaint.DoesNotExist, ValueError):
        raise Http404("No complaint found") from None
    if audit:
        _record_read(user, complaint)
    return complaint


def open_complaints(user) -> QuerySet[Complaint]:
    return complaints_visible_to(user).exclude(status=Status.CLOSED).order_by("acknowledge_by")


def record_listed(user, complaints) -> None:
    """A list of complainants shown is a read: one event, with the participants it names."""
    complaints = list(complaints)
    if complaints:
        record_event(
            actor=user,
            action=AuditAction.COMPLAINT,
            participants=[c.participant_id for c in complaints if c.participant_id],
            purpose="complaint.list",
        )


def awaiting_acknowledgement(user, *, today: datetime.date) -> dict[str, list[Complaint]]:
    """Complaints not yet acknowledged: overdue (past the 30 days), due within a week, and
    the rest."""
    waiting = list(complaints_visible_to(user).filter(status=Status.RECEIVED))
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return {
        "overdue": [c for c in waiting if c.acknowledge_by < today],
        "due_soon": [c for c in waiting if today <= c.acknowledge_by <= soon],
        "later": [c for c in waiting if c.acknowledge_by > soon],
    }


def complaint_history(user, participant_id) -> tuple[object, list[Complaint]]:
    """A participant's complaints, for the data protection officer: the participant through
    the access scope (404 outside it), the complaints of programmes where the user handles
    them."""
    require_manager(user)
    participant = find_participant(user, participant_id, purpose="complaint.history")
    record_event(
        actor=user,
        action=AuditAction.PARTICIPANT_READ,
        participant=participant,
        purpose="complaint.history",
    )
    return participant, list(complaints_visible_to(user).filter(participant=participant))
