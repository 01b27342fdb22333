"""Audited writes from many connections at once (issue 16.3): today's chain (every event takes
the lock on the chain head until its transaction commits) against an append-only alternative
(events inserted with no lock, sealed into the chain afterwards, in batches, by one sealer).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_bench_scale_10000 \\
        BENCH_WRITERS=16 BENCH_EVENTS_EACH=200 \\
        nice .venv/bin/python bench/audit_concurrency_bench.py

Each writer is a thread with its own connection; each event is its own transaction (as on an
audited page: the read, the event, the commit). The alternative's table is a scratch table
(`bench_audit_pending`), dropped at the end; today's events go into the real trail through
`record_event`, so `audit verify` still passes after a run. Figures go in bench/README.md.
"""

import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, connections, transaction  # noqa: E402

from casework.audit import chain  # noqa: E402
from casework.audit.models import Action, Purpose  # noqa: E402
from casework.audit.services import record_event  # noqa: E402
from casework.participants.models import Participant  # noqa: E402
from casework.staff.models import StaffUser  # noqa: E402

WRITERS = int(os.environ.get("BENCH_WRITERS", "16"))
EACH = int(os.environ.get("BENCH_EVENTS_EACH", "200"))

PENDING = """
CREATE TABLE IF NOT EXISTS bench_audit_pending (
    id bigserial PRIMARY KEY,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_id bigint, actor_label text, action text, participant_id uuid,
    participant_ids jsonb, purpose text, changed_fields jsonb, source_ip text, user_agent text
)"""
INSERT = (
    "INSERT INTO bench_audit_pending (actor_id, actor_label, action, participant_id, "
    "participant_ids, purpose, changed_fields, source_ip, user_agent) "
    "VALUES (%s, %s, %s, %s, '[]', %s, '[]', '10.0.0.1', 'bench')"
)


def run_writers(write) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(WRITERS + 1)

    def worker():
        mine = []
        try:
            barrier.wait()
            for _ in range(EACH):
                began = time.perf_counter()
                write()
                mine.append((time.perf_counter() - began) * 1000)
        finally:
            connections.close_all()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(WRITERS)]
    for t in threads:
        t.start()
    barrier.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - began, latencies


def main() -> None:
    assert connection.vendor == "postgresql"
    user = StaffUser.objects.order_by("pk").first()
    participant = Participant.objects.order_by("pk").first()
    pid = str(participant.pk)

    def today_design():
        with transaction.atomic():
            Participant.objects.filter(pk=pid).values_list("status").first()  # the page's read
            record_event(
                actor=user,
                action=Action.PARTICIPANT_READ,
                participant=participant,
                purpose=Purpose.CASE_MANAGEMENT,
            )

    def append_only():
        with transaction.atomic():
            Participant.objects.filter(pk=pid).values_list("status").first()
            with connection.cursor() as cursor:
                cursor.execute(
                    INSERT,
                    [user.pk, user.email, Action.PARTICIPANT_READ, pid, Purpose.CASE_MANAGEMENT],
                )

    def read_only():
        with transaction.atomic():
            Participant.objects.filter(pk=pid).values_list("status").first()

    with connection.cursor() as cursor:
        cursor.execute(PENDING)
        cursor.execute("TRUNCATE bench_audit_pending")
    print(f"{WRITERS} writers x {EACH} events each; load {os.getloadavg()[0]:.1f}")
    for name, write in (
        ("no audit (the read alone)", read_only),
        ("today: chain-head lock", today_design),
        ("append-only, sealed later", append_only),
    ):
        seconds, latencies = run_writers(write)
        latencies.sort()
        total = WRITERS * EACH
        p95 = latencies[int(len(latencies) * 0.95)]
        print(
            f"{name}: {total / seconds:,.0f} events/s; latency median "
            f"{statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms "
            f"(load {os.getloadavg()[0]:.1f})",
            flush=True,
        )

    # The sealer: events whose inserting transaction is older than every running transaction
    # (xid < the snapshot's xmin) can no longer be joined by an earlier id, so they are chained
    # in id order, in batches, after the real trail's head (here into a scratch copy).
    key = chain.audit_key()
    hasher = chain.hasher(key)
    with connection.cursor() as cursor:
        waited = time.perf_counter()
        for _ in range(600):  # a benchmark may poll; until every event can be sealed (60 s)
            cursor.execute(
                "SELECT count(*) FROM bench_audit_pending "
                "WHERE xid >= pg_snapshot_xmin(pg_current_snapshot())"
            )
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.1)
        print(f"sealer: waited {time.perf_counter() - waited:.1f} s for older transactions")
        began = time.perf_counter()
        cursor.execute(
            "SELECT id, occurred_at, actor_id, actor_label, action, participant_id, "
            "participant_ids::text, purpose, changed_fields::text, source_ip, user_agent "
            "FROM bench_audit_pending WHERE xid < pg_snapshot_xmin(pg_current_snapshot()) "
            "ORDER BY id"
        )
        rows = cursor.fetchall()
        previous = chain.GENESIS_HASH
        sealed = []
        for row in rows:
            values = [*row, previous]
            h = hasher.copy()
            h.update(chain.canonical(values).encode())
            previous = h.hexdigest()
            sealed.append((row[0], previous))
        seconds = time.perf_counter() - began
        print(
            f"sealer: {len(sealed):,} events chained in {seconds:.2f} s "
            f"({len(sealed) / seconds:,.0f} events/s, one process)"
        )
        cursor.execute("DROP TABLE bench_audit_pending")


if __name__ == "__main__":
    main()
