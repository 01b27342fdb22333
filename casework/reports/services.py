"""The one write of the reports: recording that someone took the figures out of Casework.

Viewing a report reads no participant's record (counts only), so it is not audited as a read;
an export leaves the system, so it is, like every other export."""

import datetime

from django.db import transaction
from django.utils import timezone

from casework.access.permissions import Action, require_permission
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.reports import selectors
from casework.reports.models import DailyFigure, FiguresKept

EARLIEST = datetime.date(1900, 1, 1)


@transaction.atomic
def record_partner_report_export(
    *, actor, programme, start: datetime.date, end: datetime.date, columns: list[str]
):
    """One audit event for a download of the by-partner figures: the period as its purpose, the
    column names as its fields (never values).
    Refused unless the actor may export in the programme."""
    require_permission(actor, Action.EXPORT, programme)
    return record_event(
        actor=actor,
        action=AuditAction.EXPORT,
        # 39 characters: the audit trail keeps 40.
        purpose=f"partner report {start:%Y-%m-%d} to {end:%Y-%m-%d}",
        changed_fields=columns,
    )


@transaction.atomic
def keep_daily_figures(programme, *, today: datetime.date) -> int:
    """Count every measure of the programme's reports, by partner and day, for every day before
    `today`, replacing what was kept (so a record added late, a move between partners or an
    erasure is reflected after the next run). Returns the number of daily rows kept."""
    scope = selectors.ReportScope(programme, None, restriction="everyone")
    DailyFigure.objects.filter(programme=programme).delete()
    rows = [
        DailyFigure(
            programme=programme,
            organisation_id=partner,
            key=key or "",
            label=label or "",
            day=day,
            measure=name,
            n=n,
        )
        for name in selectors.MEASURES
        for partner, key, label, day, n in selectors.live_counts(
            name, scope, EARLIEST, today - selectors.ONE_DAY, by_day=True
        )
    ]
    DailyFigure.objects.bulk_create(rows, batch_size=5000)
    FiguresKept.objects.update_or_create(
        programme=programme, defaults={"as_of": today, "refreshed_at": timezone.now()}
    )
    return len(rows)
