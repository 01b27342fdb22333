"""The reports' scheduled job (run nightly by casework.worker)."""

import datetime

from django.utils import timezone

from casework.programmes.models import Programme
from casework.reports.services import keep_daily_figures


def keep_report_figures(*, now: datetime.datetime) -> str:
    """Re-count every programme's report figures over every record entered so far
    (docs/decisions/0176, 0190). Each programme's count is cut at the moment it runs, not at
    `now` (the moment the job was due), so that a record entered in between is counted once."""
    kept = sum(keep_daily_figures(p) for p in Programme.objects.all())
    return f"{kept} daily report figures kept, counted to {timezone.localtime():%Y-%m-%d %H:%M}."
