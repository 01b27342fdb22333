"""Reading the audit trail."""

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q, QuerySet

from casework.audit.models import Action, AuditEvent, Purpose
from casework.audit.services import record_event
from casework.participants.models import Participant
from casework.participants.selectors import find_participant
from casework.staff.models import Membership, Role

ACCESS_HISTORY_ROLES = frozenset(
    {Role.DATA_PROTECTION_OFFICER, Role.PROGRAMME_MANAGER, Role.AUDITOR}
)


def can_view_access_history(user, participant: Participant) -> bool:
    """Whether `user` may see who accessed `participant`'s record. The one place this rule
    lives, so the programme's permission model can replace it."""
    return Membership.objects.filter(
        user=user, programme_id=participant.programme_id, role__in=ACCESS_HISTORY_ROLES
    ).exists()


def events_about(participant_id) -> QuerySet[AuditEvent]:
    """Events naming the participant alone or among others (a search result, a list page)."""
    key = str(participant_id)
    if connection.vendor == "postgresql":  # jsonb containment, served by a GIN index
        in_list = Q(participant_ids__contains=[key])
    else:  # SQLite has no JSON containment; ids are UUIDs, so a text match is exact
        in_list = Q(participant_ids__icontains=key)
    return AuditEvent.objects.filter(Q(participant_id=participant_id) | in_list)


def access_history(user, participant_id) -> tuple[Participant, QuerySet[AuditEvent]]:
    """The participant and every audit event about them, newest first. Out of scope: 404;
    in scope without the right role: PermissionDenied. Both are recorded as denials; viewing
    the history is itself recorded as a read."""
    participant = find_participant(user, participant_id, purpose=Purpose.ACCESS_REVIEW)
    if not can_view_access_history(user, participant):
        record_event(
            actor=user,
            action=Action.PERMISSION_DENIED,
            participant=participant,
            purpose=Purpose.ACCESS_REVIEW,
        )
        raise PermissionDenied("Your role does not allow you to see who accessed this record.")
    record_event(
        actor=user,
        action=Action.PARTICIPANT_READ,
        participant=participant,
        purpose=Purpose.ACCESS_REVIEW,
    )
    events = events_about(participant.pk).select_related("actor__organisation")
    return participant, events.order_by("-sequence")
