"""The flush the test suite runs between transactional tests (casework/audit/management/commands/
flush.py): every table empty, the audit trail's triggers on again afterwards, and Django's own
rows (content types, permissions) still there, as after any flush."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from casework.audit.models import Action, AuditEvent, Purpose
from casework.audit.services import record_event
from casework.participants.models import Participant
from casework.staff.models import StaffUser

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only triggers exist on PostgreSQL only"
)


@pytest.mark.django_db(transaction=True)
def test_the_flush_between_tests_empties_every_table_the_trail_included(world, participant_a):
    record_event(
        actor=world.user("dpo"),
        action=Action.PARTICIPANT_READ,
        participant=participant_a,
        purpose=Purpose.CASE_MANAGEMENT,
    )
    assert AuditEvent.objects.exists() and Participant.objects.exists()

    # What TransactionTestCase asks for: sequences kept, no question asked.
    call_command("flush", interactive=False, reset_sequences=False, verbosity=0)

    with connection.cursor() as cursor:
        non_empty = []
        for table in connection.introspection.django_table_names(only_existing=True):
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {connection.ops.quote_name(table)})")  # noqa: S608
            if cursor.fetchone()[0]:
                non_empty.append(table)
    # Only what post_migrate would put back, kept in place.
    assert sorted(non_empty) == ["auth_permission", "django_content_type"]
    assert ContentType.objects.filter(app_label="participants", model="participant").exists()
    assert Permission.objects.filter(codename="view_participant").exists()
    assert not StaffUser.objects.exists()

    # The triggers are on again: the next event still cannot be deleted.
    event = record_event(actor=None, action=Action.SIGN_IN, purpose=Purpose.SIGN_IN)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
