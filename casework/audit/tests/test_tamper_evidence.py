"""The trail is append-only on PostgreSQL, and `audit verify` finds any edit made behind the
application's back (here: directly in the database, as a superuser, with the triggers off)."""

from contextlib import contextmanager

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from casework.audit.models import Action, AuditEvent, Purpose
from casework.audit.services import record_event
from casework.audit.verification import verify_chain

pytestmark = pytest.mark.django_db

on_postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only triggers exist on PostgreSQL only"
)


@pytest.fixture
def trail(world, participant_a):
    user = world.user("team_leader_a")
    return [
        record_event(
            actor=user, action=Action.PARTICIPANT_READ, participant=participant_a, purpose=purpose
        )
        for purpose in (Purpose.CASE_MANAGEMENT, Purpose.CASELOAD, Purpose.EDITING)
    ]


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
        raw("UPDATE audit_auditevent SET purpose = %s WHERE sequence = %s", ["x", trail[1].pk])
    output = verify_output()
    assert output.startswith(f"FAILED: The audit trail is broken at event #{trail[1].pk}")
    assert "does not match its contents (changed)" in output


def test_an_edit_that_also_recomputes_an_unkeyed_hash_is_caught(trail):
    with triggers_off():
        raw("UPDATE audit_auditevent SET hash = %s WHERE sequence = %s", ["f" * 64, trail[0].pk])
    assert f"broken at event #{trail[0].pk}" in verify_output()


def test_a_deleted_event_in_the_middle_is_caught(trail):
    with triggers_off():
        raw("DELETE FROM audit_auditevent WHERE sequence = %s", [trail[1].pk])
    output = verify_output()
    assert f"broken at event #{trail[1].pk}: missing" in output


def test_deleting_the_newest_events_is_caught_by_the_chain_head(trail):
    with triggers_off():
        raw("DELETE FROM audit_auditevent WHERE sequence = %s", [trail[2].pk])
    assert f"broken at event #{trail[2].pk}: missing" in verify_output()


def test_verify_reports_how_far_it_got(trail):
    with triggers_off():
        raw("UPDATE audit_auditevent SET actor_label = 'x' WHERE sequence = %s", [trail[2].pk])
    result = verify_chain(batch_size=2)
    assert result.broken.sequence == trail[2].pk
    assert result.checked == trail[2].pk - 1


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
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {chain.CANONICAL_SQL} FROM audit_auditevent ORDER BY sequence")  # noqa: S608
        from_sql = [row[0] for row in cursor.fetchall()]
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
