"""The monthly DWP return at national scale (issue 15; goal: 500,000 participants in <= 15 s).

Builds, in a database of its own (test_<database of DATABASE_URL>, kept between runs with
BENCH_REUSE=1), one Connect to Work programme of BENCH_PARTICIPANTS participants (default
500,000) with journeys drawn from a seeded generator: referred April 2025 - October 2026, 80 %
started, each started person eligible (a strand and qualifying groups, encrypted), 35 % of them
in a job (hours and pay), half of those sustained 13 weeks and some 26, a quarter exited with a
reason, 0.1 % restricted. Encrypted values are real Fernet tokens (drawn from a pool per value:
every row is still decrypted when read). Rows go in with COPY. Then it times the October 2026
return built through the service (rows, validation, the encrypted file), with its peak memory:
the process's resident set growth (getrusage) in the timed run, and Python's peak allocation
(tracemalloc) in a second run, which tracemalloc slows down.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_bench_returns \\
        .venv/bin/python bench/dwp_return_bench.py

BENCH_RELEASE=1 also times the release through the disclosure gate (one disclosure of every
person). Figures go in bench/README.md; they are never test assertions.
"""

import datetime
import io
import json
import os
import random
import resource
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "500000"))
REUSE = os.environ.get("BENCH_REUSE") == "1"
OCTOBER = datetime.date(2026, 10, 1)
FIRST = datetime.date(2025, 4, 1)
SPAN = (datetime.date(2026, 10, 31) - FIRST).days
SLUG = "bench-returns"


