"""The de-identified evaluation extract at national scale, beside the anjana library.

Builds, in a throwaway database (test_<your database>), one programme (South Midlands' register,
its file given an `evaluation:` block and identity data in its evaluation purpose, validated as
a programme file is) with its participants copied in with COPY. The participants come from

- the national dataset (BENCH_SOURCE=national, the default when `casework_bench_scale_<N>` is
  built; BENCH_PARTICIPANTS=N, 500,000): every South Midlands participant's id, date of birth,
  local authority, status and dates as bench/dataset.py made them, read from that database
  (never written); the dataset leaves gender "not said" and ethnicity and disability empty,
  so this bench gives them weighted values (the same as its own generator's), encrypted as
  Casework stores them;
- or its own generator (BENCH_SOURCE=own): N enrolled participants, ages 18-65, five genders,
  six local authorities, referral dates over 1,000 days.

Then, in the same run, on the same rows, the same extract (quasi-identifiers age band, gender,
local authority, month referred; ethnicity sensitive; k = 5, l = 2, up to 5 % suppressed,
columns may be withheld; the same hierarchies):

1. Casework: `build_extract`. Timed: from the query to the encrypted file and member list in
   the document store (the counts, reading and decrypting the rows, pseudonyms, the search,
   writing the file);
2. anjana end to end: the same query read the same way (server-side cursor, the same bulk
   decryption, the same finest values, the same pseudonyms) into a DataFrame, then
   `anjana.anonymity.l_diversity` (k-anonymity first, then l), then the CSV written and stored
   encrypted in the document store as Casework's is. Timed: all of that;
3. anjana's call alone, on that DataFrame (the figure earlier runs gave).

Each is timed in wall clock and in CPU: this process's (time.process_time) and PostgreSQL's
backend's (from /proc, when on the same machine). Both outputs are measured with the same
yardstick: pycanon's k and l, records suppressed, the information lost (mean generalisation
height over the quasi-identifiers, and the normalised discernibility), defined in
docs/decisions/0165-evaluation-extract.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_bench_evaluation \\
        PYTHONPATH=.venv-anjana/site nice .venv/bin/python bench/evaluation_bench.py

(anjana is not in the lock: `.venv/bin/python -m pip install --no-deps --target
.venv-anjana/site anjana==1.2.3`; its dependencies are in the lock.) Figures go in
bench/README.md; they are never test assertions.
"""

import datetime
import io
import os
import random
import resource
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "500000"))
SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
NATIONAL = f"{SERVER}/casework_bench_scale_{PARTICIPANTS}"
AS_OF = datetime.date(2026, 11, 30)
QIS = ["age", "gender", "area", "referred_month"]
SENSITIVE = "ethnicity"
K, L, SUPPRESSION = 5, 2, 0.05
AREAS = [
    ("E06000055", "Bedford"),
    ("E06000056", "Central Bedfordshire"),
    ("E06000032", "Luton"),
    ("E06000042", "Milton Keynes"),
    ("E06000061", "North Northamptonshire"),
    ("E06000062", "West Northamptonshire"),
]
ETHNICITIES = [
    ("White British", 60),
    ("White other", 8),
    ("Asian or Asian British", 12),
    ("Black or Black British", 8),
    ("Mixed", 5),
    ("Other", 3),
    ("", 4),
]


def _text(value) -> str:
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _copy(table: str, columns: list[str], rows) -> None:
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"COPY {table} ({quoted}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        buffer = io.StringIO()
        for n, row in enumerate(rows, 1):
            buffer.write("\t".join(_text(v) for v in row) + "\n")
            if n % 50000 == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())


def national_built() -> bool:
    import psycopg

    try:
        with psycopg.connect(NATIONAL) as conn:
            return conn.execute("SELECT size FROM bench_dataset").fetchone()[0] == PARTICIPANTS
    except psycopg.Error:
        return False


def national_rows():
    """South Midlands' participants in the national dataset, read-only, in its own order."""
    import psycopg

    with psycopg.connect(NATIONAL) as conn, conn.transaction():
        conn.execute("SET TRANSACTION READ ONLY")
        with conn.cursor(name="evaluation_bench") as cursor:
            cursor.execute(
                "SELECT p.id, p.date_of_birth, a.code, p.status, p.referred_on, p.enrolled_on, "
                "p.in_work_on, p.exited_on, p.exit_reason FROM participants_participant p "
                "JOIN programmes_area a ON a.id = p.area_id "
                "JOIN programmes_programme g ON g.id = p.programme_id "
                "WHERE g.slug = 'south-midlands'"
            )
            yield from cursor


