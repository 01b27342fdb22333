"""Server time of the pages in issue 16's table, at each dataset size (bench/dataset.py).

For each size in BENCH_SIZES (default "10000,500000") a child process points Django at that
size's database (built when missing) and, for each page, signs the role in, warms the page up,
then times BENCH_RUNS requests (default 15) through the whole stack (Django's test client:
middleware, selectors, audit, templates) and reports the median; it counts the page's queries;
it runs the hand-written SQL for the same data (the floor: bench/floors.py, decision 0205)
and takes its median; and it runs
EXPLAIN on every query the page made, naming any sequential scan of a table over 50,000 rows.

    nice .venv/bin/python bench/page_bench.py            # both sizes, the table on stdout
    BENCH_SIZES=10000 BENCH_RUNS=5 nice .venv/bin/python bench/page_bench.py

The reports read what the dataset holds: bench/dataset.py ends a build with the reports' nightly
count (decision 0190), so they read kept figures. BENCH_KEEP_FIGURES=1 runs the count again
first (and times it); BENCH_KEEP_FIGURES=0 forgets the kept figures, so the reports count every
record live. Both write to the database: use them on a copy (CREATE DATABASE ... TEMPLATE, and
BENCH_DATABASE_URL), never the shared dataset. The page requests themselves write audit events.

Figures go in bench/README.md; they are never test assertions.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dataset import SETTINGS, ensure_dataset  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "15"))
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,500000").split(",")]
BIG = 50_000


def staff_member(local_part: str):
    """A member of the dataset's staff (Django set up)."""
    from casework.demo import data
    from casework.staff.models import StaffUser

    return StaffUser.objects.get(email=data.staff_email(local_part))


def bench_specialist_and_participant():
    """The specialist whose pages are timed, and the participant of theirs in work whose record
    and timeline are (the same at every size: bench/profile_page.py uses them too)."""
    from casework.participants.models import Participant

    specialist = staff_member("bench.specialist0")
    participant = (
        Participant.objects.filter(assigned_specialist=specialist, status="in_work")
        .order_by("local_authority_identifier")
        .first()
    )
    return specialist, participant


