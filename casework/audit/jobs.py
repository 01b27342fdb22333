"""The sealing job (run every minute by casework.worker; `manage.py audit seal` does the same).
The worker imports it by its dotted path: the audit app imports neither the worker nor the apps
it records."""

import datetime

from django.conf import settings

from casework.audit.services import seal_events, unsealed_events


class AuditEventsWaitTooLong(Exception):
    """Events have waited longer than CASEWORK_AUDIT_UNSEALED_ALERT_SECONDS to be sealed: a
    transaction has been running that long (nothing newer can be sealed before it ends), or the
    sealer is failing. The run is recorded as failed, which the jobs page shows."""


def seal_audit_events(*, now: datetime.datetime) -> str:
    """Seal every event ready to be sealed into the audit chain. Idempotent: an event is sealed
    once. Fails, after sealing what it could, when an event still waits longer than the bound."""
    sealed = seal_events()
    waiting = unsealed_events()
    bound = datetime.timedelta(seconds=settings.CASEWORK_AUDIT_UNSEALED_ALERT_SECONDS)
    if waiting["oldest"] is not None and now - waiting["oldest"] > bound:
        raise AuditEventsWaitTooLong(
            f"{waiting['count']} audit events wait to be sealed, the oldest since "
            f"{waiting['oldest']:%Y-%m-%d %H:%M:%S} UTC."
        )
    return f"{sealed} events sealed into the audit chain; {waiting['count']} waiting."
