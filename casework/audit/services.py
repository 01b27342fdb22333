"""Writing audit events. `record_event` writes in the caller's transaction: if the event cannot
be written, the read or change it describes fails with it."""

import ipaddress
import uuid
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Min
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
    """The newest sealed sequence number and hash, with the chain-head row locked for the rest
    of the transaction (SELECT ... FOR UPDATE; on SQLite the transaction's write lock does the
    same). Created from the newest sealed event if missing (a new database, or after a flush).
    Only the sealer takes it: writing an event never does."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = f"SELECT sequence, hash FROM audit_auditchainhead WHERE id = 1{lock}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
        if row is None:
            last = (
                AuditEvent.objects.filter(sequence__isnull=False)
                .order_by("-id")
                .values_list("sequence", "hash")
                .first()
            )
            sequence, last_hash = last or (0, chain.GENESIS_HASH)
            AuditChainHead.objects.get_or_create(
                pk=1, defaults={"sequence": sequence, "hash": last_hash}
            )
            cursor.execute(sql)
            row = cursor.fetchone()
    return row


# The columns an event is written with (the database gives `id`; the sealer `sequence`, `hash`
# and `previous_hash`; PostgreSQL `xid`).
_WRITTEN = ("occurred_at", "actor_id", "actor_label", "action", "participant_id")
_WRITTEN += ("participant_ids", "purpose", "changed_fields", "source_ip", "user_agent")
_WRITTEN += ("previous_hash",)
_XID_SQL = "pg_current_xact_id()::text::bigint"


def _insert(event: AuditEvent) -> None:
    """Insert the event, in one statement and one round trip, locking nothing. On PostgreSQL
    with the inserting transaction's id, for the sealer."""
    if connection.vendor != "postgresql":
        event.save(force_insert=True)
        return
    fields = [AuditEvent._meta.get_field(name) for name in _WRITTEN]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields]
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO audit_auditevent ({columns}, xid) "  # noqa: S608
            f"VALUES ({placeholders}, {_XID_SQL}) RETURNING id",
            values,
        )
        event.id = cursor.fetchone()[0]
    event._state.adding = False
    event._state.db = connection.alias


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
    """Write one audit event (sealed into the chain by `seal_events` a few seconds later).
    `changed_fields` are field NAMES; values are never recorded. `participants` lists the
    participants (or their ids) of an event about many of them, such as a search result or a
    page of a list."""
    chain.audit_key()  # fail here, in the caller's transaction, without a key to seal with
    action = Action(action)
    request = request if request is not None else current_request()
    actor, actor_label = _actor_and_label(actor, actor_label)
    event = AuditEvent(
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
    )
    if connection.in_atomic_block:
        # No savepoint: if the event cannot be written, the caller's whole transaction fails.
        with transaction.atomic(savepoint=False):
            _insert(event)
    else:
        # Outside a transaction (an audited read): the one INSERT is its own transaction, so
        # the event costs one round trip, not BEGIN, INSERT and COMMIT.
        _insert(event)
    return event


def record_events(*, events: list[dict]) -> int:
    """Writes many events at once, in one insert and in order (the disposal engine records one
    event per disposed record, thousands a run). Each dict takes record_event's keyword
    arguments except `request` (there is none in a batch job). Returns how many were written."""
    if not events:
        return 0
    chain.audit_key()
    with transaction.atomic(savepoint=False):
        xid = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {_XID_SQL}")  # noqa: S608
                xid = cursor.fetchone()[0]
        now = timezone.now()
        rows = []
        for values in events:
            actor, actor_label = _actor_and_label(
                values.get("actor"), values.get("actor_label", "")
            )
            rows.append(
                AuditEvent(
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
                    xid=xid,
                )
            )
        AuditEvent.objects.bulk_create(rows, batch_size=500)
    return len(rows)


# --- Sealing ---------------------------------------------------------------------------------

SEAL_BATCH_SIZE = 5_000

