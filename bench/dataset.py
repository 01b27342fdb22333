"""The national dataset (issue 16.6): `make bench-data SIZE=500000`.

One PostgreSQL database per size, `casework_bench_scale_<SIZE>` by default (BENCH_DB_PREFIX to
change the prefix; BENCH_DATABASE_URL for one exact database). It holds:

- the demo (`load_demo`: the three reference programmes, the demo staff, 300 participants made
  through the services with every part of a journey, and their audit trail), built once into a
  template database `<prefix>_tmpl` and copied with CREATE DATABASE ... TEMPLATE;
- SIZE further participants in the demo programme (South Midlands), spread over its six areas
  and over one employment specialist per ~33 open cases, in teams per partner council, with
  journeys in the demo's proportions: referred (20 %), enrolled with appointments, an action plan
  and case notes (45 %), in work with a job and in-work support (25 %), exited (10 %); a referral
  behind 70 % of them and 2 % more waiting for a decision; consent decisions;
- a chained audit trail continuing the demo's (about 7 events per participant: the addition,
  each status change, reads, records and searches), so `manage.py audit verify` passes.

Encrypted fields hold Fernet tokens made with the settings' real keys (casework.core.crypto):
every National Insurance number is encrypted on its own (with its blind index); free-text
fields (notes, goals, needs) take one of a pool of tokens per text, each a real token that
decrypts to that text. Rows go in through COPY, one transaction per batch of BATCH participants,
with progress on stderr. Idempotent: a finished build writes a marker table; running again with
the same SIZE returns at once; a database without the marker (an interrupted build) is dropped
and built again.

Other benchmarks call `ensure_dataset(size)`, which returns the database URL, and point
DATABASE_URL at it before `django.setup()` (see bench/page_bench.py).

    nice .venv/bin/python bench/dataset.py --size 10000
"""

import argparse
import datetime
import hashlib
import os
import random
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PREFIX = os.environ.get("BENCH_DB_PREFIX", "casework_bench_scale")
SETTINGS = "casework.settings.dev"  # the real (local) keys in var/local-keys.json
BATCH = 10_000
CASELOAD = 33
TODAY = datetime.date(2026, 12, 1)
MARKER = "bench_dataset"


def database_name(size: int) -> str:
    return f"{PREFIX}_{size}"


def database_url(size: int) -> str:
    return os.environ.get("BENCH_DATABASE_URL") or f"{SERVER}/{database_name(size)}"


def _psql(sql: str, db: str = "postgres") -> str:
    out = subprocess.run(
        ["psql", f"{SERVER}/{db}", "-tAc", sql], check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def keys_fingerprint() -> str:
    """Which keys the dataset's encrypted fields were made with (a digest of the local key file,
    never the keys): a dataset built with other keys cannot be decrypted, so it is rebuilt."""
    keys = ROOT / "var" / "local-keys.json"
    return hashlib.sha256(keys.read_bytes()).hexdigest()[:16] if keys.exists() else "none"


def _built(db: str, size: int) -> bool:
    if _psql(f"SELECT 1 FROM pg_database WHERE datname = '{db}'") != "1":  # noqa: S608
        return False
    try:
        marker = _psql(f"SELECT size || ' ' || keys FROM {MARKER}", db)  # noqa: S608
    except subprocess.CalledProcessError:
        return False  # no marker, or one from before the keys were recorded
    if marker == f"{size} {keys_fingerprint()}":
        return True
    if marker.startswith(f"{size} "):
        _log(f"{db} was built with other keys (its fields cannot be decrypted): building again")
    return False


def _log(message: str) -> None:
    print(f"[bench-data {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def ensure_template() -> str:
    db = f"{PREFIX}_tmpl"
    if _built(db, 0):
        return db
    _psql(f'DROP DATABASE IF EXISTS "{db}"')
    _psql(f'CREATE DATABASE "{db}"')
    env = dict(os.environ, DATABASE_URL=f"{SERVER}/{db}", DJANGO_SETTINGS_MODULE=SETTINGS)
    manage = [sys.executable, str(ROOT / "manage.py")]
    _log("template: migrate + load_demo")
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], check=True, env=env, cwd=ROOT)
    subprocess.run([*manage, "load_demo"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    _psql(
        f"CREATE TABLE {MARKER} (size integer, built_at timestamptz, keys text); "  # noqa: S608
        f"INSERT INTO {MARKER} VALUES (0, now(), '{keys_fingerprint()}')",
        db,
    )
    return db


def _migrate(url: str) -> None:
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE=SETTINGS)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "-v0"],
        check=True,
        env=env,
        cwd=ROOT,
    )


