"""Writing audit events. `record_event` writes in the caller's transaction: if the event cannot
be written, the read or change it describes fails with it."""

import datetime
import ipaddress
import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from casework.audit import chain
from casework.audit.context import current_request
from casework.audit.models import (
    Action,
    Alert,
    AlertRule,
    AuditChainHead,
    AuditEvent,
    ReviewOutcome,
)

USER_AGENT_MAX = 300


def _actor_and_label(actor, actor_label: str) -> tuple[object | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, actor_label
    return actor, actor_label or actor.get_username()


def _source_ip(request) -> str:
    raw = (request.META.get("REMOTE_ADDR") or "") if request is not None else ""
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return ""


def _user_agent(request) -> str:
    if request is None:
        return ""
    return chain.clean_text(request.META.get("HTTP_USER_AGENT"), USER_AGENT_MAX)


def _participant_id(participant) -> str | None:
    if participant is None:
        return None
    return str(uuid.UUID(str(getattr(participant, "pk", participant))))


def _lock_head() -> tuple[int, str]:
    """The newest sequence number and hash, with the chain-head row locked for the rest of the
    transaction (SELECT ... FOR UPDATE; on SQLite the transaction's write lock does the same).
    Created from the newest event if missing (a new database, or after a test-suite flush)."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = f"SELECT sequence, hash FROM audit_auditchainhead WHERE id = 1{lock}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
        if row is None:
            last = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
            sequence, last_hash = last or (0, chain.GENESIS_HASH)
            AuditChainHead.objects.get_or_create(
                pk=1, defaults={"sequence": sequence, "hash": last_hash}
            )
            cursor.execute(sql)
            row = cursor.fetchone()
    return row


def _save(event: AuditEvent) -> None:
    """Insert the event and move the chain head to it. On PostgreSQL in one statement (one
    round trip fewer on every audited request)."""
    if connection.vendor != "postgresql":
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(sequence=event.sequence, hash=event.hash)
        return
    fields = AuditEvent._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields]
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH event AS (INSERT INTO audit_auditevent ({columns}) VALUES ({placeholders})) "  # noqa: S608
            "UPDATE audit_auditchainhead SET sequence = %s, hash = %s WHERE id = 1",
            [*values, event.sequence, event.hash],
        )
    event._state.adding = False


def record_event(
    *,
    actor,
    action: Action | str,
    participant=None,
    participants: Iterable = (),
    purpose: str,
    changed_fields: Iterable[str] = (),
    request=None,
    actor_label: str = "",
) -> AuditEvent:
    """Write one audit event, chained to the previous one. `changed_fields` are field NAMES;
    values are never recorded. `participants` lists the participants (or their ids) of an event
    about many of them, such as a search result or a page of a list."""
    key = chain.audit_key()
    action = Action(action)
    request = request if request is not None else current_request()
    actor, actor_label = _actor_and_label(actor, actor_label)
    # No savepoint: if the event cannot be written, the caller's whole transaction fails.
    with transaction.atomic(savepoint=False):
        head_sequence, head_hash = _lock_head()
        event = AuditEvent(
            sequence=head_sequence + 1,
            occurred_at=timezone.now(),
            actor=actor,
            actor_label=chain.clean_text(actor_label, 254),
            action=action.value,
            participant_id=_participant_id(participant),
            participant_ids=[_participant_id(p) for p in participants],
            purpose=chain.clean_text(purpose, 40),
            changed_fields=sorted(set(changed_fields)),
            source_ip=_source_ip(request),
            user_agent=_user_agent(request),
            previous_hash=head_hash,
        )
        event.hash = chain.event_hash(key, (getattr(event, name) for name in chain.CHAINED_FIELDS))
        _save(event)
    return event


def record_events(*, events: list[dict]) -> int:
    """Writes many events at once, chained in order, with one lock of the chain head and one
    insert (the disposal engine records one event per disposed record, thousands a run). Each
    dict takes record_event's keyword arguments except `request` (there is none in a batch
    job). Returns how many were written."""
    if not events:
        return 0
    key = chain.audit_key()
    with transaction.atomic(savepoint=False):
        sequence, previous = _lock_head()
        rows = []
        now = timezone.now()
        for values in events:
            actor, actor_label = _actor_and_label(
                values.get("actor"), values.get("actor_label", "")
            )
            sequence += 1
            event = AuditEvent(
                sequence=sequence,
                occurred_at=now,
                actor=actor,
                actor_label=chain.clean_text(actor_label, 254),
                action=Action(values["action"]).value,
                participant_id=_participant_id(values.get("participant")),
                participant_ids=[_participant_id(p) for p in values.get("participants", ())],
                purpose=chain.clean_text(values["purpose"], 40),
                changed_fields=sorted(set(values.get("changed_fields", ()))),
                source_ip="",
                user_agent="",
                previous_hash=previous,
            )
            event.hash = chain.event_hash(
                key, (getattr(event, name) for name in chain.CHAINED_FIELDS)
            )
            previous = event.hash
            rows.append(event)
        AuditEvent.objects.bulk_create(rows, batch_size=500)
        AuditChainHead.objects.filter(pk=1).update(sequence=sequence, hash=previous)
    return len(rows)


# --- Monitoring ---------------------------------------------------------------------------


def _hour(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _out_of_hours(moment: datetime.datetime) -> bool:
    local = timezone.localtime(moment)
    start, end = settings.CASEWORK_WORKING_HOURS
    return local.weekday() >= 5 or not (start <= local.hour < end)


def _caseload_bound_pairs(events: list[dict]) -> set[tuple[int, object]]:
    """(actor id, participant id) of single-record reads by someone whose role in that
    participant's programme is caseload-bound, of a participant not assigned to them."""
    from casework.participants.models import Participant
    from casework.staff.models import CASELOAD_BOUND_ROLES, Membership

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
        .order_by("sequence")
        .values("sequence", "occurred_at", "actor_id", "actor_label", "action", "participant_id")
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
                "first_sequence": grouped[0]["sequence"],
            },
        )
        if created:
            raised.append(alert)
    return raised


@transaction.atomic
def review_alert(*, reviewer, alert: Alert, outcome: str, note: str = "") -> Alert:
    from casework.audit.selectors import alerts_visible_to

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
