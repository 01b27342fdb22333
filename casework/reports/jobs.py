"""The reports' scheduled job (run nightly by casework.worker)."""

import datetime

from django.utils import timezone

from casework.programmes.models import Programme
from casework.reports.services import keep_daily_figures


def keep_report_figures(*, now: datetime.datetime) -> str:
    """Re-count every programme's daily report figures up to yesterday (docs/decisions/0176)."""
    today = timezone.localdate(now)
    kept = sum(keep_daily_figures(p, today=today) for p in Programme.objects.all())
    return f"{kept} daily report figures kept, up to {today - datetime.timedelta(days=1)}."
