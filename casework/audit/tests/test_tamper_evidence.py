"""The trail is append-only on PostgreSQL, and `audit verify` finds any edit of a sealed event
made behind the application's back (here: directly in the database, as a superuser, with the
triggers off)."""

from contextlib import contextmanager

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from casework.audit.models import Action, AuditEvent, Purpose
from casework.audit.services import record_event
from casework.audit.testing import seal
from casework.audit.verification import verify_chain

pytestmark = pytest.mark.django_db

on_postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only triggers exist on PostgreSQL only"
)


@pytest.fixture
def trail(world, participant_a):
    """Three sealed events (as stored: with their sequence numbers)."""
    user = world.user("team_leader_a")
    events = [
        record_event(
            actor=user, action=Action.PARTICIPANT_READ, participant=participant_a, purpose=purpose
        )
        for purpose in (Purpose.CASE_MANAGEMENT, Purpose.CASELOAD, Purpose.EDITING)
    ]
    assert seal() == 3
    return [AuditEvent.objects.get(pk=event.pk) for event in events]


@contextmanager
def triggers_off():
    """What a database superuser can do: switch triggers off for the session."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify_output() -> str:
    try:
        call_command("audit", "verify", stdout=(out := _Buffer()))
    except CommandError as error:
        return f"FAILED: {error}"
    return out.text


class _Buffer:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_an_intact_trail_verifies(trail):
    assert "intact: 3 events checked" in verify_output()


def test_a_directly_edited_purpose_is_caught(trail):
    with triggers_off():
        raw("UPDATE audit_auditevent SET purpose = 'x' WHERE sequence = %s", [trail[1].sequence])
    output = verify_output()
    assert output.startswith(f"FAILED: The audit trail is broken at event #{trail[1].sequence}")
    assert "does not match its contents (changed)" in output


def test_an_edit_that_also_recomputes_an_unkeyed_hash_is_caught(trail):
    with triggers_off():
        raw(
            "UPDATE audit_auditevent SET hash = %s WHERE sequence = %s",
            ["f" * 64, trail[0].sequence],
        )
    assert f"broken at event #{trail[0].sequence}" in verify_output()


def test_a_deleted_event_in_the_middle_is_caught(trail):
    with triggers_off():
        raw("DELETE FROM audit_auditevent WHERE sequence = %s", [trail[1].sequence])
    output = verify_output()
    assert f"broken at event #{trail[1].sequence}: missing" in output


def test_deleting_the_newest_events_is_caught_by_the_chain_head(trail):
    with triggers_off():
        raw("DELETE FROM audit_auditevent WHERE sequence = %s", [trail[2].sequence])
    assert f"broken at event #{trail[2].sequence}: missing" in verify_output()


def test_verify_reports_how_far_it_got(trail):
    with triggers_off():
        raw(
            "UPDATE audit_auditevent SET actor_label = 'x' WHERE sequence = %s",
            [trail[2].sequence],
        )
    result = verify_chain(batch_size=2)
    assert result.broken.sequence == trail[2].sequence
    assert result.checked == trail[2].sequence - 1


@on_postgresql_only
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET purpose = 'x'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
    ],
)
def test_postgresql_rejects_changes_to_the_trail(trail, statement):
    raw("SET CONSTRAINTS ALL IMMEDIATE")  # let TRUNCATE reach the trigger
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(statement)
    assert AuditEvent.objects.count() == 3
    assert verify_chain().intact


@on_postgresql_only
def test_postgresql_builds_the_same_canonical_text_as_python(world, participant_a, participant_b):
    from casework.audit import chain

    user = world.user("team_leader_a")
    record_event(actor=None, actor_label="Zoë O'Brien|x", action=Action.SIGN_IN_FAILED, purpose="")
    record_event(
        actor=user,
        action=Action.PARTICIPANT_SEARCH,
        participants=[participant_a, participant_b],
        purpose=Purpose.SEARCH,
    )
    record_event(
        actor=user,
        action=Action.PARTICIPANT_UPDATE,
        participant=participant_a,
        changed_fields=["phone", "first_name"],
        purpose=Purpose.EDITING,
    )
    with time_machine.travel("2026-03-01 09:00:00+00:00", tick=False):  # no microseconds
        record_event(actor=user, action=Action.SIGN_OUT, purpose=Purpose.SIGN_IN)
    seal()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {chain.CANONICAL_SQL}, {chain.CANONICAL_STRICT_SQL} "  # noqa: S608
            "FROM audit_auditevent ORDER BY sequence"
        )
        both = cursor.fetchall()
        from_sql = [row[0] for row in both]
        assert from_sql == [row[1] for row in both]  # no field NULL here: the strict one too
    from_python = [
        chain.canonical(row)
        for row in AuditEvent.objects.order_by("sequence").values_list(*chain.CHAINED_FIELDS)
    ]
    assert from_sql == from_python


@on_postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_verify_finds_the_first_broken_link(world, participant_a):
    user = world.user("dpo")
    for _ in range(9):
        record_event(
            actor=user, action=Action.PARTICIPANT_READ, participant=participant_a, purpose="x"
        )
    seal()
    assert verify_chain(workers=3, batch_size=2) == verify_chain(batch_size=2)
    assert verify_chain(workers=3).intact
    with triggers_off():
        raw("UPDATE audit_auditevent SET purpose = 'y' WHERE sequence IN (5, 8)")
    result = verify_chain(workers=3, batch_size=2)
    assert (result.broken.sequence, result.checked) == (5, 4)


def test_verify_prints_its_progress(trail, monkeypatch):
    from casework.oversight.management.commands import audit

    monkeypatch.setattr(audit, "PROGRESS_EVERY", 2)
    out = _Buffer()
    call_command("audit", "verify", "--batch-size", "1", "--workers", "1", stdout=out)
    assert "Checked 2 events…" in out.text
    assert "intact: 3 events checked" in out.text


def test_an_event_reordered_in_the_chain_is_caught(trail):
    """Swapping two sealed events' positions (and their links) breaks their hashes."""
    first, second = trail[0], trail[1]
    with triggers_off():
        raw("UPDATE audit_auditevent SET sequence = -1 WHERE id = %s", [first.pk])
        raw(
            "UPDATE audit_auditevent SET sequence = %s, previous_hash = %s WHERE id = %s",
            [first.sequence, first.previous_hash, second.pk],
        )
        raw(
            "UPDATE audit_auditevent SET sequence = %s, previous_hash = %s WHERE id = %s",
            [second.sequence, second.previous_hash, first.pk],
        )
    assert f"broken at event #{first.sequence}" in verify_output()