def measure() -> list[dict]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from casework.testing.auth import sign_in

    settings.DEBUG = False
    from casework.programmes.models import Programme
    from casework.reports.models import DailyFigure, FiguresKept
    from casework.reports.services import keep_daily_figures

    keep = os.environ.get("BENCH_KEEP_FIGURES")
    if keep == "1":  # what the nightly job does, timed (writes: run it on a copy)
        began = time.perf_counter()
        kept = sum(keep_daily_figures(p) for p in Programme.objects.all())
        print(
            f"  report figures kept: {kept:,} rows in {time.perf_counter() - began:.1f} s",
            file=sys.stderr,
            flush=True,
        )
    elif keep == "0":  # the reports counted live from every record (writes: run it on a copy)
        FiguresKept.objects.all().delete()
        DailyFigure.objects.all().delete()
    print(
        f"  reports: figures kept to {FiguresKept.objects.values_list('refreshed_at').first()}",
        file=sys.stderr,
    )

    user = staff_member
    specialist, participant = bench_specialist_and_participant()
    manager, team_leader = user("manager"), user("teamleader.luton")
    pid = str(participant.pk)
    name = participant.last_name

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > %s", [BIG])
        big_tables = {r[0] for r in cursor.fetchall()}

    def search_url(client, q=name):
        response = client.post(reverse("participants:search"), {"q": q})
        assert response.status_code == 302, response.status_code
        return response["Location"]

    def full_name_search_url(client):
        # A surname alone matches more than 100 people at 500,000 (the page asks for more
        # detail, decision 0220); with the first name it lists a few at both sizes.
        return search_url(client, f"{participant.first_name} {name}")

    from bench import floors as floor_sql
    from casework.participants.selectors import MATCHES_LISTED, RESULTS_PER_PAGE
    from casework.referrals.views import INBOX_PAGE_SIZE

    # The hand-written floor of each page (bench/floors.py): (function, its arguments after the
    # signed-in user's session key and id).
    floors = {
        "caseload": (floor_sql.caseload, specialist, []),
        "participant": (floor_sql.participant, specialist, [pid]),
        "timeline": (floor_sql.timeline, specialist, [pid]),
        "search": (
            floor_sql.search,
            manager,
            [participant.programme_id, [name], RESULTS_PER_PAGE, MATCHES_LISTED],
        ),
        "full name": (
            floor_sql.search,
            manager,
            [
                participant.programme_id,
                [participant.first_name, name],
                RESULTS_PER_PAGE,
                MATCHES_LISTED,
            ],
        ),
        "referrals": (
            floor_sql.referrals,
            team_leader,
            [participant.programme_id, INBOX_PAGE_SIZE],
        ),
    }
    pages = [
        ("reports (team leader)", team_leader, reverse("reports:partners"), None),
        ("reports (programme manager)", manager, reverse("reports:partners"), None),
        ("team caseloads (programme manager)", manager, reverse("caseloads:team"), None),
        ("search by name (programme manager)", manager, search_url, "search"),
        ("search by full name (programme manager)", manager, full_name_search_url, "full name"),
        ("referral list (team leader)", team_leader, reverse("referrals:list"), "referrals"),
        ("caseload (specialist)", specialist, reverse("participants:caseload"), "caseload"),
        (
            "participant (specialist)",
            specialist,
            reverse("participants:detail", args=[pid]),
            "participant",
        ),
        ("timeline (specialist)", specialist, reverse("journey:timeline", args=[pid]), "timeline"),
    ]
    only = os.environ.get("BENCH_PAGES")  # e.g. "reports": only the pages whose name has it
    if only:
        pages = [p for p in pages if only in p[0]]
    rows = []
    for label, who, url, floor in pages:
        client = Client(SERVER_NAME="127.0.0.1")
        sign_in(client, who)
        if callable(url):
            url = url(client)
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, (label, response.status_code)
        times, cpu = [], []
        for _ in range(RUNS):
            began, began_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        scans = set()
        slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
        with connection.cursor() as cursor:
            for q in queries.captured_queries:
                sql = q["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                try:
                    cursor.execute("EXPLAIN " + sql)
                except Exception as exc:  # noqa: BLE001  (a statement as logged, unparsable)
                    print(f"  (no EXPLAIN: {exc})", file=sys.stderr)
                    continue
                plan = "\n".join(r[0] for r in cursor.fetchall())
                scans |= {t for t in re.findall(r"Seq Scan on (\w+)", plan) if t in big_tables}
        floor_ms = None
        if floor:
            function, floor_user, args = floors[floor]
            session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
            # The best of the floor's statements prepared (as the pages' are, decision 0231) and
            # not: a generic plan can be the slower (the inbox's floor at 10,000: 4-7 ms against
            # 1.4-1.9 ms), and the floor is the best the hand-written SQL does.
            medians = []
            for prepare in (None, "default") if connection.vendor == "postgresql" else ("default",):
                connection.ensure_connection()
                kept = getattr(connection.connection, "prepare_threshold", None)
                if prepare is None:
                    connection.connection.prepare_threshold = None
                try:
                    with connection.cursor() as cursor:
                        floor_sql.prepare(cursor)
                        floor_times = []
                        for _ in range(RUNS + 2):
                            began = time.perf_counter()
                            with transaction.atomic():
                                function(cursor, session_key, floor_user.pk, *args)
                            floor_times.append((time.perf_counter() - began) * 1000)
                finally:
                    if prepare is None:
                        connection.connection.prepare_threshold = kept
                medians.append(statistics.median(floor_times[2:]))
            floor_ms = min(medians)
        rows.append(
            {
                "page": label,
                "median_ms": statistics.median(times),
                "cpu_ms": statistics.median(cpu),
                "queries": len(queries.captured_queries),
                "floor_ms": floor_ms,
                "seq_scans": sorted(scans),
                "bytes": len(response.content),
                "slowest_sql": slowest["sql"][:300],
                "slowest_ms": float(slowest["time"]) * 1000,
            }
        )
        print(
            f"  {label}: {rows[-1]['median_ms']:.0f} ms, {rows[-1]['queries']} queries",
            file=sys.stderr,
            flush=True,
        )
    return rows


def main() -> None:
    if os.environ.get("BENCH_CHILD"):
        print(json.dumps(measure()))
        return
    results = {}
    for size in SIZES:
        url = ensure_dataset(size)
        env = dict(os.environ, DATABASE_URL=url, BENCH_CHILD="1", DJANGO_SETTINGS_MODULE=SETTINGS)
        load = os.getloadavg()[0]
        out = subprocess.run(
            [sys.executable, __file__], env=env, check=True, capture_output=True, text=True
        )
        results[size] = json.loads(out.stdout)
        sys.stderr.write(out.stderr)
        if os.environ.get("BENCH_OUT"):
            Path(f"{os.environ['BENCH_OUT']}.{size}.json").write_text(out.stdout)
        print(f"size {size:,} measured (load {load:.1f} at start)", file=sys.stderr)
    small, large = SIZES[0], SIZES[-1]
    print(
        f"| page (role) | {small:,} | {large:,} | growth | Python CPU {small:,} / {large:,} | "
        f"queries | raw SQL at {large:,} | × floor | seq scans of big tables |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for a, b in zip(results[small], results[large], strict=True):
        floor = f"{b['floor_ms']:.1f} ms" if b["floor_ms"] is not None else "—"
        ratio = f"×{b['median_ms'] / b['floor_ms']:.0f}" if b["floor_ms"] else "—"
        print(
            f"| {a['page']} | {a['median_ms']:.0f} ms | {b['median_ms']:.0f} ms | "
            f"×{b['median_ms'] / a['median_ms']:.1f} | {a['cpu_ms']:.0f} / {b['cpu_ms']:.0f} ms | "
            f"{a['queries']} / {b['queries']} | "
            f"{floor} | {ratio} | {', '.join(b['seq_scans']) or 'none'} |"
        )
    if os.environ.get("BENCH_VERBOSE"):
        for b in results[large]:
            print(f"\n{b['page']}: slowest {b['slowest_ms']:.1f} ms: {b['slowest_sql']}")


if __name__ == "__main__":
    main()