def _text(value) -> str:
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _copy(table: str, columns: list[str], rows) -> int:
    """COPY in blocks of about 8 MiB (the generator is never held whole)."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy,
    ):
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(_text(v) for v in row) + "\n")
            count += 1
            if buffer.tell() > 8 << 20:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())
    return count


def _pool(values, size=40):
    from casework.core import crypto

    return {v: [crypto.encrypt(v) for _ in range(size)] for v in values}


def generate():
    from casework.participants.models import Participant
    from casework.programmes.models import OrganisationRole
    from casework.staff.models import Role
    from casework.testing import factories
    from casework.testing.registers import publish_register

    rng = random.Random(15)
    programme = factories.ProgrammeFactory(slug=SLUG, name="Bench Connect to Work")
    areas = [
        factories.AreaFactory(code=code, name=name)
        for code, name in (
            ("E06000032", "Luton"),
            ("E06000042", "Milton Keynes"),
            ("E06000062", "West Northamptonshire"),
        )
    ]
    programme.areas.add(*areas)
    partners = []
    for i, area in enumerate(areas):
        org = factories.OrganisationFactory(name=f"Bench Partner {i}")
        link = factories.ProgrammeOrganisationFactory(
            programme=programme, organisation=org, role=OrganisationRole.JOINT_CONTROLLER
        )
        link.areas.add(area)
        partners.append(org)
    body = factories.OrganisationFactory(name="Bench Accountable Body")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=body, role=OrganisationRole.ACCOUNTABLE_BODY
    )
    for name, role in (("manager", Role.PROGRAMME_MANAGER), ("dpo", Role.DATA_PROTECTION_OFFICER)):
        user = factories.StaffUserFactory(email=f"{name}@bench.example", organisation=body)
        factories.MembershipFactory(user=user, programme=programme, role=role)
    publish_register(programme, "south-midlands.yaml")
    template = factories.ParticipantFactory(
        programme=programme, area=areas[0], responsible_organisation=partners[0]
    )
    columns = [f.column for f in Participant._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM participants_participant WHERE id = %s",  # noqa: S608
            [template.pk],
        )
        values = dict(zip(columns, cursor.fetchone(), strict=True))
    template.delete()

    disability = _pool(["yes", "no", "not_said"])
    ethnicity = _pool(
        [
            "White British",
            "White other",
            "Asian or Asian British",
            "Black or Black British",
            "Mixed",
            "Another ethnic group",
            "Not said",
        ]
    )
    group_sets = [
        json.dumps(sorted(g))
        for g in (
            ["disabled"],
            ["health_condition"],
            ["disabled", "health_condition"],
            ["carer"],
            ["care_leaver"],
            ["veteran"],
            ["homeless", "health_condition"],
            ["offender"],
        )
    ]
    groups = _pool(group_sets)
    genders = ["woman", "man", "non_binary", "not_said", ""]
    reasons = ["completed", "moved_away", "withdrew", "twelve_months", "other"]
    now = "2026-11-01 09:00:00+00"
    people, assessments, jobs, milestones, restrictions = [], [], [], [], []
    day = datetime.timedelta(days=1)
    for i in range(PARTICIPANTS):
        pid = uuid.uuid4()
        referred = FIRST + day * rng.randrange(SPAN)
        area = rng.randrange(3)
        started = referred + day * rng.randint(3, 40) if rng.random() < 0.8 else None
        if started and started > datetime.date(2026, 11, 30):
            started = None
        status, exited, reason, in_work = "referred", None, "", None
        if started:
            status = "enrolled"
            assessments.append(
                (
                    pid,
                    started,
                    rng.choice(["out_of_work"] * 4 + ["in_work_retention"]),
                    rng.choice(group_sets),
                )
            )
            if rng.random() < 0.35:
                job_start = started + day * rng.randint(14, 200)
                in_work = job_start
                status = "in_work"
                jobs.append(
                    (
                        pid,
                        job_start,
                        # half a percent recorded wrongly (0 hours): out of range
                        0 if rng.random() < 0.005 else rng.choice([8, 16, 20, 30, 37.5]),
                        rng.choice([11.44, 12.21, 12.60, 14.10, 16.50, 21.00]),
                    )
                )
                if rng.random() < 0.5:
                    milestones.append(
                        (pid, "sustained_13_weeks", "13 weeks in work", job_start + day * 95)
                    )
                    if rng.random() < 0.6:
                        milestones.append(
                            (pid, "sustained_26_weeks", "26 weeks in work", job_start + day * 185)
                        )
            if rng.random() < 0.25:
                exited = started + day * rng.randint(30, 365)
                # half a percent exited without a reason recorded: inconsistent
                reason = "" if rng.random() < 0.005 else rng.choice(reasons)
                status = "exited"
        people.append(
            dict(
                values,
                id=pid,
                first_name=f"First{i}",
                last_name=f"Last{i}",
                area_id=areas[area].pk,
                responsible_organisation_id=partners[area].pk,
                date_of_birth=datetime.date(1960, 1, 1) + day * rng.randrange(15000),
                gender=rng.choice(genders),
                referred_on=referred,
                enrolled_on=started,
                in_work_on=in_work,
                exited_on=exited,
                exit_reason=reason,
                status=status,
                nino_index="",
                national_insurance_number="",
                disability=rng.choice(disability[rng.choice(list(disability))]),
                ethnicity=rng.choice(ethnicity[rng.choice(list(ethnicity))]),
            )
        )
        if rng.random() < 0.001:
            restrictions.append(pid)
        if len(people) == 50000:
            _copy("participants_participant", columns, ([p[c] for c in columns] for p in people))
            people = []
    _copy("participants_participant", columns, ([p[c] for c in columns] for p in people))
    _copy(
        "eligibility_eligibilityassessment",
        [
            "participant_id",
            "assessed_on",
            "lives_in_area",
            "right_to_work",
            "right_to_work_evidence",
            "on_other_dwp_programme",
            "qualifying_groups",
            "strand",
            "exceptional_age_reason",
            "advice",
            "decision",
            "decision_reason",
            "decided_at",
        ],
        (
            (
                pid,
                on,
                True,
                True,
                "",
                False,
                rng.choice(groups[g]),
                strand,
                "",
                groups[g][0],
                "eligible",
                "",
                now,
            )
            for pid, on, strand, g in assessments
        ),
    )
    _copy(
        "journey_job",
        [
            "id",
            "participant_id",
            "employer",
            "job_title",
            "employment_type",
            "hours_per_week",
            "hourly_pay",
            "started_on",
            "ended_on",
            "end_reason",
            "recorded_at",
        ],
        (
            (uuid.uuid4(), pid, "Employer", "Role", "employed", h, p, on, None, "", now)
            for pid, on, h, p in jobs
        ),
    )
    _copy(
        "journey_milestone",
        ["id", "participant_id", "outcome_key", "label", "achieved_on", "evidence", "recorded_at"],
        ((uuid.uuid4(), pid, key, label, on, "{}", now) for pid, key, label, on in milestones),
    )
    reason = _pool(["Accuracy contested"], 1)["Accuracy contested"][0]
    _copy(
        "rights_restriction",
        ["participant_id", "reason", "started_at", "lifted_at", "told_how"],
        ((pid, reason, now, None, "") for pid in restrictions),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return programme, len(assessments), len(jobs), len(milestones), len(restrictions)


def _build(programme, user):
    from casework.returns import services

    monthly_return = services.request_build(by=user, programme=programme, month=OCTOBER)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started, cpu = time.perf_counter(), time.process_time()
    built = services.build(monthly_return)
    _build.cpu = time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    _build.child_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    return built, time.perf_counter() - started


def _release_parts(programme, built) -> None:
    """The release's two costs apart: the workbook (openpyxl) and the gate alone (a queryset of
    everyone covered, in a transaction rolled back)."""
    from django.db import transaction

    from casework.disclosures import services as gate
    from casework.documents import storage
    from casework.returns import columns as cols
    from casework.returns import services
    from casework.returns.models import FileKind
    from casework.staff.models import StaffUser

    name = built.files.get(kind=FileKind.CSV).storage_name
    load, started = os.getloadavg()[0], time.perf_counter()
    xlsx_name, _, size = services._xlsx_from_csv(name).close()
    storage.delete(xlsx_name)
    print(
        f"workbook (openpyxl, write-only): {time.perf_counter() - started:.1f} s "
        f"(load {load:.1f}), {size / (1 << 20):.0f} MiB",
        flush=True,
    )
    dpo = StaffUser.objects.get(email="dpo@bench.example")
    people = services.covered(programme, OCTOBER)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load, started = os.getloadavg()[0], time.perf_counter()
    with transaction.atomic():
        disclosure = gate.disclose(
            by=dpo,
            programme=programme,
            kind="extract",
            recipient_key="government-departments",
            purpose_key="reporting",
            participants=people,
            fields=cols.fields_of(services._column_objects(built)),
            delivery="download",
            content_digest=(built.csv_sha256, 1),
        )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024
    print(
        f"the gate alone (queryset of {disclosure.participant_count:,} people, every check, "
        f"the links by INSERT ... SELECT, the audit event): {seconds:.1f} s (load {load:.1f}), "
        f"peak RSS grew {grown:.0f} MiB; rolled back",
        flush=True,
    )


def main() -> None:
    setup_test_environment()
    from casework.programmes.models import Programme
    from casework.staff.models import StaffUser

    # Not the test runner's setup_databases: it would serialise every kept row into memory.
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=True)
    programme = Programme.objects.filter(slug=SLUG).first()
    if programme is not None and not REUSE:
        print("Dropping the earlier bench programme: run with BENCH_REUSE=1 to keep it")
        with connection.cursor() as cursor:
            # The audit table refuses TRUNCATE (append-only triggers): off for this session.
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(
                "TRUNCATE participants_participant, programmes_programme, programmes_area, "
                "programmes_organisation, staff_staffuser CASCADE"
            )
            cursor.execute("SET session_replication_role = DEFAULT")
        programme = None
    if programme is None:
        started = time.perf_counter()
        programme, assessed, jobs, milestones, restricted = generate()
        print(
            f"generated {PARTICIPANTS:,} participants ({assessed:,} assessed, {jobs:,} jobs, "
            f"{milestones:,} milestones, {restricted:,} restricted) in "
            f"{time.perf_counter() - started:.0f} s on {connection.vendor}",
            flush=True,
        )
    from django.conf import settings

    # One document store for the runs (the test settings make a new one per process), and no
    # earlier run's builds: every run is the month's first submission.
    settings.CASEWORK_DOCUMENT_ROOT = Path(
        os.environ.get("BENCH_DOCUMENT_ROOT", "/tmp/casework-bench-returns-documents")  # noqa: S108
    )
    settings.CASEWORK_DOCUMENT_ROOT.mkdir(parents=True, exist_ok=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE returns_returnrelease, returns_returnfile, returns_monthlyreturn CASCADE"
        )
    manager = StaffUser.objects.get(email="manager@bench.example")
    if os.environ.get("BENCH_PROFILE") == "1":
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        _build(programme, manager)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load = os.getloadavg()[0]
    built, seconds = _build(programme, manager)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"return built: {built.row_count:,} rows in {seconds:.1f} s "
        f"({built.row_count / seconds:,.0f} rows/s; load {load:.1f}); "
        f"{built.rows_with_findings:,} rows with findings; state {built.state}; "
        f"CPU time of this process {_build.cpu:.1f} s, of the second build process "
        f"{_build.child_cpu:.1f} s; "
        f"peak RSS growth {(rss_after - rss_before) / 1024:.0f} MiB "
        f"(peak RSS {rss_after / 1024:.0f} MiB)",
        flush=True,
    )
    if os.environ.get("BENCH_TRACEMALLOC", "1") == "1":
        tracemalloc.start()
        built, traced = _build(programme, manager)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"again under tracemalloc: {traced:.1f} s, Python peak allocation "
            f"{peak / (1 << 20):.1f} MiB (this process; the second process is like it); "
            f"compared with a release: {bool(built.compared_with_id)}",
            flush=True,
        )
    if os.environ.get("BENCH_PARTS") == "1":
        _release_parts(programme, built)
    if os.environ.get("BENCH_RELEASE") == "1":
        from casework.returns import services

        dpo = StaffUser.objects.get(email="dpo@bench.example")
        started = time.perf_counter()
        load = os.getloadavg()[0]
        entry = services.release(by=dpo, monthly_return=built)
        print(
            f"released through the gate: {entry.row_count:,} people in one disclosure, "
            f"{time.perf_counter() - started:.1f} s (load {load:.1f}), peak RSS "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        )
        rebuilt, seconds = _build(programme, manager)
        d = rebuilt.differences
        print(
            f"resubmission built with its comparison in {seconds:.1f} s: {d['added']} added, "
            f"{d['removed']} removed, {d['changed']} changed"
        )


if __name__ == "__main__":
    main()
