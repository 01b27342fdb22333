"""`manage.py audit alerts --hours N` on a dataset (bench/dataset.py), timed (issue 16.5).

It writes alerts, so run it against a copy of the dataset, never the shared one:

    psql -c 'CREATE DATABASE casework_x_500000 TEMPLATE casework_bench_scale_500000'
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_x_500000 BENCH_SIZE=500000 \\
        nice .venv/bin/python bench/alerts_bench.py

BENCH_HOURS (default 720) is the look-back. It runs twice: the first raises the alerts, the
second finds them raised (the hourly job's overlap). Prints the audit events in the window,
wall time, the process's peak RSS, statements, and the longest transaction (one hour's).
"""

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dataset import SETTINGS, ensure_dataset  # noqa: E402

SIZE = int(os.environ.get("BENCH_SIZE", "10000"))
HOURS = int(os.environ.get("BENCH_HOURS", "720"))


def child() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import datetime

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from casework.audit.models import Alert, AuditEvent
    from casework.oversight.jobs import raise_monitoring_alerts

    now = timezone.now()
    window = AuditEvent.objects.filter(
        occurred_at__gte=now - datetime.timedelta(hours=HOURS), occurred_at__lt=now
    ).count()
    print(f"{window:,} audit events in the last {HOURS} hours; {Alert.objects.count():,} alerts")
    for run in ("first", "again"):
        load = os.getloadavg()[0]
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            summary = raise_monitoring_alerts(now=now, hours=HOURS)
        took = time.perf_counter() - began
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{run}: {took:.1f} s, {len(queries.captured_queries):,} statements, "
            f"peak RSS {rss:.0f} MB, load {load:.1f}: {summary}"
        )


def main() -> None:
    if os.environ.get("BENCH_CHILD"):
        child()
        return
    env = dict(os.environ, DATABASE_URL=ensure_dataset(SIZE), BENCH_CHILD="1")
    subprocess.run([sys.executable, __file__], check=True, env=env)


if __name__ == "__main__":
    main()
