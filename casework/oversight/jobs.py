"""The monitoring job (run hourly by casework.worker). It lives here, above the record apps,
because its rules read whose caseload a participant is on: the audit app never imports the apps
it records, nor the worker (the import-linter contracts in pyproject.toml)."""

import datetime

from casework.oversight.services import raise_alerts

LOOK_BACK_HOURS = 24


def raise_monitoring_alerts(*, now: datetime.datetime, hours: int = LOOK_BACK_HOURS) -> str:
    """Apply the monitoring rules to the audit events of the `hours` before `now`. Idempotent:
    an alert already raised for a rule, person and hour is not raised again, so the overlap of
    hourly runs over a day's window adds nothing, and a missed hour is caught up."""
    raised = raise_alerts(since=now - datetime.timedelta(hours=hours), until=now)
    return f"{len(raised)} new alerts from the last {hours} hours of the audit trail."