def ensure_dataset(size: int) -> str:
    """The URL of a database holding the dataset of `size` participants; built if missing."""
    url = database_url(size)
    db = url.rsplit("/", 1)[1]
    if _built(db, size):
        _log(f"{db}: {size:,} participants already built; migrating to this tree")
        _migrate(url)
        return url
    template = ensure_template()
    _psql(f'DROP DATABASE IF EXISTS "{db}"')
    _psql(f'CREATE DATABASE "{db}" TEMPLATE "{template}"')
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE=SETTINGS)
    subprocess.run(
        [sys.executable, __file__, "--size", str(size), "--fill"], check=True, env=env, cwd=ROOT
    )
    return url


# ---------------------------------------------------------------------------------------------
# The fill, inside Django (run as a subprocess with DATABASE_URL set).


def _template_row(model, **filters) -> dict:
    from django.db import connection

    columns = [f.column for f in model._meta.concrete_fields]
    obj = model.objects.filter(**filters).order_by("pk").first()
    assert obj is not None, f"the demo has no {model.__name__} matching {filters}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(connection.ops.quote_name(c) for c in columns)} "  # noqa: S608
            f"FROM {model._meta.db_table} WHERE {model._meta.pk.column} = %s",
            [obj.pk],
        )
        return dict(zip(columns, cursor.fetchone(), strict=True))


class Table:
    """COPY rows into one model's table: every column from a template row (as Casework wrote
    it), the given ones overridden. An integer primary key is left to its sequence."""

    def __init__(self, model, template: dict, *, with_pk: bool = False):
        from django.db import connection

        pk = model._meta.pk
        serial = pk.get_internal_type() in ("AutoField", "BigAutoField") and not with_pk
        self.columns = [
            f.column for f in model._meta.concrete_fields if not (f.primary_key and serial)
        ]
        self.template = template
        self.sql = (
            f"COPY {model._meta.db_table} "
            f"({', '.join(connection.ops.quote_name(c) for c in self.columns)}) FROM STDIN"
        )
        self.rows: list[list] = []
        self.count = 0

    def add(self, **values) -> None:
        row = dict(self.template, **values)
        self.rows.append([row[c] for c in self.columns])

    def flush(self, cursor) -> None:
        if not self.rows:
            return
        with cursor.copy(self.sql) as copy:
            for row in self.rows:
                copy.write_row(row)
        self.count += len(self.rows)
        self.rows = []


def _json(value) -> str:
    import json

    return json.dumps(value)


