"""The de-identified evaluation extract at national scale, beside the anjana library.

Builds, in a throwaway database (test_<your database>), one programme with BENCH_PARTICIPANTS
(default 500,000) enrolled participants copied in with COPY (ages, genders, six local
authorities, referral months over three years, disability and ethnicity encrypted as Casework
stores them), then in the same run:

1. Casework: `build_extract` (two streamed passes: read and decrypt, count, search the
   lattice, write the file), k >= 5, l >= 2 for ethnicity, up to 5% suppressed;
2. anjana (`anjana.anonymity.l_diversity`, which makes the data k-anonymous first) on the same
   rows already in a DataFrame (so the time excludes reading and decrypting, which Casework's
   includes), the same hierarchies, k, l and suppression allowed, on BENCH_ANJANA rows
   (default: all of them);

and measures both outputs with the same yardstick: pycanon's k and l, records suppressed, and
the information lost (mean generalisation height over the quasi-identifiers, and the
normalised discernibility), defined in docs/decisions/0165-evaluation-extract.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_bench_evaluation \\
        .venv/bin/python bench/evaluation_bench.py

Figures go in bench/README.md; they are never test assertions.
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

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "500000"))
ANJANA_ROWS = int(os.environ.get("BENCH_ANJANA", str(PARTICIPANTS)))
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


def build():
    """A minimal fast generator (this benchmark's own): one participant made through the ORM
    as the template, then PARTICIPANTS rows by COPY, special category values from a pool of
    real ciphertexts (decrypting costs the same as for unique ones)."""
    from django.conf import settings

    from casework.core import crypto
    from casework.participants.models import Participant
    from casework.programmes.models import OrganisationRole
    from casework.register.config import load_config
    from casework.staff.models import Membership
    from casework.testing import factories
    from casework.testing.registers import publish_register

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
    config = load_config(settings.CASEWORK_PROGRAMMES_DIR / "south-midlands.yaml")
    purposes = [p.model_dump(mode="json") for p in config.purposes]
    for p in purposes:
        if p["key"] == "evaluation":
            p["categories"] = ["identity", *p["categories"]]
    publish_register(
        programme,
        purposes=purposes,
        evaluation={
            "columns": [*QIS, SENSITIVE],
            "quasi_identifiers": QIS,
            "sensitive": [SENSITIVE],
            "k": K,
            "l": L,
            "max_suppression": SUPPRESSION,
            "withhold_allowed": True,
        },
    )
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

    def participants():
        for i in range(PARTICIPANTS):
            ethnicity = rng.choices(names, weights)[0]
            referred = datetime.date(2025, 4, 1) + datetime.timedelta(days=rng.randrange(1000))
            row = dict(
                values,
                id=uuid.uuid4(),
                first_name=f"First{i}",
                last_name=f"Last{i}",
                nino_index="",
                national_insurance_number="",
                area_id=areas[rng.randrange(6)].pk,
                date_of_birth=AS_OF - datetime.timedelta(days=rng.randrange(18 * 365, 66 * 365)),
                gender=rng.choices(genders, gender_weights)[0],
                referred_on=referred,
                enrolled_on=referred + datetime.timedelta(days=14),
                ethnicity=rng.choice(pool[ethnicity]),
                disability=rng.choice(disability[rng.choice(["yes", "no", "not_said"])]),
            )
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


def main() -> None:
    setup_test_environment()
    import pandas as pd
    from anjana.anonymity import l_diversity
    from django.test.runner import DiscoverRunner

    from casework.evaluation import services
    from casework.evaluation.columns import COLUMNS, height, hierarchy

    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        started = time.perf_counter()
        programme, dpo = build()
        print(f"build: {PARTICIPANTS:,} participants in {time.perf_counter() - started:.0f} s")

        load = os.getloadavg()[0]
        extract = services.request_extract(
            by=dpo, programme=programme, series_name="Bench", as_of=AS_OF
        )
        started, cpu = time.perf_counter(), time.process_time()
        extract = services.build_extract(extract)
        casework_s = time.perf_counter() - started
        casework_cpu = time.process_time() - cpu
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        report = extract.report
        print(
            f"Casework extract: {casework_s:.1f} s, {casework_cpu:.1f} s of this process's CPU "
            f"(load {load:.1f}), status {extract.status}, "
            f"peak RSS so far {rss:.0f} MB; k={report.get('k')} l={report.get('l')} "
            f"suppressed={report.get('suppressed')} levels={report.get('levels')} "
            f"precision loss={report.get('precision_loss', 0):.3f} "
            f"DM(norm)={report.get('discernibility_normalised', 0):.6f} "
            f"nodes tried={report.get('nodes_tried')}"
        )
        content = services.storage.read(extract.file_name).decode("utf-8-sig")
        labels = {c: COLUMNS[c].label for c in [*QIS, SENSITIVE]}
        ours = pd.read_csv(io.StringIO(content), dtype=str, keep_default_na=False).rename(
            columns={v: k for k, v in labels.items()}
        )

        # The same rows, at the finest level, for anjana (read from the spool's source).
        age_bands = extract.definition["age_bands"]
        gens = {q: hierarchy(COLUMNS[q], age_bands) for q in QIS}
        heights = {q: height(COLUMNS[q], age_bands) for q in QIS}
        started = time.perf_counter()
        base, kept = services.population(extract)
        rows = []
        label_maps = {q: services._labels(q, programme) for q in [*QIS, SENSITIVE]}
        from casework.evaluation.columns import base_value

        fields = [COLUMNS[c].field for c in [*QIS, SENSITIVE]]
        for i, raw in enumerate(kept.values_list(*fields).iterator(chunk_size=5000)):
            if i >= ANJANA_ROWS:
                break
            rows.append(
                [
                    base_value(COLUMNS[c], v, as_of=AS_OF, labels=label_maps[c], age_band=5)
                    for c, v in zip([*QIS, SENSITIVE], raw, strict=True)
                ]
            )
        frame = pd.DataFrame(rows, columns=[*QIS, SENSITIVE])
        frame.insert(0, "pseudonym", range(len(frame)))
        read_s = time.perf_counter() - started
        hierarchies = {}
        for q in QIS:
            distinct = sorted(frame[q].unique())
            table = [gens[q](v) for v in distinct]
            hierarchies[q] = {
                level: pd.Series([t[level] for t in table]) for level in range(heights[q] + 1)
            }
        load = os.getloadavg()[0]
        started, cpu = time.perf_counter(), time.process_time()
        theirs = l_diversity(
            frame.copy(), ["pseudonym"], QIS, SENSITIVE, K, L, SUPPRESSION * 100, hierarchies
        )
        anjana_s = time.perf_counter() - started
        anjana_cpu = time.process_time() - cpu
        print(
            f"anjana on {len(frame):,} rows: {anjana_s:.1f} s, {anjana_cpu:.1f} s CPU "
            f"(load {load:.1f}); "
            f"reading them into a DataFrame took {read_s:.1f} s more"
        )
        hier_values = {q: {lv: list(s) for lv, s in hierarchies[q].items()} for q in QIS}
        if ANJANA_ROWS >= PARTICIPANTS:
            a = loss_of(ours, QIS, hier_values, heights, len(frame))
            print(f"Casework measured: {a}")
        b = loss_of(theirs, QIS, hier_values, heights, len(frame))
        print(f"anjana measured:   {b}")
        print(
            f"speed-up: {anjana_s / casework_s:.1f}x wall, {anjana_cpu / casework_cpu:.1f}x CPU "
            "(anjana's time excludes reading)"
        )
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
