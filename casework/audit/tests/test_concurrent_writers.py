"""Writers in parallel transactions queue on the chain head: numbers stay gapless and the chain
stays one line (PostgreSQL: the production database, with real concurrent connections)."""

import threading

import pytest
from django.db import connection, connections

from casework.audit.models import Action, AuditEvent, Purpose
from casework.audit.services import record_event
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
    assert list(AuditEvent.objects.values_list("sequence", flat=True)) == list(range(1, 101))
    assert verify_chain().intact
