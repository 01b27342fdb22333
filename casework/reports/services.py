"""The one write of the reports: recording that someone took the figures out of Casework.

Viewing a report reads no participant's record (counts only), so it is not audited as a read;
an export leaves the system, so it is, like every other export."""

import datetime
from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone

from casework.access.permissions import Action, require_permission
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.reports import selectors
from casework.reports.models import DailyFigure, FiguresKept


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


def keep_daily_figures(programme, *, now: datetime.datetime | None = None) -> int:
    """Count every measure of the programme's reports, by partner and day, over every record
    entered up to now, and the people on the programme now, replacing what was kept (so a move
    between partners, a changed date or an erasure shows after the next count). A report adds
    to them, live, only the records entered since (docs/decisions/0176, 0190).
    Returns the number of daily rows kept."""
    scope = selectors.ReportScope(programme, None, restriction="everyone")
    alone = not connection.in_atomic_block
    with transaction.atomic():
        if alone and connection.vendor == "postgresql":
            # One snapshot for every count, so that they and `counted_to` agree.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        DailyFigure.objects.filter(programme=programme).delete()
        # After the snapshot is taken (the delete above): a record entered after this moment
        # is left out of the kept figures, and counted live by the reports.
        counted_to = now or timezone.now()
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
                name, scope, None, None, by_day=True, recorded_to=counted_to
            )
        ]
        months: dict[tuple, int] = defaultdict(int)
        for row in rows:
            month = (row.measure, row.organisation_id, row.key, row.label, row.day.replace(day=1))
            months[month] += row.n
        rows += [
            DailyFigure(
                programme=programme,
                organisation_id=partner,
                key=key,
                label=label,
                day=day,
                measure=selectors.month_measure(name),
                n=n,
            )
            for (name, partner, key, label, day), n in months.items()
        ]
        rows += [
            DailyFigure(
                programme=programme,
                organisation_id=partner,
                day=timezone.localdate(counted_to),
                measure=selectors.ON_PROGRAMME_MEASURE,
                n=n,
            )
            for partner, n in selectors.on_programme(scope, kept=None, live=True).items()
        ]
        DailyFigure.objects.bulk_create(rows, batch_size=5000)
        FiguresKept.objects.update_or_create(
            programme=programme,
            defaults={"as_of": timezone.localdate(counted_to), "refreshed_at": counted_to},
        )
    return len(rows)
