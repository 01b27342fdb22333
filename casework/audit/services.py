"""Writing audit events. `record_event` writes in the caller's transaction: if the event cannot
be written, the read or change it describes fails with it."""

import ipaddress
import uuid
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from casework.audit import chain
from casework.audit.context import current_request
from casework.audit.models import (
    Action,
    AuditChainHead,
    AuditEvent,
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
