"""The retention sweep at national scale.

Builds, in a throwaway database (test_<your database>, created and dropped here), one programme
with BENCH_PARTICIPANTS participants (default 500,000), each with a status change, and their due
dates (the participant rule: six years after they leave, anonymise), of which BENCH_DUE (default
50,000) left long enough ago to be due. Rows are copied in with COPY from one participant made
through the ORM (so every column holds what Casework writes). Then it times:

1. a sweep with nothing due (the clock before any due date), with every row in place;
2. the sweep of the BENCH_DUE due participants (anonymised: statistics kept, rows deleted, one
   audit event each);
3. a sweep with nothing due again, after it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_disposal \\
        .venv/bin/python bench/disposal_bench.py

Figures go in bench/README.md; they are never test assertions.
"""

import datetime
import io
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "500000"))
DUE = int(os.environ.get("BENCH_DUE", "50000"))
TODAY = datetime.date(2026, 12, 1)


def _text(value) -> str:
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _copy(table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_text(v) for v in row) + "\n")
    buffer.seek(0)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"COPY {table} ({quoted}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)


def build():
    from casework.disposal.models import RetentionDue
    from casework.participants.models import Participant, StatusChange
    from casework.programmes.models import OrganisationRole
    from casework.testing import factories
    from casework.testing.registers import publish_register

    programme = factories.ProgrammeFactory(slug="bench")
    area = factories.AreaFactory(code="E06000032", name="Luton")
    programme.areas.add(area)
    org = factories.OrganisationFactory(name="Bench Council")
    link = factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=OrganisationRole.JOINT_CONTROLLER
    )
    link.areas.add(area)
    rule = {
        "record_type": "participant",
        "anchor": "participant_exit",
        "years": 6,
        "action": "anonymise",
    }
    version = publish_register(programme, retention=[rule])
    template = factories.ParticipantFactory(
        programme=programme,
        area=area,
        responsible_organisation=org,
        status="exited",
        referred_on=datetime.date(2018, 1, 8),
        exited_on=datetime.date(2019, 6, 3),
        health_conditions="Asthma",
    )
    columns = [f.column for f in Participant._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM participants_participant WHERE id = %s",  # noqa: S608
            [template.pk],
        )
        values = dict(zip(columns, cursor.fetchone(), strict=True))
    template.delete()
    due_exit = datetime.date(2019, 6, 3)  # + 6 years: due by 2026
    open_exit = datetime.date(2024, 6, 3)  # + 6 years: 2030
    ids = [uuid.uuid4() for _ in range(PARTICIPANTS)]
    exits = [due_exit if i < DUE else open_exit for i in range(PARTICIPANTS)]

    def participants():
        for i, pid in enumerate(ids):
            row = dict(
                values,
                id=pid,
                first_name=f"First{i}",
                last_name=f"Last{i}",
                exited_on=exits[i],
                nino_index="",
                national_insurance_number="",
            )
            yield [row[c] for c in columns]

    _copy("participants_participant", columns, participants())
    _copy(
        "participants_statuschange",
        [
            "participant_id",
            "from_status",
            "to_status",
            "on",
            "exit_reason",
            "exit_reason_detail",
            "changed_at",
        ],
        (
            (pid, "enrolled", "exited", exits[i], "completed", "", "2019-06-03 10:00:00+00")
            for i, pid in enumerate(ids)
        ),
    )
    _copy(
        "disposal_retentiondue",
        [
            "record_type",
            "subject_id",
            "programme_id",
            "participant_id",
            "due_on",
            "action",
            "register_version",
        ],
        (
            (
                "participant",
                pid,
                programme.pk,
                pid,
                exits[i].replace(year=exits[i].year + 6),
                "anonymise",
                version.number,
            )
            for i, pid in enumerate(ids)
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    assert Participant.objects.count() == PARTICIPANTS
    assert StatusChange.objects.count() == PARTICIPANTS
    assert RetentionDue.objects.filter(due_on__lt=TODAY).count() == DUE
    return programme


def _sweep(today):
    from casework.disposal.sweep import run_sweep

    started = time.perf_counter()
    result = run_sweep(today=today, batch_size=int(os.environ.get("BENCH_BATCH", "1000")))
    return time.perf_counter() - started, result


def main() -> None:
    setup_test_environment()
    from django.test.runner import DiscoverRunner

    from casework.disposal.models import AnonymisedRecord
    from casework.participants.models import Participant

    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        started = time.perf_counter()
        build()
        print(
            f"build: {PARTICIPANTS:,} participants, {DUE:,} due, "
            f"{time.perf_counter() - started:.0f} s on {connection.vendor}",
            flush=True,
        )
        load = os.getloadavg()[0]
        seconds, result = _sweep(TODAY.replace(year=2024))
        print(f"sweep, nothing due: {seconds * 1000:.0f} ms ({result.due} due; load {load:.1f})")
        load = os.getloadavg()[0]
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            from django.test.utils import CaptureQueriesContext

            with cProfile.Profile() as profile, CaptureQueriesContext(connection) as queries:
                seconds, result = _sweep(TODAY)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
            slowest = {}
            for q in queries.captured_queries:
                key = q["sql"][:90]
                n, t = slowest.get(key, (0, 0.0))
                slowest[key] = (n + 1, t + float(q["time"]))
            for key, (n, t) in sorted(slowest.items(), key=lambda kv: -kv[1][1])[:25]:
                print(f"{t:8.2f} s {n:6d}x  {key}")
        else:
            seconds, result = _sweep(TODAY)
        print(
            f"sweep, {result.due:,} due: {seconds:.1f} s "
            f"({result.due / seconds:,.0f} participants/s; load {load:.1f}); "
            f"{result.failed} failed"
        )
        print(
            f"  participants left: {Participant.objects.count():,}; "
            f"anonymised records kept: {AnonymisedRecord.objects.count():,}"
        )
        load = os.getloadavg()[0]
        seconds, result = _sweep(TODAY)
        print(
            f"sweep, nothing due after: {seconds * 1000:.0f} ms ({result.due} due; load {load:.1f})"
        )
        started = time.perf_counter()
        from casework.audit.verification import verify_chain

        verified = verify_chain()
        print(
            f"audit verify: {'intact' if verified.intact else 'BROKEN'}, "
            f"{verified.checked:,} events, {time.perf_counter() - started:.1f} s"
        )
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