def test_an_event_inserted_into_the_sealed_chain_is_caught(trail):
    """A forged event slipped in at the end, linked to the real head but hashed without the key,
    does not verify (and the chain head does not name it)."""
    last = trail[2]
    with triggers_off():
        raw(
            "INSERT INTO audit_auditevent (sequence, occurred_at, actor_label, action, "
            "participant_ids, purpose, changed_fields, source_ip, user_agent, previous_hash, hash)"
            " VALUES (%s, %s, 'forger', 'sign_in', '[]', '', '[]', '', '', %s, %s)",
            [last.sequence + 1, last.occurred_at, last.hash, "e" * 64],
        )
    assert f"broken at event #{last.sequence + 1}" in verify_output()


def test_unsealing_an_event_is_caught(trail):
    """Taking a sealed event back out of the chain (to hide it among the unsealed) leaves a hole."""
    with triggers_off():
        raw("UPDATE audit_auditevent SET sequence = NULL, hash = NULL WHERE id = %s", [trail[1].pk])
    assert f"broken at event #{trail[1].sequence}: missing" in verify_output()


def test_verify_reports_the_events_not_sealed_yet(trail, world):
    with time_machine.travel("2026-03-01 09:00:00+00:00", tick=False):
        record_event(actor=world.user("dpo"), action=Action.SIGN_IN, purpose=Purpose.SIGN_IN)
    with time_machine.travel("2026-03-01 09:01:00+00:00", tick=False):
        output = verify_output()
        result = verify_chain()
    assert "intact: 3 events checked" in output
    assert "1 events wait to be sealed into the chain (not checked yet)" in output
    assert "written 60 s ago" in output
    assert (result.unsealed, result.oldest_unsealed.isoformat()) == (1, "2026-03-01T09:00:00+00:00")


def test_verify_warns_when_an_event_has_waited_too_long(trail, world):
    with time_machine.travel("2026-03-01 09:00:00+00:00", tick=False):
        record_event(actor=world.user("dpo"), action=Action.SIGN_IN, purpose=Purpose.SIGN_IN)
    errors = _Buffer()
    with time_machine.travel("2026-03-01 09:10:00+00:00", tick=False):
        call_command("audit", "verify", stdout=_Buffer(), stderr=errors)
    assert "written 600 s ago. That is longer than the 300 s the sealer should take" in errors.text


