"""Reading the audit trail."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from casework.access.permissions import Action as Permission
from casework.access.permissions import has_permission, programmes_where
from casework.audit.models import Action, Alert, AuditEvent, Purpose
from casework.audit.services import record_event
from casework.participants.models import Participant
from casework.participants.selectors import find_participant
from casework.staff.models import Membership


def can_view_access_history(user, participant: Participant) -> bool:
    """Whether `user` may see who accessed `participant`'s record (the permission model)."""
    return has_permission(user, Permission.VIEW_ACCESS_HISTORY, participant.programme_id)


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
    return participant, events.order_by("-id")


# --- Monitoring and the routine audit ------------------------------------------------------


def can_review_alerts(user) -> bool:
    return bool(programmes_where(user, Permission.REVIEW_ALERTS))


def alerts_visible_to(user) -> QuerySet[Alert]:
    """Alerts about staff of the programmes where `user` is the data protection officer (and
    failed sign-ins by no known account). Newest first, as the page says; alerts of one window
    and rule (one per member of staff) by whom and then id, so each shows on exactly one page."""
    programmes = programmes_where(user, Permission.REVIEW_ALERTS)
    if not programmes:
        return Alert.objects.none()
    staff = Membership.objects.filter(programme_id__in=programmes).values("user_id")
    return (
        Alert.objects.filter(Q(actor_id__in=staff) | Q(actor=None))
        .select_related("actor", "reviewed_by")
        .order_by("-window_start", "rule", "actor_label", "pk")
    )


def can_see_audit_report(user) -> bool:
    return bool(programmes_where(user, Permission.VIEW_AUDIT))


REPORT_COLUMNS = (
    ("records_opened", "Records opened"),
    ("lists_and_searches", "Searches and lists"),
    ("changes", "Changes"),
    ("denials", "Refusals and failed sign-ins"),
    ("break_glass", "Break-glass uses"),
    ("exports", "Exports"),
    ("disclosures", "Disclosures"),
)


def audit_report(user, *, start: datetime.date, end: datetime.date) -> list[dict]:
    """The routine audit for [start, end] (local dates): per member of staff of the user's
    programmes, how many records they opened, searches and lists, changes, refusals,
    break-glass uses, exports and disclosures."""
    programmes = programmes_where(user, Permission.VIEW_AUDIT)
    if not programmes:
        raise PermissionDenied("Your role does not include the routine audit.")
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    staff = Membership.objects.filter(programme_id__in=programmes).values("user_id")
    read = Q(action=Action.PARTICIPANT_READ)
    return list(
        AuditEvent.objects.filter(occurred_at__gte=since, occurred_at__lt=until)
        .filter(Q(actor_id__in=staff) | Q(actor=None, action=Action.SIGN_IN_FAILED))
        .values("actor_label")
        .annotate(
            records_opened=Count("id", filter=read & Q(participant__isnull=False)),
            lists_and_searches=Count(
                "id",
                filter=(read & Q(participant__isnull=True)) | Q(action=Action.PARTICIPANT_SEARCH),
            ),
            changes=Count(
                "id",
                filter=Q(
                    action__in=[
                        Action.PARTICIPANT_CREATE,
                        Action.PARTICIPANT_UPDATE,
                        Action.PARTICIPANT_STATUS_CHANGE,
                    ]
                ),
            ),
            denials=Count(
                "id", filter=Q(action__in=[Action.PERMISSION_DENIED, Action.SIGN_IN_FAILED])
            ),
            break_glass=Count("id", filter=Q(action=Action.BREAK_GLASS)),
            exports=Count("id", filter=Q(action=Action.EXPORT)),
            disclosures=Count("id", filter=Q(action=Action.DISCLOSURE)),
        )
        .order_by("actor_label")
    )
