"""Server time of the caseload page with a large programme behind it.

Builds, in a throwaway database (test_<your database>, created and dropped here), one
programme with BENCH_PARTICIPANTS participants (default 10,000) spread over specialists with
caseloads of about 33, and about BENCH_EVENTS case events (default 500,000: appointments,
case notes, action steps, status changes and jobs), then times GET / for one specialist through
the whole Django stack (middleware, selectors, template) and counts its queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_journey \\
        .venv/bin/python bench/caseload.py

Figures go in bench/RESULTS.md; they are never test assertions.
"""

import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "10000"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "500000"))
CASELOAD = 33
RUNS = int(os.environ.get("BENCH_RUNS", "60"))


def build() -> object:
    from casework.journey.models import ActionStep, Appointment, CaseNote, Goal, Job
    from casework.participants.models import Participant, Status, StatusChange
    from casework.programmes.models import OrganisationRole
    from casework.staff.models import Role
    from casework.testing import factories

    rng = random.Random(2026)
    today = timezone.localdate()
    programme = factories.ProgrammeFactory(slug="bench")
    area = factories.AreaFactory(code="E06000032", name="Luton")
    programme.areas.add(area)
    org = factories.OrganisationFactory(name="Bench Council")
    link = factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=OrganisationRole.JOINT_CONTROLLER
    )
    link.areas.add(area)
    specialists = []
    for i in range(max(1, PARTICIPANTS // CASELOAD)):
        user = factories.StaffUserFactory(email=f"s{i}@bench.example", organisation=org)
        factories.MembershipFactory(user=user, programme=programme, role=Role.EMPLOYMENT_SPECIALIST)
        specialists.append(user)
    people = [
        Participant(
            programme=programme,
            area=area,
            responsible_organisation=org,
            assigned_specialist=specialists[i % len(specialists)],
            first_name=f"First{i}",
            last_name=f"Last{i}",
            date_of_birth=datetime.date(1980, 1, 1) + datetime.timedelta(days=i % 9000),
            gender="not_said",
            address_line_1="1 High Street",
            town="Luton",
            postcode="LU1 1AA",
            status=rng.choice([Status.ENROLLED, Status.ENROLLED, Status.IN_WORK]),
            referred_on=today - datetime.timedelta(days=300),
            enrolled_on=today - datetime.timedelta(days=290),
            next_contact_on=today + datetime.timedelta(days=rng.randrange(-5, 20)),
        )
        for i in range(PARTICIPANTS)
    ]
    Participant.objects.bulk_create(people, batch_size=2000)
    per_person = EVENTS // PARTICIPANTS
    author = specialists[0]
    rows: dict[type, list] = {
        Appointment: [],
        CaseNote: [],
        StatusChange: [],
        Job: [],
        ActionStep: [],
    }
    goals = Goal.objects.bulk_create(
        [Goal(participant=p, description="Find work", created_by=author) for p in people],
        batch_size=2000,
    )
    for p, goal in zip(people, goals, strict=True):
        rows[StatusChange].append(
            StatusChange(participant=p, to_status="enrolled", on=p.enrolled_on)
        )
        if p.status == Status.IN_WORK:
            rows[Job].append(
                Job(
                    participant=p,
                    employer="Bench Ltd",
                    job_title="Operative",
                    employment_type="employed",
                    hours_per_week=Decimal(16),
                    hourly_pay=Decimal("12.21"),
                    started_on=today - datetime.timedelta(days=rng.randrange(30, 250)),
                )
            )
        for k in range(per_person - 2):
            kind = k % 3
            when = today - datetime.timedelta(days=rng.randrange(-20, 280))
            if kind == 0:
                rows[Appointment].append(
                    Appointment(
                        participant=p,
                        starts_at=timezone.make_aware(
                            datetime.datetime.combine(when, datetime.time(10))
                        ),
                        kind="phone",
                        attendance="" if when >= today else "attended",
                    )
                )
            elif kind == 1:
                rows[CaseNote].append(CaseNote(participant=p, text="Bench note", author=author))
            else:
                rows[ActionStep].append(
                    ActionStep(
                        goal=goal,
                        participant=p,
                        description="Step",
                        due_on=when,
                        completed_on=None if rng.random() < 0.3 else when,
                    )
                )
    for model, objs in rows.items():
        model.objects.bulk_create(objs, batch_size=5000)
    events = sum(len(v) for v in rows.values()) + len(goals)
    print(f"built {len(people)} participants, {events} case events, {len(specialists)} specialists")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return specialists[0]


def main() -> None:
    from django.conf import settings

    setup_test_environment()
    from django.test.runner import DiscoverRunner

    from casework.testing.auth import sign_in

    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        started = time.perf_counter()
        user = build()
        print(f"build took {time.perf_counter() - started:.0f} s on {connection.vendor}")
        client = Client()
        sign_in(client, user)  # password, second factor and training, as a real sign-in
        for _ in range(5):
            assert client.get("/").status_code == 200
        timings = []
        for _ in range(RUNS):
            t = time.perf_counter()
            client.get("/")
            timings.append((time.perf_counter() - t) * 1000)
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/").content.decode()
        timings.sort()
        rows = html.count('data-label="Name"')
        print(
            f"caseload page, {rows} rows: "
            f"median {statistics.median(timings):.1f} ms, "
            f"p95 {timings[int(len(timings) * 0.95) - 1]:.1f} ms, "
            f"queries {len(queries.captured_queries)} (runs: {RUNS}, "
            f"DEBUG={settings.DEBUG})"
        )
        if os.environ.get("BENCH_SHOW_QUERIES"):
            slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
            for q in slowest[:6]:
                print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:400]}")
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
