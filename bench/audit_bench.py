"""Audit trail benchmarks (PostgreSQL): events written per second through record_event, the
time `audit verify` takes over 1,000,000 events (and a bare HMAC loop over the same messages, for
comparison), and what auditing adds to a participant page.

BENCH_SEALER=1: the trail is copied in unsealed (as `record_event` writes it) and chained by
`seal_events`, the worker's sealer, which is timed; verify then reads the table as the sealer
leaves it (every row updated once), not as COPY wrote it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_audit \
        .venv/bin/python bench/audit_bench.py

Needs a superuser connection: it empties the audit table (triggers off) first. The generated
trail is left in place for `manage.py audit verify`."""

import datetime
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from casework.audit import chain  # noqa: E402
from casework.audit.models import Action, AuditChainHead, Purpose  # noqa: E402
from casework.audit.services import record_event, seal_events  # noqa: E402
from casework.audit.verification import verify_chain  # noqa: E402
from casework.participants import selectors  # noqa: E402
from casework.participants.models import Participant  # noqa: E402
from casework.staff.models import StaffUser  # noqa: E402
from casework.testing.auth import sign_in  # noqa: E402

EVENTS = int(os.environ.get("BENCH_AUDIT_EVENTS", "1000000"))
WRITES = int(os.environ.get("BENCH_AUDIT_WRITES", "5000"))
PAGES = int(os.environ.get("BENCH_PAGE_REQUESTS", "500"))
# BENCH_REUSE=1: keep a trail of EVENTS events left by an earlier run (skip writing it again).
REUSE = os.environ.get("BENCH_REUSE") == "1"
SEALER = os.environ.get("BENCH_SEALER") == "1"
HMAC_SAMPLE = 200_000


def empty_trail() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("TRUNCATE audit_auditevent")
        cursor.execute("SET session_replication_role = DEFAULT")
    AuditChainHead.objects.all().delete()


def generate(count: int, *, sealed: bool = True) -> float:
    """Bulk-load `count` chained events with COPY; the chain is computed here, not row by row
    through the service. `sealed=False`: without sequence and hash, for the sealer."""
    key = chain.audit_key()
    actors = list(StaffUser.objects.values_list("pk", "email"))
    participant_ids = [str(p) for p in Participant.objects.values_list("pk", flat=True)[:300]]
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    columns = (*chain.CHAINED_FIELDS, "hash") if sealed else (*chain.SEALED_FIELDS, "previous_hash")
    previous = chain.GENESIS_HASH
    began = time.perf_counter()
    with connection.cursor() as cursor:
        copy_sql = f"COPY audit_auditevent ({', '.join(c for c in columns)}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for n in range(1, count + 1):
                actor_id, label = actors[n % len(actors)]
                kind = n % 10
                one, many, changed = participant_ids[n % 300], [], []
                if kind < 7:  # 70 % reads of one record
                    action = Action.PARTICIPANT_READ
                elif kind == 7:  # 10 % searches showing three people
                    action, one, many = Action.PARTICIPANT_SEARCH, None, participant_ids[:3]
                elif kind == 8:  # 10 % changes
                    action, changed = Action.PARTICIPANT_UPDATE, ["phone", "postcode"]
                else:  # 10 % sign-ins
                    action, one = Action.SIGN_IN, None
                values = [
                    n,
                    start + datetime.timedelta(seconds=n * 7, microseconds=n % 1000),
                    actor_id,
                    label,
                    action.value,
                    one,
                    many,
                    Purpose.CASE_MANAGEMENT.value,
                    changed,
                    "10.0.0.1",
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Casework benchmark",
                    previous,
                ]
                row = list(values)
                row[6], row[8] = json.dumps(many), json.dumps(changed)
                if not sealed:
                    copy.write_row([*row[1:-1], ""])
                    continue
                digest = chain.event_hash(key, values)
                copy.write_row([*row, digest])
                previous = digest
    if sealed:
        AuditChainHead.objects.update_or_create(
            pk=1, defaults={"sequence": count, "hash": previous}
        )
    return time.perf_counter() - began


