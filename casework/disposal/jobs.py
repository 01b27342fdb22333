"""The disposal engine's scheduled job (the worker runs it nightly)."""

import datetime

from django.utils import timezone

from casework.disposal.sweep import SweepLocked, run_sweep


def retention_sweep(*, now: datetime.datetime) -> str:
    """Disposes of every record due by `now`'s date. Idempotent: what is disposed of is no longer
    due, and a second run at the same time finds the lock taken."""
    try:
        result = run_sweep(today=timezone.localdate(now))
    except SweepLocked as locked:
        return str(locked)
    return result.summary()