@on_postgresql_only
def test_postgresql_lets_an_event_be_sealed_once_and_never_changed(world):
    event = record_event(actor=world.user("dpo"), action=Action.SIGN_IN, purpose=Purpose.SIGN_IN)
    raw("SET CONSTRAINTS ALL IMMEDIATE")
    for statement in (
        "UPDATE audit_auditevent SET purpose = 'x' WHERE id = %s",  # unsealed: still no edits
        "UPDATE audit_auditevent SET sequence = 7, hash = 'h', purpose = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw(statement, [event.pk])
    assert seal() == 1
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("UPDATE audit_auditevent SET sequence = 99, hash = 'h' WHERE id = %s", [event.pk])
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.purpose, stored.sealed) == (Purpose.SIGN_IN, True)
    assert verify_chain().intact


@pytest.mark.parametrize(
    "key", [b"k", b"a 32-byte key for the audit trail", b"x" * 64, b"a key longer than a block" * 4]
)
def test_verify_computes_the_same_hmac_as_the_writer(key):
    from casework.audit import chain

    messages = [b"", b"1\x1f2\x1fZo\xc3\xab", b"m" * 1000]
    assert chain.hex_macs(chain.hmac_pads(key), messages) == [
        chain.hmac.new(key, message, chain.hashlib.sha256).hexdigest() for message in messages
    ]


NINE_EVENTS_TAMPERED = {
    "changed": (
        ["UPDATE audit_auditevent SET purpose = 'y' WHERE sequence = 5"],
        "its hash does not match its contents (changed)",
    ),
    "hash replaced": (
        ["UPDATE audit_auditevent SET hash = repeat('f', 64) WHERE sequence = 5"],
        "its hash does not match its contents (changed)",
    ),
    "link replaced": (
        ["UPDATE audit_auditevent SET previous_hash = repeat('f', 64) WHERE sequence = 5"],
        "does not link to the previous event's hash",
    ),
    "removed": (
        ["DELETE FROM audit_auditevent WHERE sequence = 5"],
        "missing: the trail jumps to #6",
    ),
    "inserted": (  # a forged #5, linked to #4, the real #5 to #9 moved up one
        [
            "UPDATE audit_auditevent SET sequence = -sequence WHERE sequence >= 5",
            "UPDATE audit_auditevent SET sequence = 1 - sequence WHERE sequence < 0",
            "INSERT INTO audit_auditevent (sequence, occurred_at, actor_label, action, "
            "participant_ids, purpose, changed_fields, source_ip, user_agent, previous_hash, hash) "
            "SELECT 5, occurred_at, 'forger', 'sign_in', '[]', '', '[]', '', '', hash, "
            "repeat('e', 64) FROM audit_auditevent WHERE sequence = 4",
        ],
        "its hash does not match its contents (changed)",
    ),
    # A field set to NULL and its text moved into the next one: the text concat_ws builds is
    # unchanged, the one verify hashes is NULL.
    "fields shifted": (
        [
            "SET CONSTRAINTS ALL IMMEDIATE",  # fire the pending trigger events before ALTER
            "ALTER TABLE audit_auditevent ALTER COLUMN actor_label DROP NOT NULL",
            "UPDATE audit_auditevent SET actor_label = NULL, "
            "action = actor_label || E'\\x1f' || action WHERE sequence = 5",
        ],
        "its hash does not match its contents (changed)",
    ),
}


@on_postgresql_only
@pytest.mark.parametrize("tampering", NINE_EVENTS_TAMPERED)
def test_the_batch_walk_names_the_first_broken_link_at_any_batch_size(
    world, participant_a, tampering
):
    """PostgreSQL checks a batch at a time and walks event by event only a batch that does not
    pass: whatever the batch boundaries, the first broken link and its reason are the same."""
    user = world.user("dpo")
    for _ in range(9):
        record_event(
            actor=user, action=Action.PARTICIPANT_READ, participant=participant_a, purpose="x"
        )
    seal()
    assert verify_chain(batch_size=4).intact
    statements, reason = NINE_EVENTS_TAMPERED[tampering]
    with triggers_off():
        for statement in statements:
            raw(statement)
    for batch_size in (1, 2, 4, 5, 9, 20_000):
        result = verify_chain(batch_size=batch_size)
        assert (result.broken.sequence, result.broken.reason, result.checked) == (5, reason, 4)