def bare_hmac_rates(count: int) -> tuple[float, float]:
    """Events/s of the HMAC alone over the canonical texts of the first `count` events, already
    in memory: verify's ceiling. Two loops: the one measured before decision 0215 (copy the
    `hmac.HMAC` keyed hasher, update, hexdigest, compare, per event), and the HMAC `audit
    verify` computes since (`chain.hex_macs`, its keyed SHA-256 states copied per event, then
    the list of digests compared with the stored hashes)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT hash, {chain.CANONICAL_SQL} FROM audit_auditevent "  # noqa: S608
            "WHERE sequence <= %s ORDER BY sequence",
            [count],
        )
        rows = [(stored, text.encode("utf-8")) for stored, text in cursor.fetchall()]
    base = chain.hasher(chain.audit_key())
    began = time.perf_counter()
    for stored, message in rows:
        digest = base.copy()
        digest.update(message)
        if digest.hexdigest() != stored:
            raise AssertionError("the generated trail does not verify")
    per_event_loop = len(rows) / (time.perf_counter() - began)
    stored, messages = [row[0] for row in rows], [row[1] for row in rows]
    pads = chain.hmac_pads(chain.audit_key())
    began = time.perf_counter()
    if chain.hex_macs(pads, messages) != stored:
        raise AssertionError("the generated trail does not verify")
    verify_hmac = len(rows) / (time.perf_counter() - began)
    return per_event_loop, verify_hmac


def _trim_to(count: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "DELETE FROM audit_auditevent WHERE sequence > %s OR sequence IS NULL", [count]
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("SELECT hash FROM audit_auditevent WHERE sequence = %s", [count])
        last_hash = cursor.fetchone()[0]
    AuditChainHead.objects.filter(pk=1).update(sequence=count, hash=last_hash)


def measure_writes(count: int) -> float:
    user = StaffUser.objects.order_by("pk").first()
    participant = Participant.objects.first()
    began = time.perf_counter()
    for _ in range(count):
        record_event(
            actor=user,
            action=Action.PARTICIPANT_READ,
            participant=participant,
            purpose=Purpose.CASE_MANAGEMENT,
        )
    return count / (time.perf_counter() - began)


def page_times(client, url, requests: int) -> list[float]:
    times = []
    for _ in range(requests):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def measure_page_overhead(requests: int) -> tuple[float, float]:
    participant = Participant.objects.exclude(assigned_specialist=None).first()
    client = Client(SERVER_NAME="127.0.0.1")
    sign_in(client, participant.assigned_specialist)
    url = reverse("participants:detail", args=[participant.pk])
    page_times(client, url, 30)  # warm up
    real = selectors.record_event
    with_audit, without_audit = [], []
    for _ in range(requests):  # alternate request by request, so load drift hits both alike
        with_audit += page_times(client, url, 1)
        selectors.record_event = lambda **kwargs: None
        try:
            without_audit += page_times(client, url, 1)
        finally:
            selectors.record_event = real
    return statistics.median(with_audit), statistics.median(without_audit)


def main() -> None:
    assert connection.vendor == "postgresql", "run with DATABASE_URL pointing at PostgreSQL"
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    cores = os.cpu_count()
    print(f"PostgreSQL {connection.pg_version}, {cores} cores, load {os.getloadavg()}")

    reuse = REUSE and AuditChainHead.objects.filter(pk=1, sequence__gte=EVENTS).exists()
    if reuse:  # an earlier run's page measurements added events after the generated ones
        _trim_to(EVENTS)
    else:
        empty_trail()
        rate = measure_writes(WRITES)
        print(f"record_event, one transaction each, one writer: {rate:,.0f} events/s")
        empty_trail()
        seconds = generate(EVENTS, sealed=not SEALER)
        print(f"generated {EVENTS:,} events by COPY in {seconds:.1f} s (sealed: {not SEALER})")
        if SEALER:
            began = time.perf_counter()
            sealed = seal_events()
            seconds = time.perf_counter() - began
            print(
                f"seal_events: {sealed:,} events sealed in {seconds:.1f} s = "
                f"{sealed / seconds:,.0f} events/s (load {os.getloadavg()[0]:.1f})"
            )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE audit_auditevent")
    for workers in (1, cores):
        began = time.perf_counter()
        result = verify_chain(workers=workers)
        seconds = time.perf_counter() - began
        assert result.intact and result.checked == EVENTS, result
        print(
            f"audit verify, {workers} process(es): {EVENTS:,} events in {seconds:.2f} s "
            f"= {EVENTS / seconds:,.0f} events/s (load {os.getloadavg()[0]:.1f})"
        )
        if workers == 1:
            one_process = EVENTS / seconds

    loop_rate, hmac_rate = bare_hmac_rates(min(HMAC_SAMPLE, EVENTS))
    print(f"bare HMAC loop over the same messages, in memory: {loop_rate:,.0f} events/s")
    print(f"  verify, one process, reaches {one_process / loop_rate:.0%} of it")
    print(f"the HMAC verify computes (chain.hex_macs), in memory: {hmac_rate:,.0f} events/s")
    print(f"  verify, one process, reaches {one_process / hmac_rate:.0%} of it")

    with_audit, without_audit = measure_page_overhead(PAGES)
    print(
        f"participant page (median of {PAGES}): {with_audit:.2f} ms with auditing, "
        f"{without_audit:.2f} ms without: auditing adds {with_audit - without_audit:.2f} ms"
    )
    # The same with synchronous_commit off (for comparison only: Casework keeps it on), to show
    # how much of that is waiting for the disk to confirm the commit.
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
    with_audit, without_audit = measure_page_overhead(PAGES)
    print(
        f"  same, synchronous_commit off: {with_audit:.2f} ms vs {without_audit:.2f} ms: "
        f"adds {with_audit - without_audit:.2f} ms"
    )
    print(f"load average during the run: {os.getloadavg()}")
    # The generated trail stays, for `manage.py audit verify` by hand.


if __name__ == "__main__":
    main()
