"""Monitoring the audit trail: the rules that raise alerts about staff access, and the data
protection officer's review of an alert. Above the record apps: the rules read whose caseload a
participant is on, which the audit app itself must not know (docs/decisions/0170)."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework.audit.models import Action, Alert, AlertRule, AuditEvent, ReviewOutcome
from casework.oversight.selectors import alerts_visible_to
from casework.participants.models import Participant
from casework.staff.models import CASELOAD_BOUND_ROLES, Membership


def _hour(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _out_of_hours(moment: datetime.datetime) -> bool:
    local = timezone.localtime(moment)
    start, end = settings.CASEWORK_WORKING_HOURS
    return local.weekday() >= 5 or not (start <= local.hour < end)


def _caseload_bound_pairs(events: list[dict]) -> set[tuple[int, object]]:
    """(actor id, participant id) of single-record reads by someone whose role in that
    participant's programme is caseload-bound, of a participant not assigned to them."""
    reads = [e for e in events if e["action"] == Action.PARTICIPANT_READ and e["participant_id"]]
    participants = Participant.objects.in_bulk({e["participant_id"] for e in reads})
    bound = set(
        Membership.objects.filter(
            user_id__in={e["actor_id"] for e in reads}, role__in=CASELOAD_BOUND_ROLES
        ).values_list("user_id", "programme_id")
    )
    pairs = set()
    for event in reads:
        participant = participants.get(event["participant_id"])
        if participant is None or participant.assigned_specialist_id == event["actor_id"]:
            continue
        if (event["actor_id"], participant.programme_id) in bound:
            pairs.add((event["actor_id"], event["participant_id"]))
    return pairs


@transaction.atomic
def raise_alerts(*, since: datetime.datetime, until: datetime.datetime) -> list[Alert]:
    """Apply the monitoring rules to the audit events in [since, until) and store an alert per
    rule, member of staff and hour (per event for break-glass and exports). Running it again
    over the same period adds nothing."""
    events = list(
        AuditEvent.objects.filter(occurred_at__gte=since, occurred_at__lt=until)
        .order_by("id")
        .values("id", "occurred_at", "actor_id", "actor_label", "action", "participant_id")
    )
    groups: dict[tuple[str, str, datetime.datetime], list[dict]] = defaultdict(list)
    outside = _caseload_bound_pairs(events)
    for event in events:
        key_hour = (event["actor_label"], _hour(event["occurred_at"]))
        action = event["action"]
        if action == Action.EXPORT:
            groups[(AlertRule.EXPORT, event["actor_label"], event["occurred_at"])].append(event)
        elif action == Action.BREAK_GLASS:
            groups[(AlertRule.BREAK_GLASS, event["actor_label"], event["occurred_at"])].append(
                event
            )
        elif action in (Action.PERMISSION_DENIED, Action.SIGN_IN_FAILED):
            groups[(AlertRule.REPEATED_DENIALS, *key_hour)].append(event)
        elif action == Action.PARTICIPANT_READ and event["participant_id"]:
            groups[(AlertRule.MANY_RECORDS, *key_hour)].append(event)
            if _out_of_hours(event["occurred_at"]):
                groups[(AlertRule.OUT_OF_HOURS, *key_hour)].append(event)
            if (event["actor_id"], event["participant_id"]) in outside:
                groups[(AlertRule.OUTSIDE_CASELOAD, *key_hour)].append(event)
    thresholds = {
        AlertRule.MANY_RECORDS: settings.CASEWORK_ALERT_RECORDS_PER_HOUR + 1,
        AlertRule.REPEATED_DENIALS: settings.CASEWORK_ALERT_DENIALS_PER_HOUR,
    }
    raised = []
    for (rule, label, window_start), grouped in groups.items():
        if rule == AlertRule.MANY_RECORDS:
            count = len({e["participant_id"] for e in grouped})
        else:
            count = len(grouped)
        if count < thresholds.get(rule, 1):
            continue
        alert, created = Alert.objects.get_or_create(
            rule=rule,
            actor_label=label,
            window_start=window_start,
            defaults={
                "actor_id": grouped[0]["actor_id"],
                "event_count": count,
                "first_sequence": grouped[0]["id"],
            },
        )
        if created:
            raised.append(alert)
    return raised


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
