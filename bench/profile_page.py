"""Where a page's server time goes: cProfile over BENCH_RUNS requests of one page.

    BENCH_PAGE=caseload nice .venv/bin/python bench/profile_page.py   # 10,000 dataset
    BENCH_SIZE=500000 BENCH_PAGE=timeline BENCH_SORT=cumulative ... bench/profile_page.py

Pages: caseload, participant, timeline, referrals, search, team. Prints the functions that
take the most time (BENCH_SORT: tottime, the default, or cumulative) and the page's queries
with their time. Profile before optimising; figures go in bench/README.md.
"""

import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dataset import SETTINGS, ensure_dataset  # noqa: E402
from bench.page_bench import bench_specialist_and_participant, staff_member  # noqa: E402


def main() -> None:
    size = int(os.environ.get("BENCH_SIZE", "10000"))
    os.environ["DATABASE_URL"] = ensure_dataset(size)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from casework.testing.auth import sign_in

    settings.DEBUG = False
    runs = int(os.environ.get("BENCH_RUNS", "30"))
    page = os.environ.get("BENCH_PAGE", "caseload")

    user = staff_member
    specialist, participant = bench_specialist_and_participant()
    who, url = {
        "caseload": (specialist, reverse("participants:caseload")),
        "participant": (specialist, reverse("participants:detail", args=[participant.pk])),
        "timeline": (specialist, reverse("journey:timeline", args=[participant.pk])),
        "referrals": (user("teamleader.luton"), reverse("referrals:list")),
        "search": (user("manager"), None),
        "team": (user("manager"), reverse("caseloads:team")),
    }[page]
    client = Client(SERVER_NAME="127.0.0.1")
    sign_in(client, who)
    if url is None:
        response = client.post(reverse("participants:search"), {"q": participant.last_name})
        url = response["Location"]
    for _ in range(3):
        assert client.get(url).status_code == 200
    split(client, url, runs)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler)
    groups: dict[str, float] = {}
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():
        key = filename.split("site-packages/")[-1] if "site-packages/" in filename else filename
        parts = key.replace(str(Path(__file__).resolve().parents[1]) + "/", "").split("/")
        key = "/".join(parts[:3] if parts[0] in ("django", "casework") else parts[:1])
        groups[key] = groups.get(key, 0.0) + tottime
    print(f"own time per request by module ({runs} requests, under the profiler):")
    for key, seconds in sorted(groups.items(), key=lambda kv: -kv[1])[:25]:
        print(f"  {seconds * 1000 / runs:6.2f} ms  {key}")
    # BENCH_MATCH=casework: only the functions whose path holds it
    restrictions = [r for r in [os.environ.get("BENCH_MATCH", "")] if r]
    stats.sort_stats(os.environ.get("BENCH_SORT", "tottime")).print_stats(
        *restrictions, int(os.environ.get("BENCH_TOP", "40"))
    )
    timed = []

    def timer(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append(((time.perf_counter() - began) * 1000, sql))

    with connection.execute_wrapper(timer):
        began = time.perf_counter()
        client.get(url)
        total = (time.perf_counter() - began) * 1000
    for ms, sql in timed:
        print(f"{ms:7.2f} ms  {sql[: int(os.environ.get('BENCH_SQL_WIDTH', '160'))]}")
    print(f"{sum(ms for ms, _ in timed):7.2f} ms in {len(timed)} statements; page {total:.2f} ms")


def split(client, url: str, runs: int) -> None:
    """Where one request's time goes, without the profiler: medians over `runs` requests of the
    whole request, of its statements (execute and the driver's fetch) and of the template's
    render, and the rest (middleware, building querysets and loading their rows, the view's own
    Python, the test client). A statement run while the template renders counts in both. Also
    the ORM's compiling of the statements (`SQLCompiler.as_sql`, outermost calls only), which is
    part of the rest."""
    from django.db import connection
    from django.db.models.sql.compiler import SQLCompiler
    from django.template.backends.jinja2 import Template

    spent = {"sql": 0.0, "render": 0.0, "compile": 0.0, "depth": 0}
    original_as_sql = SQLCompiler.as_sql

    def as_sql(self, *args, **kwargs):
        if spent["depth"]:
            return original_as_sql(self, *args, **kwargs)
        spent["depth"] += 1
        began = time.perf_counter()
        try:
            return original_as_sql(self, *args, **kwargs)
        finally:
            spent["depth"] -= 1
            spent["compile"] += time.perf_counter() - began

    def timer(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["sql"] += time.perf_counter() - began

    original_render = Template.render

    def render(self, *args, **kwargs):
        began = time.perf_counter()
        try:
            return original_render(self, *args, **kwargs)
        finally:
            spent["render"] += time.perf_counter() - began

    rows = []
    Template.render = render
    SQLCompiler.as_sql = as_sql
    try:
        with connection.execute_wrapper(timer):
            for _ in range(runs):
                spent.update(sql=0.0, render=0.0, compile=0.0)
                began = time.perf_counter()
                client.get(url)
                total = time.perf_counter() - began
                rows.append((total, spent["sql"], spent["render"], spent["compile"]))
    finally:
        Template.render = original_render
        SQLCompiler.as_sql = original_as_sql
    med = [statistics.median(r[i] for r in rows) * 1000 for i in range(4)]
    print(
        f"split over {runs} requests (medians): page {med[0]:.2f} ms = statements "
        f"{med[1]:.2f} ms + template render {med[2]:.2f} ms + the rest "
        f"(middleware, ORM building and loading, the view) {med[0] - med[1] - med[2]:.2f} ms, "
        f"of which compiling the statements {med[3]:.2f} ms"
    )


if __name__ == "__main__":
    main()
