"""Writers in parallel transactions take no lock; the one sealer numbers their events without a
gap and the chain stays one line (PostgreSQL: the production database, with real concurrent
connections)."""

import threading

import pytest
from django.db import connection, connections, transaction

from casework.audit.models import Action, AuditEvent, Purpose
from casework.audit.services import record_event, seal_events
from casework.audit.testing import seal
from casework.audit.verification import verify_chain
from casework.testing import factories


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_writers_do_not_fork_the_chain():
    users = [factories.StaffUserFactory() for _ in range(4)]
    errors = []

    def write(user):
        try:
            for _ in range(25):
                record_event(actor=user, action=Action.SIGN_IN, purpose=Purpose.SIGN_IN)
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert not AuditEvent.objects.filter(sequence__isnull=False).exists()
    seal()
    in_id_order = AuditEvent.objects.order_by("id").values_list("sequence", flat=True)
    assert list(in_id_order) == list(range(1, 101))
    assert verify_chain().intact


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_sealer_waits_for_a_transaction_that_began_writing_earlier():
    """An event committed while an older transaction that wrote one is still running is not
    sealed yet: the older one's event (a smaller id) must come first in the chain."""
    older_wrote, newer_committed = threading.Event(), threading.Event()
    user = factories.StaffUserFactory()
    older_event = {}

    def older():
        try:
            with transaction.atomic():
                older_event["id"] = record_event(
                    actor=user, action=Action.SIGN_IN, purpose=Purpose.SIGN_IN
                ).pk
                older_wrote.set()
                newer_committed.wait(timeout=30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=older)
    thread.start()
    try:
        assert older_wrote.wait(timeout=30)
        newer = record_event(actor=user, action=Action.SIGN_OUT, purpose=Purpose.SIGN_IN)
        assert newer.pk > older_event["id"]
        seal_events()
        assert AuditEvent.objects.get(pk=newer.pk).sequence is None
    finally:
        newer_committed.set()
        thread.join()