def register_with_evaluation(programme):
    """South Midlands' file with an `evaluation:` block and identity data in its evaluation
    purpose, read and checked by load_config as any programme file is, then published."""
    import tempfile

    import yaml
    from django.conf import settings

    from casework.register.config import load_config
    from casework.testing.registers import publish_register

    raw = yaml.safe_load((settings.CASEWORK_PROGRAMMES_DIR / "south-midlands.yaml").read_text())
    for purpose in raw["purposes"]:
        if purpose["key"] == "evaluation":
            purpose["categories"] = ["identity", *purpose["categories"]]
    raw["evaluation"] = {
        "columns": [*QIS, SENSITIVE],
        "quasi_identifiers": QIS,
        "sensitive": [SENSITIVE],
        "k": K,
        "l": L,
        "max_suppression": SUPPRESSION,
        "withhold_allowed": True,
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "south-midlands.yaml"
        path.write_text(yaml.safe_dump(raw, sort_keys=False))
        config = load_config(path).model_dump(mode="json")
    publish_register(programme, purposes=config["purposes"], evaluation=config["evaluation"])


def build(source: str):
    """The programme, then its participants by COPY from one made through the ORM as the
    template: from the national dataset or this bench's own generator (see the docstring);
    special category values from a pool of real ciphertexts (decrypting costs the same as for
    unique ones, and the build never decrypts a token twice)."""
    from casework.core import crypto
    from casework.participants.models import Participant
    from casework.programmes.models import OrganisationRole
    from casework.staff.models import Membership
    from casework.testing import factories

    programme = factories.ProgrammeFactory(slug="bench-evaluation")
    areas = [factories.AreaFactory(code=c, name=n) for c, n in AREAS]
    programme.areas.add(*areas)
    body = factories.OrganisationFactory(name="Bench Accountable Body")
    link = factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=body, role=OrganisationRole.ACCOUNTABLE_BODY
    )
    link.areas.add(*areas)
    dpo = factories.StaffUserFactory(organisation=body, email="dpo@bench.example")
    Membership.objects.create(user=dpo, programme=programme, role="data_protection_officer")
    register_with_evaluation(programme)
    template = factories.ParticipantFactory(
        programme=programme, area=areas[0], responsible_organisation=body, status="enrolled"
    )
    columns = [f.column for f in Participant._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM participants_participant WHERE id = %s",  # noqa: S608
            [template.pk],
        )
        values = dict(zip(columns, cursor.fetchone(), strict=True))
    template.delete()
    rng = random.Random(15)
    pool = {v: [crypto.encrypt(v) if v else "" for _ in range(16)] for v, _ in ETHNICITIES}
    disability = {v: [crypto.encrypt(v) for _ in range(16)] for v in ("yes", "no", "not_said")}
    names = [v for v, _ in ETHNICITIES]
    weights = [w for _, w in ETHNICITIES]
    genders = ["woman", "man", "non_binary", "another", "not_said"]
    gender_weights = [48, 47, 1, 0.5, 3.5]
    area_ids = {a.code: a.pk for a in areas}

    def special():
        return {
            "gender": rng.choices(genders, gender_weights)[0],
            "ethnicity": rng.choice(pool[rng.choices(names, weights)[0]]),
            "disability": rng.choice(disability[rng.choice(["yes", "no", "not_said"])]),
        }

    def own():
        for i in range(PARTICIPANTS):
            referred = datetime.date(2025, 4, 1) + datetime.timedelta(days=rng.randrange(1000))
            yield dict(
                id=uuid.uuid4(),
                first_name=f"First{i}",
                last_name=f"Last{i}",
                area_id=area_ids[AREAS[rng.randrange(6)][0]],
                date_of_birth=AS_OF - datetime.timedelta(days=rng.randrange(18 * 365, 66 * 365)),
                referred_on=referred,
                enrolled_on=referred + datetime.timedelta(days=14),
                **special(),
            )

    def national():
        for i, (pid, born, code, status, referred, enrolled, in_work, exited, reason) in enumerate(
            national_rows()
        ):
            yield dict(
                id=pid,
                first_name=f"First{i}",
                last_name=f"Last{i}",
                area_id=area_ids[code],
                date_of_birth=born,
                status=status,
                referred_on=referred,
                enrolled_on=enrolled,
                in_work_on=in_work,
                exited_on=exited,
                exit_reason=reason,
                **special(),
            )

    def participants():
        for row in national() if source == "national" else own():
            row = dict(values, nino_index="", national_insurance_number="", **row)
            yield [row[c] for c in columns]

    _copy("participants_participant", columns, participants())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return programme, dpo


