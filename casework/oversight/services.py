"""Monitoring the audit trail: the rules that raise alerts about staff access, and the data
protection officer's review of an alert. Above the record apps: the rules read whose caseload a
participant is on, which the audit app itself must not know (docs/decisions/0170)."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import TruncHour
from django.utils import timezone

from casework.audit.models import Action, Alert, AlertRule, AuditEvent, ReviewOutcome
from casework.oversight.selectors import alerts_visible_to
from casework.participants.models import Participant
from casework.staff.models import CASELOAD_BOUND_ROLES, Membership

ONE_HOUR = datetime.timedelta(hours=1)
WINDOW = datetime.timedelta(hours=24)  # the hours counted, and committed, together
DENIALS = (Action.PERMISSION_DENIED, Action.SIGN_IN_FAILED)
ONE_EACH = (Action.EXPORT, Action.BREAK_GLASS)  # an alert per event
RULE_OF = {Action.EXPORT: AlertRule.EXPORT, Action.BREAK_GLASS: AlertRule.BREAK_GLASS}


def _hour(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)


def _out_of_hours(moment: datetime.datetime) -> bool:
    local = timezone.localtime(moment)
    start, end = settings.CASEWORK_WORKING_HOURS
    return local.weekday() >= 5 or not (start <= local.hour < end)


def _outside_caseload() -> Exists:
    """The event is a read, by someone whose role in the participant's programme is
    caseload-bound, of a participant not assigned to them."""
    bound = Membership.objects.filter(
        user_id=OuterRef(OuterRef("actor_id")),
        programme_id=OuterRef("programme_id"),
        role__in=CASELOAD_BOUND_ROLES,
    )
    return Exists(
        Participant.objects.filter(pk=OuterRef("participant_id"))
        .exclude(assigned_specialist_id=OuterRef(OuterRef("actor_id")))
        .filter(Exists(bound))
    )


def raise_alerts(*, since: datetime.datetime, until: datetime.datetime) -> list[Alert]:
    """Apply the monitoring rules to the audit events in [since, until) and store an alert per
    rule, member of staff and hour (per event for break-glass and exports). Running it again
    over the same period adds nothing.

    A window of WINDOW hours at a time, each its own transaction: the database counts the
    window's events by person, hour and rule, the new alerts go in with one insert, and the
    window commits, so a month's look-back holds one window's counts, never the month's events
    (issue 16.5)."""
    raised = []
    start = _hour(since)
    while start < until:
        end = start + WINDOW
        with transaction.atomic():
            raised += _raise_for_window(start, end, max(since, start), min(until, end))
        start = end
    return raised


def _raise_for_window(start, end, since, until) -> list[Alert]:
    """The alerts of the events in [since, until), inside the hour-aligned [start, end)."""
    events = AuditEvent.objects.filter(occurred_at__gte=since, occurred_at__lt=until).order_by()
    # (rule, actor label, window start) -> (event count, first event's id)
    found: dict[tuple[str, str, datetime.datetime], tuple[int, int]] = {}
    for action, label, moment, n, first in (
        events.filter(action__in=ONE_EACH)
        .values_list("action", "actor_label", "occurred_at")
        .annotate(n=Count("id"), first=Min("id"))
    ):
        found[(RULE_OF[action], label, moment)] = (n, first)

    read = Q(action=Action.PARTICIPANT_READ, participant_id__isnull=False)
    outside = read & Q(is_outside=True)
    denied = Q(action__in=DENIALS)
    per_person = (
        events.filter(read | denied)
        .annotate(is_outside=_outside_caseload())
        .annotate(hour=TruncHour("occurred_at", tzinfo=datetime.UTC))
        .values("actor_label", "hour")
        .annotate(
            denials=Count("id", filter=denied),
            first_denial=Min("id", filter=denied),
            reads=Count("id", filter=read),
            records=Count("participant_id", filter=read, distinct=True),
            first_read=Min("id", filter=read),
            outside=Count("id", filter=outside),
            first_outside=Min("id", filter=outside),
        )
        .values_list(
            "actor_label",
            "hour",
            "denials",
            "first_denial",
            "reads",
            "records",
            "first_read",
            "outside",
            "first_outside",
        )
    )
    many = settings.CASEWORK_ALERT_RECORDS_PER_HOUR + 1
    for (
        label,
        hour,
        denials,
        first_denial,
        reads,
        records,
        first_read,
        out,
        first_out,
    ) in per_person:
        hour = _hour(hour)
        if denials and denials >= settings.CASEWORK_ALERT_DENIALS_PER_HOUR:
            found[(AlertRule.REPEATED_DENIALS, label, hour)] = (denials, first_denial)
        if reads and records >= many:
            found[(AlertRule.MANY_RECORDS, label, hour)] = (records, first_read)
        if out:
            found[(AlertRule.OUTSIDE_CASELOAD, label, hour)] = (out, first_out)
        if not reads:
            continue
        # Where the local zone is whole hours from UTC (London), an hour is in or out as a whole.
        whole_hour_out = _out_of_hours(hour)
        if whole_hour_out != _out_of_hours(hour + ONE_HOUR - datetime.timedelta(microseconds=1)):
            hour_events = events.filter(
                read, actor_label=label, occurred_at__gte=hour, occurred_at__lt=hour + ONE_HOUR
            )
            late = _reads_out_of_hours(hour_events)
            if late:
                found[(AlertRule.OUT_OF_HOURS, label, hour)] = late
        elif whole_hour_out:
            found[(AlertRule.OUT_OF_HOURS, label, hour)] = (reads, first_read)
    if not found:
        return []

    already = set(
        Alert.objects.filter(window_start__gte=start, window_start__lt=end).values_list(
            "rule", "actor_label", "window_start"
        )
    )
    new = {key: counted for key, counted in found.items() if key not in already}
    actors = dict(
        AuditEvent.objects.filter(id__in={first for _, first in new.values()}).values_list(
            "id", "actor_id"
        )
    )
    return Alert.objects.bulk_create(
        Alert(
            rule=rule,
            actor_label=label,
            window_start=window_start,
            actor_id=actors.get(first),
            event_count=n,
            first_sequence=first,
        )
        for (rule, label, window_start), (n, first) in new.items()
    )


def _reads_out_of_hours(reads) -> tuple[int, int] | None:
    """(count, first event id) of the reads made out of working hours, each by its moment."""
    late = [s for s, at in reads.values_list("id", "occurred_at") if _out_of_hours(at)]
    return (len(late), min(late)) if late else None


@transaction.atomic
def review_alert(*, reviewer, alert: Alert, outcome: str, note: str = "") -> Alert:
    if not alerts_visible_to(reviewer).filter(pk=alert.pk).exists():
        raise PermissionDenied("Only the data protection officer reviews alerts.")
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": ["Choose the outcome of your review"]})
    note = (note or "").strip()
    if outcome != ReviewOutcome.NO_CONCERN and not note:
        raise ValidationError({"note": ["Say what you did about it"]})
    alert.outcome, alert.review_note = outcome, note
    alert.reviewed_by, alert.reviewed_at = reviewer, timezone.now()
    alert.save(update_fields=["outcome", "review_note", "reviewed_by", "reviewed_at"])
    return alert
