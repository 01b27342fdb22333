"""Audited writes from many connections at once (issue 16.3, decisions 0177 and 0195): the old
design (every event takes the lock on the chain head until its transaction commits) against
today's (`record_event`: one INSERT, no lock; the sealer chains events afterwards), in the same
run, then the sealer itself.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_bench_seal \\
        BENCH_WRITERS=16 BENCH_EVENTS_EACH=200 \\
        nice .venv/bin/python bench/audit_concurrency_bench.py

Each writer is a thread with its own connection; each event is its own transaction (as on an
audited page: the read, the event, the commit). The old design writes into scratch copies of the
trail and the head (`bench_audit_locked`, `bench_audit_head`, dropped at the end) with the code
it had (SELECT ... FOR UPDATE of the head, then the INSERT and the head's UPDATE in one
statement); the new one writes into the real trail through `record_event`, and the sealer
(`seal_events`) seals them, so `audit verify` passes after a run. Figures go in bench/README.md.
Needs a database with participants and staff (`manage.py load_demo` is enough).
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
from django.utils import timezone  # noqa: E402

from casework.audit import chain  # noqa: E402
from casework.audit.models import Action, AuditEvent, Purpose  # noqa: E402
from casework.audit.services import record_event, seal_events, unsealed_events  # noqa: E402
from casework.audit.verification import verify_chain  # noqa: E402
from casework.participants.models import Participant  # noqa: E402
from casework.staff.models import StaffUser  # noqa: E402

WRITERS = int(os.environ.get("BENCH_WRITERS", "16"))
EACH = int(os.environ.get("BENCH_EVENTS_EACH", "200"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))

# The same table as the trail (every index, the foreign key to the staff user, an identity),
# without its triggers.
OLD_DESIGN_TABLES = """
DROP TABLE IF EXISTS bench_audit_locked, bench_audit_head;
CREATE TABLE bench_audit_locked (LIKE audit_auditevent INCLUDING ALL);
ALTER TABLE bench_audit_locked ADD FOREIGN KEY (actor_id) REFERENCES staff_staffuser (id)
    DEFERRABLE INITIALLY DEFERRED;
CREATE TABLE bench_audit_head (id int PRIMARY KEY, sequence bigint NOT NULL, hash text NOT NULL);
INSERT INTO bench_audit_head VALUES (1, 0, repeat('0', 64));  -- chain.GENESIS_HASH
"""
OLD_INSERT = (
    "WITH event AS (INSERT INTO bench_audit_locked (sequence, occurred_at, actor_id, actor_label, "
    "action, participant_id, participant_ids, purpose, changed_fields, source_ip, user_agent, "
    "previous_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, '[]', %s, '[]', '', '', %s, %s)) "
    "UPDATE bench_audit_head SET sequence = %s, hash = %s WHERE id = 1"
)


def run_writers(write, writers: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(writers + 1)

    def worker(number: int):
        mine = []
        try:
            barrier.wait()
            for _ in range(EACH):
                began = time.perf_counter()
                write(number)
                mine.append((time.perf_counter() - began) * 1000)
        finally:
            connections.close_all()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    barrier.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - began, latencies


def main() -> None:
    assert connection.vendor == "postgresql"
    users = list(StaffUser.objects.order_by("pk"))  # each writer a member of staff of its own
    participant = Participant.objects.order_by("pk").first()
    pid = str(participant.pk)
    key = chain.audit_key()

    def old_design(number: int):
        user = users[number % len(users)]
        with transaction.atomic():
            Participant.objects.filter(pk=pid).values_list("status").first()  # the page's read
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT sequence, hash FROM bench_audit_head WHERE id = 1 FOR UPDATE"
                )
                sequence, previous = cursor.fetchone()
                sequence += 1
                values = [
                    sequence,
                    timezone.now(),
                    user.pk,
                    user.email,
                    Action.PARTICIPANT_READ.value,
                    pid,
                    [],
                    Purpose.CASE_MANAGEMENT.value,
                    [],
                    "",
                    "",
                    previous,
                ]
                digest = chain.event_hash(key, values)
                cursor.execute(
                    OLD_INSERT,
                    [*values[:6], values[7], previous, digest, sequence, digest],
                )

    def new_design(number: int):
        user = users[number % len(users)]
        with transaction.atomic():
            Participant.objects.filter(pk=pid).values_list("status").first()
            record_event(
                actor=user,
                action=Action.PARTICIPANT_READ,
                participant=participant,
                purpose=Purpose.CASE_MANAGEMENT,
            )

    def read_only(number: int):
        with transaction.atomic():
            Participant.objects.filter(pk=pid).values_list("status").first()

    with connection.cursor() as cursor:
        cursor.execute(OLD_DESIGN_TABLES)
    seal_events()  # start from a sealed trail
    before = AuditEvent.objects.count()
    print(f"{WRITERS} writers x {EACH} events each, {ROUNDS} rounds; load {os.getloadavg()}")
    for writers in (WRITERS, 1):
        for round_ in range(1, ROUNDS + 1):  # alternate, so load drift hits every design alike
            for name, write in (
                ("no audit (the read alone)", read_only),
                ("old: chain-head lock", old_design),
                ("new: append-only insert", new_design),
            ):
                seconds, latencies = run_writers(write, writers)
                latencies.sort()
                total = writers * EACH
                p95 = latencies[int(len(latencies) * 0.95)]
                print(
                    f"{writers:>2} writers, round {round_}, {name}: {total / seconds:,.0f} "
                    f"events/s; median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms "
                    f"(load {os.getloadavg()[0]:.1f})",
                    flush=True,
                )

    # The sealer, as the worker runs it: what is ready (older than every running transaction),
    # again every second until nothing waits (or a minute), as the worker would every minute.
    waiting = unsealed_events()["count"]
    began, sealing, sealed = time.perf_counter(), 0.0, 0
    while time.perf_counter() - began < 60:
        started = time.perf_counter()
        sealed += seal_events()
        sealing += time.perf_counter() - started
        if not unsealed_events()["count"]:
            break
        time.sleep(1)  # a benchmark may wait: other transactions of the machine hold it back
    print(
        f"sealer: {sealed:,} of {waiting:,} waiting events sealed in {sealing:.2f} s of work "
        f"({sealed / max(sealing, 1e-9):,.0f} events/s, one process), "
        f"{time.perf_counter() - began:.1f} s after the writers stopped "
        f"(load {os.getloadavg()[0]:.1f})"
    )
    result = verify_chain()
    print(
        f"audit verify: intact={result.intact}, {result.checked:,} sealed, "
        f"{result.unsealed:,} waiting; {AuditEvent.objects.count() - before:,} events written"
    )
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_audit_locked, bench_audit_head")


if __name__ == "__main__":
    main()
