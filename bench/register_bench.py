"""Timings for the processing register (issue 4). Run against a database with the demo loaded:

    DATABASE_URL=... .venv/bin/python bench/register_bench.py

Prints the median of several runs for: validating a configuration, loading an unchanged
configuration (the idempotent path `make run` takes), building the notice, rendering its PDF,
the ROPA XLSX, and the who-to-tell list with letters for the demo's 300 participants.
Figures measured are written down in bench/register-results.md."""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from casework.programmes.models import Programme  # noqa: E402
from casework.register import letters, ropa, selectors, services  # noqa: E402
from casework.register.config import config_from_json, load_config  # noqa: E402
from casework.register.notice import build_notice  # noqa: E402
from casework.register.pdf import notice_pdf  # noqa: E402
from casework.staff.models import StaffUser  # noqa: E402


def median_ms(fn, runs=7):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    path = Path(settings.CASEWORK_PROGRAMMES_DIR) / "local-london.yaml"
    programme = Programme.objects.get(slug="south-midlands")
    version = selectors.current_version(programme)
    config = config_from_json(version.config)
    dpo = StaffUser.objects.get(email="dpo@casework.example")

    def who_to_tell():
        for item in selectors.participants_to_tell(dpo, programme):
            letters.change_letter(item, version=version, config=config)

    rows = [
        ("validate local-london.yaml", lambda: load_config(path)),
        ("load unchanged local-london.yaml", lambda: services.load_programme(path=path)),
        ("build the South Midlands notice", lambda: build_notice(version)),
        ("render its PDF", lambda: notice_pdf(build_notice(version))),
        ("ROPA XLSX", lambda: ropa.as_xlsx(config)),
        ("who to tell, 300 participants, with letters", who_to_tell),
    ]
    for name, fn in rows:
        print(f"{name:48s} {median_ms(fn):8.1f} ms")


if __name__ == "__main__":
    main()
