"""EXPLAIN ANALYZE of the statements behind the pages issue 16 names, on a dataset size
(bench/dataset.py), for bench/README.md: the name search, one page of team caseloads, the
reports' kept figures and their live count of today, and one page of who to tell.

    BENCH_SIZE=500000 nice .venv/bin/python bench/explain_pages.py
"""

import datetime
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dataset import SETTINGS, ensure_dataset  # noqa: E402

SIZE = int(os.environ.get("BENCH_SIZE", "500000"))


def explain(title, queryset) -> None:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) " + sql, params)
        plan = [r[0] for r in cursor.fetchall()]
    print(f"\n### {title}\n```")
    print("\n".join(line for line in plan if "Buffers" not in line))
    print("```")


def child() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()
    from django.core.paginator import Paginator
    from django.db.models import Count, Sum

    from casework.caseloads.selectors import overseeing_membership, specialists_overseen
    from casework.demo import data
    from casework.participants import selectors as participant_selectors
    from casework.participants.models import Participant, Status
    from casework.programmes.models import Programme
    from casework.register.selectors import to_tell
    from casework.reports import selectors as reports
    from casework.reports.models import DailyFigure
    from casework.reports.services import keep_daily_figures
    from casework.staff.models import StaffUser

    manager = StaffUser.objects.get(email=data.staff_email("manager"))
    programme = Programme.objects.get(slug=data.DEMO_PROGRAMME)
    today = datetime.date.today()
    if not DailyFigure.objects.filter(programme=programme).exists():
        keep_daily_figures(programme, today=today)
    name = Participant.objects.filter(local_authority_identifier="BENCH-0000000").get().last_name
    explain(
        f"Search by name ('{name}', programme manager)",
        participant_selectors._search_results(manager, name)[:50],
    )
    membership = overseeing_membership(manager)
    page = Paginator(specialists_overseen(manager, membership), 50).get_page(1)
    ids = [s.pk for s in page.object_list]
    explain(
        "Team caseloads: one page's sizes",
        Participant.objects.filter(programme=programme, assigned_specialist__in=ids)
        .exclude(status=Status.EXITED)
        .order_by()
        .values_list("assigned_specialist")
        .annotate(n=Count("id")),
    )
    explain(
        "Reports: kept job starts by partner since the programme began",
        DailyFigure.objects.filter(
            programme=programme, measure="job_starts", day__range=(programme.starts_on, today)
        )
        .order_by()
        .values_list("organisation_id", "key", "label")
        .annotate(n=Sum("n")),
    )
    scope = reports.ReportScope(programme, None)
    explain(
        "Reports: today's job starts, counted live",
        reports.MEASURES["job_starts"]
        .records(scope)
        .filter(started_on__range=(today, today))
        .order_by()
        .values_list(reports.ORGANISATION)
        .annotate(n=Count("id")),
    )
    explain(
        "Reports: people on the programme today (live, by partner)",
        reports._counted(Participant.objects, scope, prefix="")
        .filter(status__in=reports.ON_PROGRAMME)
        .order_by()
        .values_list("responsible_organisation_id")
        .annotate(n=Count("id")),
    )
    dpo = StaffUser.objects.get(email=data.staff_email("dpo"))
    queryset, _ = to_tell(dpo, programme)
    explain("Who to tell: one page (50)", queryset[:50])


def main() -> None:
    if os.environ.get("BENCH_CHILD"):
        child()
        return
    env = dict(os.environ, DATABASE_URL=ensure_dataset(SIZE), BENCH_CHILD="1")
    subprocess.run([sys.executable, __file__], check=True, env=env)


if __name__ == "__main__":
    main()
