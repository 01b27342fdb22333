"""The worker's sealing job: seals what is ready, and fails (so the jobs page shows it) when an
event has waited longer than CASEWORK_AUDIT_UNSEALED_ALERT_SECONDS."""

import datetime

import pytest
import time_machine

from casework.audit import jobs
from casework.audit.models import Action, AuditEvent, Purpose
from casework.audit.services import record_event
from casework.worker.schedule import SCHEDULE, EveryMinutes

pytestmark = pytest.mark.django_db

WRITTEN = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


def test_the_worker_seals_every_minute():
    job = next(job for job in SCHEDULE if job.name == "audit-seal")
    assert (job.path, job.when) == ("casework.audit.jobs.seal_audit_events", EveryMinutes(1))


def test_the_job_reports_what_it_sealed_and_what_waits(world):
    with time_machine.travel(WRITTEN, tick=False):
        record_event(actor=world.user("dpo"), action=Action.SIGN_IN, purpose=Purpose.SIGN_IN)
    summary = jobs.seal_audit_events(now=WRITTEN + datetime.timedelta(minutes=1))
    sealed = AuditEvent.objects.filter(sequence__isnull=False).count()
    # SQLite seals it; on PostgreSQL this test's own transaction, still running, holds it back.
    assert summary == f"{sealed} events sealed into the audit chain; {1 - sealed} waiting."


def test_the_job_fails_when_an_event_has_waited_too_long(world, monkeypatch):
    monkeypatch.setattr(jobs, "seal_events", lambda: 0)  # a sealer held back or failing
    with time_machine.travel(WRITTEN, tick=False):
        record_event(actor=world.user("dpo"), action=Action.SIGN_IN, purpose=Purpose.SIGN_IN)
    assert jobs.seal_audit_events(now=WRITTEN + datetime.timedelta(minutes=5)).endswith(
        "1 waiting."
    )
    with pytest.raises(jobs.AuditEventsWaitTooLong, match="1 audit events wait to be sealed"):
        jobs.seal_audit_events(now=WRITTEN + datetime.timedelta(minutes=5, seconds=1))


def test_the_seal_command_seals_and_says_what_waits(world):
    from io import StringIO

    from django.core.management import call_command

    record_event(actor=world.user("dpo"), action=Action.SIGN_IN, purpose=Purpose.SIGN_IN)
    out = StringIO()
    call_command("audit", "seal", stdout=out)
    sealed = AuditEvent.objects.filter(sequence__isnull=False).count()
    # SQLite seals it; on PostgreSQL this test's own transaction, still running, holds it back.
    assert out.getvalue().startswith(f"{sealed:,} events sealed into the audit chain in ")
    assert f"; {1 - sealed:,} waiting (written by transactions still running)." in out.getvalue()