def loss_of(frame, qis, hierarchies, heights, total):
    """The yardstick for both outputs: level per QI (the lowest level holding every output
    value), mean height, suppressed, normalised discernibility, pycanon's k and l."""
    from pycanon import anonymity as pycanon

    levels = {}
    for q in qis:
        values = set(frame[q].unique())
        levels[q] = next(
            level for level in range(heights[q] + 1) if values <= set(hierarchies[q][level])
        )
    suppressed = total - len(frame)
    sizes = frame.groupby(qis).size()
    dm = int((sizes**2).sum()) + suppressed * total
    return {
        "levels": levels,
        "precision_loss": sum(levels[q] / heights[q] for q in qis) / len(qis),
        "suppressed": suppressed,
        "discernibility_normalised": (dm - total) / (total * total - total),
        "k": pycanon.k_anonymity(frame, qis) if len(frame) else 0,
        "l": pycanon.l_diversity(frame, qis, [SENSITIVE]) if len(frame) else 0,
    }


def backend_cpu() -> float:
    """CPU seconds PostgreSQL's backend for this connection has used (0 if not readable)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Timed:
    """Wall clock, this process's CPU and PostgreSQL's backend's CPU over a block."""

    def __enter__(self):
        self.load = os.getloadavg()[0]
        self.pg0 = backend_cpu()
        self.wall0, self.cpu0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0
        self.pg = backend_cpu() - self.pg0

    def __str__(self) -> str:
        return (
            f"{self.wall:.1f} s wall, {self.cpu:.1f} s CPU here + {self.pg:.1f} s PostgreSQL's "
            f"(load {self.load:.1f} at the start)"
        )


def anjana_end_to_end(extract, gens, heights, l_diversity):
    """The same extract through anjana: the same query and reading as Casework's build (server-
    side cursor in a transaction, bulk decryption, the same finest values and pseudonyms), the
    rows into a DataFrame, anjana's l_diversity, the CSV stored encrypted."""
    import binascii

    import pandas as pd

    from casework.core import crypto
    from casework.core.fields import EncryptedTextField
    from casework.documents import chunked
    from casework.evaluation import services
    from casework.evaluation.columns import COLUMNS, converter
    from casework.participants.models import Participant

    d = services.Definition(**extract.definition)
    _, kept = services.population(extract)
    columns = [COLUMNS[c] for c in d.columns]
    sql, params = (
        kept.order_by("pk").values_list("pk", *(c.field for c in columns)).query.sql_with_params()
    )
    convert = [
        converter(
            c,
            as_of=extract.as_of,
            labels=services._labels(key, extract.programme),
            age_band=d.age_bands[0],
        )
        for key, c in zip(d.columns, columns, strict=True)
    ]
    encrypted = [
        j
        for j, c in enumerate(columns)
        if isinstance(Participant._meta.get_field(c.field), EncryptedTextField)
    ]
    mac = crypto.hmac_sha256(extract.series.key.encode())
    data = {name: [] for name in ["_member", "pseudonym", *d.columns]}
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(services.CHUNK):
            raw = list(zip(*rows, strict=True))
            ids = [pk.bytes for pk in raw[0]]
            data["_member"].extend(ids)
            data["pseudonym"].extend(
                binascii.hexlify(mac(b)[: services.PSEUDONYM_BYTES]).decode() for b in ids
            )
            for j, name in enumerate(d.columns):
                values = crypto.decrypt_many(raw[j + 1]) if j in encrypted else raw[j + 1]
                data[name].extend(map(convert[j], values))
    frame = pd.DataFrame(data)
    frame.insert(0, "_ident", "x")
    hierarchies = {}  # the same functions as Casework's, on every finest value read
    for q in QIS:
        table = [gens[q](v) for v in sorted(frame[q].unique())]
        hierarchies[q] = {
            level: pd.Series([t[level] for t in table]) for level in range(heights[q] + 1)
        }
    with Timed() as alone:
        theirs = l_diversity(
            frame, ["_ident"], QIS, SENSITIVE, K, L, SUPPRESSION * 100, hierarchies
        )
    members = b"".join(theirs["_member"])
    labels = {c: COLUMNS[c].label for c in d.columns}
    out = theirs[["pseudonym", *d.columns]].rename(columns={"pseudonym": "Pseudonym", **labels})
    content = ("\ufeff" + out.to_csv(index=False)).encode("utf-8")
    for data in (content, members):  # stored as Casework stores its file and members
        writer = chunked.EncryptedWriter()
        writer.write(data)
        writer.close()
    return theirs, hierarchies, alone