def fill(size: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection, transaction
    from faker.providers.person.en_GB import Provider as Names

    from casework.audit import chain
    from casework.audit.models import Action, AuditChainHead, Purpose
    from casework.audit.services import seal_events
    from casework.consents.models import ConsentDecision
    from casework.core import crypto
    from casework.demo import data
    from casework.journey.models import ActionStep, Appointment, CaseNote, Goal, Job
    from casework.participants.models import Participant, StatusChange
    from casework.participants.services import nino_index_for
    from casework.programmes.models import (
        OrganisationRole,
        Programme,
        ProgrammeOrganisation,
        Team,
    )
    from casework.referrals.models import Referral
    from casework.staff.models import Membership, StaffUser

    started = time.perf_counter()
    rng = random.Random(16_500_000 + size)
    first_names = list(Names.first_names)
    last_names = list(Names.last_names)
    programme = Programme.objects.get(slug=data.DEMO_PROGRAMME)
    controllers = {
        area.code: (area.pk, link.organisation_id)
        for link in ProgrammeOrganisation.objects.filter(
            programme=programme, role=OrganisationRole.JOINT_CONTROLLER
        ).prefetch_related("areas")
        for area in link.areas.all()
    }
    codes = sorted(controllers)
    manager = StaffUser.objects.get(email=data.staff_email("manager"))
    referrer = StaffUser.objects.get(email=data.staff_email("referrer"))

    # Staff: one specialist per CASELOAD open participants, in one team per controller.
    open_share = 0.9
    specialists_needed = max(len(codes), int(size * open_share / CASELOAD) + 1)
    staff_template = _template_row(StaffUser, email=data.staff_email("specialist.luton"))
    member_template = _template_row(Membership, user__email=data.staff_email("specialist.luton"))
    teams = {}
    for code in codes:
        org_id = controllers[code][1]
        if org_id not in teams:
            team = Team.objects.filter(programme=programme, organisation_id=org_id).first()
            if team is None:
                team = Team.objects.create(
                    programme=programme, organisation_id=org_id, name=f"Team {org_id}"
                )
            teams[org_id] = team.pk
    specialists_by_code: dict[str, list[int]] = {c: [] for c in codes}
    specialist_labels: dict[int, str] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM staff_staffuser")
        next_id = cursor.fetchone()[0] + 1
        users = Table(StaffUser, staff_template, with_pk=True)
        members = Table(Membership, member_template)
        for n in range(specialists_needed):
            code = codes[n % len(codes)]
            org_id = controllers[code][1]
            uid = next_id + n
            users.add(
                id=uid,
                email=f"bench.specialist{n}@{data.EMAIL_DOMAIN}",
                first_name=rng.choice(first_names),
                last_name=rng.choice(last_names),
                organisation_id=org_id,
            )
            members.add(user_id=uid, programme_id=programme.pk, team_id=teams[org_id])
            specialists_by_code[code].append(uid)
            specialist_labels[uid] = f"bench.specialist{n}@{data.EMAIL_DOMAIN}"
        users.flush(cursor.cursor)
        members.flush(cursor.cursor)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('staff_staffuser', 'id'), "
            "(SELECT max(id) FROM staff_staffuser))"
        )
    _log(f"{specialists_needed:,} specialists in {len(teams)} teams")

    # Templates: one demo row per table, as the services wrote it.
    enrolled = Participant.objects.filter(
        programme=programme, status="in_work", jobs__isnull=False
    ).first()
    t_participant = _template_row(Participant, pk=enrolled.pk)
    t_status = _template_row(StatusChange, participant=enrolled, to_status="enrolled")
    t_job = _template_row(Job, participant=enrolled)
    t_goal = _template_row(Goal, participant=enrolled)
    t_step = _template_row(ActionStep, participant=enrolled)
    t_appointment = _template_row(Appointment, participant=enrolled)
    t_note = _template_row(CaseNote, participant=enrolled)
    t_consent = _template_row(ConsentDecision)
    t_referral = _template_row(Referral)

    def pool(texts):
        return [[crypto.encrypt(t) for _ in range(8)] for t in texts]

    notes, goals, steps = pool(data.NOTES), pool(data.GOALS), pool(data.STEPS)
    needs = pool(data.REFERRAL_NEEDS)
    health = [
        [""],
        *pool(["Asthma", "Anxiety and depression", "Back pain", "Dyslexia", "Diabetes"]),
    ]
    empty_fields = dict.fromkeys(
        (
            "disability",
            "ethnicity",
            "religion_or_belief",
            "sexual_orientation",
            "offending_history",
        ),
        "",
    )
    used_ninos = set()
    for p in Participant.objects.filter(programme=programme).exclude(nino_index=""):
        used_ninos.add(p.national_insurance_number)

    tables = {
        name: Table(model, template)
        for name, model, template in [
            ("participant", Participant, t_participant),
            ("status", StatusChange, t_status),
            ("job", Job, t_job),
            ("goal", Goal, t_goal),
            ("step", ActionStep, t_step),
            ("appointment", Appointment, t_appointment),
            ("note", CaseNote, t_note),
            ("consent", ConsentDecision, t_consent),
            ("referral", Referral, t_referral),
        ]
    }
    key = chain.audit_key()
    seal_events()  # the events written so far (the demo's) into the chain: the head is after them
    head = AuditChainHead.objects.get(pk=1)
    sequence, previous = head.sequence, head.hash
    audit_columns = (*chain.CHAINED_FIELDS, "hash")
    audit_sql = f"COPY audit_auditevent ({', '.join(audit_columns)}) FROM STDIN"
    audit_rows: list = []
    user_agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Casework national dataset"
    events = 0

    def audit(at, actor_id, label, action, participant_id=None, many=(), purpose="", changed=()):
        nonlocal sequence, previous, events
        sequence += 1
        values = [
            sequence,
            at,
            actor_id,
            label,
            action,
            participant_id,
            list(many),
            purpose,
            list(changed),
            "10.0.0.1",
            user_agent,
            previous,
        ]
        digest = chain.event_hash(key, values)
        row = list(values)
        row[6], row[8] = _json(row[6]), _json(row[8])
        audit_rows.append([*row, digest])
        previous = digest
        events += 1

    def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=datetime.UTC)

    # The demo's weights: most participants in the areas of the demo's teams.
    code_weights = dict(zip(["E06000032", "E06000042", "E06000062"], [3, 3, 2], strict=False))
    area_choices = [c for c in codes for _ in range(code_weights.get(c, 1))]
    counters = dict.fromkeys(codes, 0)

    for start in range(0, size, BATCH):
        batch_end = min(size, start + BATCH)
        for i in range(start, batch_end):
            r = random.Random(i * 7919 + size)
            code = r.choice(area_choices)
            area_id, org_id = controllers[code]
            specs = specialists_by_code[code]
            specialist = specs[counters[code] % len(specs)] if specs else None
            counters[code] += 1
            actor = specialist or manager.pk
            label = specialist_labels.get(actor, manager.email)
            pid = uuid.uuid4()
            first, last = r.choice(first_names), r.choice(last_names)
            stage = r.random()
            referred_on = TODAY - datetime.timedelta(days=r.randrange(1, 900))
            dob = datetime.date(r.randrange(1961, 2007), r.randrange(1, 13), r.randrange(1, 29))
            nino = ""
            if r.random() < 0.9:
                nino = f"QQ{i % 10**6:06d}{'ABCD'[(i // 10**6) % 4]}"
                if nino in used_ninos:
                    nino = ""
            status, exit_reason = "referred", ""
            enrolled_on = in_work_on = exited_on = None
            if stage >= 0.2:
                status, enrolled_on = "enrolled", min(TODAY, referred_on + datetime.timedelta(14))
            if stage >= 0.65:
                status, in_work_on = "in_work", min(TODAY, enrolled_on + datetime.timedelta(60))
            if stage >= 0.9:
                status, exit_reason = "exited", "completed"
                exited_on = min(TODAY, enrolled_on + datetime.timedelta(200))
            created = at(referred_on, 9, r.randrange(60))
            tables["participant"].add(
                id=pid,
                area_id=area_id,
                responsible_organisation_id=org_id,
                assigned_specialist_id=specialist,
                first_name=first,
                last_name=last,
                preferred_name="",
                date_of_birth=dob,
                email=f"{first}.{last}{i}@example.com".lower().replace("'", ""),
                phone=f"07700 9{i % 100000:05d}" if r.random() < 0.85 else "",
                address_line_1=f"{r.randrange(1, 200)} {r.choice(last_names)} Road",
                town=data.TOWNS.get(code, "Luton"),
                postcode=f"{r.choice(data.OUTWARD_CODES.get(code, ['LU1']))} {r.randrange(10)}AB",
                national_insurance_number=crypto.encrypt(nino) if nino else "",
                nino_index=nino_index_for(nino) if nino else "",
                local_authority_identifier=f"BENCH-{i:07d}",
                health_conditions=r.choice(r.choice(health)),
                **empty_fields,
                status=status,
                referred_on=referred_on,
                enrolled_on=enrolled_on,
                in_work_on=in_work_on,
                exited_on=exited_on,
                exit_reason=exit_reason,
                exit_reason_detail="",
                next_contact_on=TODAY + datetime.timedelta(days=r.randrange(-5, 21)),
                created_at=created,
                updated_at=created,
            )
            audit(
                created,
                manager.pk,
                manager.email,
                Action.PARTICIPANT_CREATE,
                pid,
                purpose=Purpose.EDITING,
            )
            if r.random() < 0.7:
                received = at(referred_on - datetime.timedelta(days=r.randrange(1, 10)), 11)
                tables["referral"].add(
                    id=uuid.uuid4(),
                    programme_id=programme.pk,
                    area_id=area_id,
                    referred_by_id=referrer.pk,
                    received_at=received,
                    first_name=first,
                    last_name=last,
                    date_of_birth=dob,
                    postcode="LU1 1AB",
                    national_insurance_number="",
                    nino_index="",
                    support_needs=r.choice(r.choice(needs)),
                    agreement_recorded_at=received,
                    status="accepted",
                    decided_by_id=actor,
                    decided_at=created,
                    decline_reason="",
                    participant_id=pid,
                )
                audit(received, referrer.pk, referrer.email, Action.REFERRAL)

            def change(frm, to, on, reason="", *, pid=pid, actor=actor, label=label):
                tables["status"].add(
                    participant_id=pid,
                    from_status=frm,
                    to_status=to,
                    on=on,
                    exit_reason=reason,
                    exit_reason_detail="",
                    changed_by_id=actor,
                    changed_at=at(on, 12),
                )
                audit(
                    at(on, 12),
                    actor,
                    label,
                    Action.PARTICIPANT_STATUS_CHANGE,
                    pid,
                    purpose=Purpose.EDITING,
                    changed=["status"],
                )

            if enrolled_on:
                change("referred", "enrolled", enrolled_on)
                tables["consent"].add(
                    participant_id=pid,
                    decided_on=enrolled_on,
                    recorded_by_id=actor,
                    recorded_at=at(enrolled_on, 12),
                )
                goal = uuid.uuid4()
                tables["goal"].add(
                    id=goal,
                    participant_id=pid,
                    description=r.choice(r.choice(goals)),
                    achieved_on=None,
                    created_by_id=actor,
                    created_at=at(enrolled_on, 13),
                )
                for n, offset in enumerate((-3, 9)):
                    tables["step"].add(
                        id=uuid.uuid4(),
                        goal_id=goal,
                        participant_id=pid,
                        description=r.choice(steps[n]),
                        due_on=TODAY + datetime.timedelta(days=offset),
                        completed_on=None,
                        created_by_id=actor,
                        created_at=at(enrolled_on, 13),
                    )
                until = exited_on or TODAY
                for offset in (0, 14, 28, 56):
                    day = enrolled_on + datetime.timedelta(days=offset)
                    if day >= until:
                        continue
                    tables["appointment"].add(
                        id=uuid.uuid4(),
                        participant_id=pid,
                        starts_at=at(day, 10),
                        kind=r.choice(["in_person", "in_person", "phone", "video"]),
                        attendance=r.choice(["attended"] * 5 + ["did_not_attend"]),
                        attendance_recorded_by_id=actor,
                        created_by_id=actor,
                        created_at=at(day - datetime.timedelta(days=7), 10),
                    )
                    tables["note"].add(
                        id=uuid.uuid4(),
                        participant_id=pid,
                        text=r.choice(r.choice(notes)),
                        contains_third_party_information=r.random() < 0.15,
                        corrects_id=None,
                        author_id=actor,
                        created_at=at(day, 11),
                    )
                    audit(
                        at(day, 11),
                        actor,
                        label,
                        Action.PARTICIPANT_RECORD,
                        pid,
                        purpose=Purpose.EDITING,
                        changed=["case_note"],
                    )
                    audit(
                        at(day, 9, 55),
                        actor,
                        label,
                        Action.PARTICIPANT_READ,
                        pid,
                        purpose=Purpose.CASE_MANAGEMENT,
                    )
                if not exited_on:
                    tables["appointment"].add(
                        id=uuid.uuid4(),
                        participant_id=pid,
                        starts_at=at(TODAY + datetime.timedelta(days=r.randrange(1, 15)), 10),
                        kind="in_person",
                        attendance="",
                        attendance_recorded_by_id=None,
                        created_by_id=actor,
                        created_at=at(TODAY, 9),
                    )
            if in_work_on:
                change("enrolled", "in_work", in_work_on)
                tables["job"].add(
                    id=uuid.uuid4(),
                    participant_id=pid,
                    employer=r.choice(data.EMPLOYERS),
                    job_title=r.choice(data.JOB_TITLES),
                    employment_type=r.choice(["employed"] * 6 + ["self_employed"]),
                    hours_per_week=Decimal(r.choice([8, 12, 16, 20, 25, 30])),
                    hourly_pay=Decimal(r.choice(["12.21", "12.50", "13.10", "14.75"])),
                    started_on=in_work_on,
                    ended_on=exited_on,
                    end_reason="contract_ended" if exited_on else "",
                    recorded_by_id=actor,
                    recorded_at=at(in_work_on, 15),
                )
                audit(
                    at(in_work_on, 15),
                    actor,
                    label,
                    Action.PARTICIPANT_RECORD,
                    pid,
                    purpose=Purpose.EDITING,
                    changed=["job"],
                )
            if exited_on:
                change("in_work", "exited", exited_on, "completed")
        # Waiting referrals (the referral inbox): 2 % of the batch.
        for _ in range((batch_end - start) // 50):
            code = rng.choice(area_choices)
            received = at(TODAY - datetime.timedelta(days=rng.randrange(0, 30)), 11)
            tables["referral"].add(
                id=uuid.uuid4(),
                programme_id=programme.pk,
                area_id=controllers[code][0],
                referred_by_id=referrer.pk,
                received_at=received,
                first_name=rng.choice(first_names),
                last_name=rng.choice(last_names),
                date_of_birth=datetime.date(1980, 1, 1),
                postcode="LU1 1AB",
                national_insurance_number="",
                nino_index="",
                support_needs=rng.choice(rng.choice(needs)),
                agreement_recorded_at=received,
                status="received",
                decided_by_id=None,
                decided_at=None,
                decline_reason="",
                participant_id=None,
            )
            audit(received, referrer.pk, referrer.email, Action.REFERRAL)
        with transaction.atomic(), connection.cursor() as cursor:
            for table in tables.values():
                table.flush(cursor.cursor)
            with cursor.cursor.copy(audit_sql) as copy:
                for row in audit_rows:
                    copy.write_row(row)
            audit_rows.clear()
            AuditChainHead.objects.filter(pk=1).update(sequence=sequence, hash=previous)
        elapsed = time.perf_counter() - started
        _log(f"{batch_end:,}/{size:,} participants, {events:,} audit events, {elapsed:.0f} s")

    # The reports' nightly count (decision 0190), as the worker would run it after the day's
    # work, so that benchmarks read the reports from kept figures without writing them.
    from casework.reports.services import keep_daily_figures

    began = time.perf_counter()
    kept = sum(keep_daily_figures(p) for p in Programme.objects.all())
    _log(f"report figures kept: {kept:,} daily rows in {time.perf_counter() - began:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute(f"DROP TABLE IF EXISTS {MARKER}")  # noqa: S608
        cursor.execute(f"CREATE TABLE {MARKER} (size integer, built_at timestamptz, keys text)")
        cursor.execute(
            f"INSERT INTO {MARKER} VALUES (%s, now(), %s)",  # noqa: S608
            [size, keys_fingerprint()],
        )
    counts = ", ".join(f"{name} {t.count:,}" for name, t in tables.items())
    _log(f"done in {time.perf_counter() - started:.0f} s: {counts}, audit events {events:,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=500_000)
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill:
        fill(args.size)
    else:
        print(ensure_dataset(args.size))


if __name__ == "__main__":
    main()
