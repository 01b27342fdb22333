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


def explain_report(who, scope, start, end) -> None:
    """Every statement of the partner report (the default period), EXPLAIN ANALYZEd: one line
    each (time, rows at the top, any sequential scan of a table over 50,000 rows), then the
    plan of the slowest."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casework.reports import selectors as reports

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > 50000")
        big = {r[0] for r in cursor.fetchall()}
    with CaptureQueriesContext(connection) as queries:
        reports.partner_report(scope, start=start, end=end)
    print(f"\n### Reports ({who}): every statement of the page's figures\n")
    print("| # | ms | top of the plan | seq scans of big tables | statement (start) |")
    print("|---|---|---|---|---|")
    slowest = (0.0, "", [])
    with connection.cursor() as cursor:
        for i, q in enumerate(queries.captured_queries, 1):
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) " + q["sql"])
            plan = [r[0] for r in cursor.fetchall()]
            ms = float(re.search(r"Execution Time: ([\d.]+)", plan[-1]).group(1))
            found = re.findall(r"Seq Scan on (\w+)", "\n".join(plan))
            scans = sorted({t for t in found if t in big})
            top = plan[0].split("(")[0].strip()
            print(f"| {i} | {ms:.1f} | {top} | {', '.join(scans) or 'none'} | `{q['sql'][:70]}` |")
            if ms > slowest[0]:
                slowest = (ms, q["sql"], plan)
    print(f"\nSlowest ({slowest[0]:.1f} ms): `{slowest[1][:300]}`\n```")
    print("\n".join(line for line in slowest[2] if "Buffers" not in line))
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
        keep_daily_figures(programme)
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
    team_leader = StaffUser.objects.get(email=data.staff_email("teamleader.luton"))
    for who, user in (("programme manager", manager), ("team leader", team_leader)):
        explain_report(who, reports.report_scope(user, programme), programme.starts_on, today)
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