def main() -> None:
    setup_test_environment()
    import pandas as pd
    from anjana.anonymity import l_diversity
    from django.test.runner import DiscoverRunner

    from casework.documents import chunked
    from casework.evaluation import services
    from casework.evaluation.columns import COLUMNS, height, hierarchy

    source = os.environ.get("BENCH_SOURCE") or ("national" if national_built() else "own")
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        started = time.perf_counter()
        programme, dpo = build(source)
        from casework.participants.models import Participant

        count = Participant.objects.filter(programme=programme).count()
        print(
            f"data ({source}{': ' + NATIONAL if source == 'national' else ''}): "
            f"{count:,} participants copied in "
            f"{time.perf_counter() - started:.0f} s; peak RSS "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
        extract = services.request_extract(
            by=dpo, programme=programme, series_name="Bench", as_of=AS_OF
        )
        if os.environ.get("BENCH_PROFILE") == "1":  # where Casework's time goes (one build)
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            extract = services.build_extract(extract)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
            return
        with Timed() as ours_time:
            extract = services.build_extract(extract)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        report = extract.report
        print(
            f"Casework build_extract: {ours_time}; status {extract.status}; peak RSS so far "
            f"{rss:.0f} MB; population {report.get('population'):,}; k={report.get('k')} "
            f"l={report.get('l')} suppressed={report.get('suppressed')} "
            f"levels={report.get('levels')} precision loss={report.get('precision_loss', 0):.3f} "
            f"DM(norm)={report.get('discernibility_normalised', 0):.6f} "
            f"nodes tried={report.get('nodes_tried')}"
        )
        content = chunked.read_all(extract.file_name).decode("utf-8-sig")
        labels = {c: COLUMNS[c].label for c in [*QIS, SENSITIVE]}
        ours = pd.read_csv(io.StringIO(content), dtype=str, keep_default_na=False).rename(
            columns={v: k for k, v in labels.items()}
        )

        age_bands = extract.definition["age_bands"]
        gens = {q: hierarchy(COLUMNS[q], age_bands) for q in QIS}
        heights = {q: height(COLUMNS[q], age_bands) for q in QIS}
        with Timed() as theirs_time:
            theirs, hierarchies, alone = anjana_end_to_end(extract, gens, heights, l_diversity)
        print(f"anjana end to end (read, hierarchies, l_diversity, CSV stored): {theirs_time}")
        print(f"  of which anjana's l_diversity call alone: {alone}")
        total = report["population"]
        hier_values = {q: {lv: list(s) for lv, s in hierarchies[q].items()} for q in QIS}
        a = loss_of(ours, QIS, hier_values, heights, total)
        b = loss_of(theirs, QIS, hier_values, heights, total)
        print(f"Casework measured: {a}")
        print(f"anjana measured:   {b}")
        print(
            f"speed-up end to end: {theirs_time.wall / ours_time.wall:.1f}x wall, "
            f"{theirs_time.cpu / ours_time.cpu:.1f}x CPU here, "
            f"{(theirs_time.cpu + theirs_time.pg) / (ours_time.cpu + ours_time.pg):.1f}x CPU "
            "with PostgreSQL's"
        )
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