# PostgreSQL: events whose inserting transaction is older than every running one. No running
# transaction can still commit an event that belongs before them, so they are chained in id
# order. (An event with no xid, such as one copied in by a bulk load, is committed if visible.)
_READY_POSTGRESQL = (
    "sequence IS NULL AND (xid IS NULL "
    "OR xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint)"
)


def _unsealed_postgresql(limit: int, everything_visible: bool) -> list[tuple[int, str]]:
    ready = "sequence IS NULL" if everything_visible else _READY_POSTGRESQL
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, concat_ws(E'\\x1f', {chain.CANONICAL_CONTENT_SQL}) "  # noqa: S608
            f"FROM audit_auditevent WHERE {ready} ORDER BY id LIMIT %s",
            [limit],
        )
        return cursor.fetchall()


def _unsealed_portable(limit: int) -> list[tuple[int, str]]:
    # SQLite: writes are serialised, and the sealer holds the write lock, so every event it can
    # see is committed (or its own transaction's).
    rows = (
        AuditEvent.objects.filter(sequence=None)
        .order_by("id")
        .values_list("id", *chain.SEALED_FIELDS)[:limit]
    )
    return [(row[0], chain.canonical(row[1:])) for row in rows]


def _write_seals(seals: list[tuple[int, int, str, str]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            ids, sequences, previous, hashes = (list(column) for column in zip(*seals, strict=True))
            cursor.execute(
                "UPDATE audit_auditevent AS e SET sequence = s.sequence, "
                "previous_hash = s.previous_hash, hash = s.hash "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[]) "
                "AS s(id, sequence, previous_hash, hash) "
                "WHERE e.id = s.id AND e.sequence IS NULL",
                [ids, sequences, previous, hashes],
            )
        else:
            cursor.executemany(
                "UPDATE audit_auditevent SET sequence = %s, previous_hash = %s, hash = %s "
                "WHERE id = %s AND sequence IS NULL",
                [(sequence, prev, digest, id_) for id_, sequence, prev, digest in seals],
            )
        if cursor.rowcount != len(seals):
            raise RuntimeError("Another process sealed audit events while the head was locked.")


def _seal_batch(key: bytes, batch_size: int, everything_visible: bool) -> int:
    with transaction.atomic():
        sequence, previous = _lock_head()
        if connection.vendor == "postgresql":
            rows = _unsealed_postgresql(batch_size, everything_visible)
        else:
            rows = _unsealed_portable(batch_size)
        if not rows:
            return 0
        base = chain.hasher(key)
        seals = []
        for id_, content in rows:
            sequence += 1
            digest = base.copy()
            digest.update(chain.sealed_text(sequence, content, previous).encode("utf-8"))
            seals.append((id_, sequence, previous, digest.hexdigest()))
            previous = seals[-1][3]
        _write_seals(seals)
        AuditChainHead.objects.filter(pk=1).update(sequence=sequence, hash=previous)
        return len(seals)


def seal_events(*, batch_size: int = SEAL_BATCH_SIZE, everything_visible: bool = False) -> int:
    """Seal the events ready to be sealed into the chain, oldest id first: give each the next
    sequence number, the previous event's hash and its HMAC (as `chain.event_hash` computes
    it), and move the chain head. One batch per transaction, each holding the head's lock, so
    one sealer at a time; writers of events never wait for it. Returns how many were sealed.

    `everything_visible` (tests only, where the test's own transaction wrote the events): also
    seal events of still-running transactions that this connection can see."""
    key = chain.audit_key()
    sealed = 0
    while True:
        count = _seal_batch(key, batch_size, everything_visible)
        sealed += count
        if count < batch_size:
            return sealed


def unsealed_events() -> dict:
    """How many events wait to be sealed, and when the oldest of them happened."""
    return AuditEvent.objects.filter(sequence=None).aggregate(
        count=Count("id"), oldest=Min("occurred_at")
    )
