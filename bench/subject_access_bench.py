"""The subject access pack of one participant with 1,000 events.

Builds, in a throwaway database (test_<your database>, created and dropped here), one programme
with South Midlands' register and one participant with BENCH_EVENTS (default 1,000) records
about them: 40 % audit events (reads, changes and searches, written by the audit service in
one batch, so chained), 30 % case notes (a tenth flagged as holding third-party information),
10 % status changes, 10 % appointments, 5 % consents, and jobs with an in-work support contact
each for the rest. Then it times, median of BENCH_RUNS (default 7) runs each:

1. `build_pack` (every section, from the model registry) and its query count;
2. the renderings: JSON, CSV and PDF;
3. `release_pack` of a prepared pack, every item reviewed (the gate, the audit event, the copy).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_bench_pack \\
        .venv/bin/python bench/subject_access_bench.py

Goal: the pack in <= 1 s on PostgreSQL. Figures go in bench/README.md; never test assertions.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/casework_bench_pack")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

EVENTS = int(os.environ.get("BENCH_EVENTS", "1000"))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def build():
    from django.utils import timezone

    from casework.audit.services import record_events
    from casework.consents.models import ConsentDecision
    from casework.journey.models import Appointment, CaseNote, InWorkSupportContact, Job
    from casework.participants.models import StatusChange
    from casework.programmes.models import OrganisationRole
    from casework.staff.models import Role
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
    publish_register(programme, "south-midlands.yaml")
    staff = [factories.StaffUserFactory(organisation=org) for _ in range(5)]
    for user in staff:
        factories.MembershipFactory(user=user, programme=programme, role=Role.EMPLOYMENT_SPECIALIST)
    dpo = factories.StaffUserFactory(organisation=org)
    factories.MembershipFactory(user=dpo, programme=programme, role=Role.DATA_PROTECTION_OFFICER)
    person = factories.ParticipantFactory(
        programme=programme, area=area, responsible_organisation=org, assigned_specialist=staff[0]
    )
    start = timezone.now() - datetime.timedelta(days=400)
    n_audit = EVENTS * 40 // 100
    n_notes = EVENTS * 30 // 100
    n_status = EVENTS * 10 // 100
    n_appointments = EVENTS * 10 // 100
    n_consents = EVENTS * 5 // 100
    n_jobs = (EVENTS - n_audit - n_notes - n_status - n_appointments - n_consents) // 2
    purposes = ["case_management", "journey.case_note.add", "participant.update", "search"]
    record_events(
        events=[
            {
                "actor": staff[i % 5],
                "action": "participant.read" if i % 3 else "participant.update",
                "participant": person,
                "purpose": purposes[i % 4],
                "changed_fields": ["phone"] if i % 3 == 0 else [],
            }
            for i in range(n_audit)
        ]
    )
    CaseNote.objects.bulk_create(
        CaseNote(
            participant=person,
            text=f"Note {i}: talked about jobs in warehousing and the bus route.",
            contains_third_party_information=i % 10 == 0,
            author=staff[i % 5],
        )
        for i in range(n_notes)
    )
    StatusChange.objects.bulk_create(
        StatusChange(
            participant=person,
            from_status="referred",
            to_status="enrolled",
            on=(start + datetime.timedelta(days=i)).date(),
            changed_by=staff[i % 5],
        )
        for i in range(n_status)
    )
    Appointment.objects.bulk_create(
        Appointment(
            participant=person,
            starts_at=start + datetime.timedelta(days=i),
            kind="one_to_one",
            attendance="attended",
            created_by=staff[i % 5],
            attendance_recorded_by=staff[i % 5],
        )
        for i in range(n_appointments)
    )
    ConsentDecision.objects.bulk_create(
        ConsentDecision(
            participant=person,
            purpose="share_with_employer",
            recipient=f"Employer {i}",
            given=True,
            decided_on=start.date(),
            channel="face_to_face",
            recorded_by=staff[i % 5],
        )
        for i in range(n_consents)
    )
    for i in range(n_jobs):
        job = Job.objects.create(
            participant=person,
            employer=f"Employer {i}",
            job_title="Warehouse operative",
            employment_type="employed",
            hours_per_week=16,
            hourly_pay=12,
            started_on=start.date(),
            recorded_by=staff[i % 5],
        )
        InWorkSupportContact.objects.create(
            job=job,
            contacted_on=start.date(),
            channel="phone",
            summary="Checked in: going well.",
            recorded_by=staff[i % 5],
        )
    total = n_audit + n_notes + n_status + n_appointments + n_consents + 2 * n_jobs
    return person, dpo, total


def _median(fn):
    times = []
    result = None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), result


def main() -> None:
    setup_test_environment()
    from django.test.runner import DiscoverRunner

    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        from casework.subjectaccess import services
        from casework.subjectaccess.models import Decision, Exemption
        from casework.subjectaccess.pack import build_pack
        from casework.subjectaccess.render import pack_csv, pack_json, pack_pdf

        person, dpo, total = build()
        version = connection.cursor().connection.info.server_version
        print(f"{total:,} records about one participant on {connection.vendor} {version}")
        build_pack(person)  # warm up (imports, the register's cache)
        with CaptureQueriesContext(connection) as queries:
            pack = build_pack(person)
        rows = sum(len(s.records) for s in pack.sections)
        load = os.getloadavg()[0]
        median, best, pack = _median(lambda: build_pack(person))
        print(
            f"build_pack: median {median * 1000:.0f} ms, best {best * 1000:.0f} ms "
            f"({rows:,} records in {len(pack.sections)} sections, "
            f"{len(queries.captured_queries)} queries; load {load:.1f})"
        )
        for name, render in (("JSON", pack_json), ("CSV", pack_csv), ("PDF", pack_pdf)):
            median, best, content = _median(lambda r=render: r(pack))
            print(
                f"render {name}: median {median * 1000:.0f} ms, best {best * 1000:.0f} ms "
                f"({len(content) / 1024:,.0f} KiB)"
            )
        started = time.perf_counter()
        draft = services.prepare_pack(by=dpo, participant=person, request_reference="SAR-B")
        prepared = time.perf_counter() - started
        for item in draft.redactions.all():
            services.decide_item(
                by=dpo,
                redaction=item,
                decision=Decision.WITHHELD,
                exemption=Exemption.THIRD_PARTY,
            )
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            services.release_pack(draft, by=dpo, identity_verified=True, request_reference="SAR-B")
        released = time.perf_counter() - started
        print(
            f"prepare_pack: {prepared * 1000:.0f} ms ({draft.redactions.count()} items to "
            f"review); release_pack: {released * 1000:.0f} ms "
            f"({len(queries.captured_queries)} queries)"
        )
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
