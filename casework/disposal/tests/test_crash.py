"""A real sweep process killed with SIGKILL in the middle of its work: nothing is half-disposed
and a rerun finishes the job. Runs against a database of its own (a file on SQLite; a database
created for it on PostgreSQL), since the sweep is another process."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
PEOPLE = 60

SETTINGS = """
from pathlib import Path
from casework.settings.test import *  # noqa
CASEWORK_DOCUMENT_ROOT = Path({documents!r})
"""

POPULATE = """
import django, json
django.setup()
from casework.disposal.schedule import reschedule_programme
from casework.disposal.testing import load_shipped, participant_with_everything
from casework.testing.registers import publish_register
programme = load_shipped("south-midlands")
publish_register(programme, retention=[
    {"record_type": "participant", "anchor": "fixed_date", "date": "2020-01-01",
     "action": "anonymise"}])
reschedule_programme(programme)
people = [participant_with_everything(programme, surname=f"Crash{i}") for i in range(%d)]
print(json.dumps([[str(h.participant.pk), h.document.storage_name] for h in people]))
"""

CHECK = """
import django, json, sys
django.setup()
from django.apps import apps
from casework.disposal.engine import participant_plans
from casework.disposal.models import PendingFileDeletion
people = json.loads(sys.stdin.read())
pending = set(PendingFileDeletion.objects.values_list("storage_name", flat=True))
report = []
for pid, storage_name in people:
    counts = {}
    for plan in participant_plans():
        model = apps.get_model(plan.model_label)
        counts[plan.model_label] = model.objects.filter(**{plan.owner + "__in": [pid]}).count()
    report.append({"counts": counts, "pending": storage_name in pending})
print(json.dumps(report))
"""


def _database_url(tmp_path) -> tuple[str, callable]:
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'crash.sqlite3'}", lambda: None
    import psycopg

    params = connection.settings_dict
    name = f"{params['NAME']}_crash"
    admin = psycopg.connect(
        host=params["HOST"],
        port=params["PORT"],
        user=params["USER"],
        dbname="postgres",
        password=params.get("PASSWORD") or None,
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    host = f"{params['USER']}@{params['HOST']}:{params['PORT']}"
    return f"postgres://{host}/{name}", drop


def _run(env, *args, stdin=None, check=True):
    result = subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.mark.slow
def test_a_sweep_killed_mid_run_leaves_nothing_half_disposed(tmp_path):
    documents = tmp_path / "documents"
    (tmp_path / "crash_settings.py").write_text(SETTINGS.format(documents=str(documents)))
    url, drop = _database_url(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "crash_settings",
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
    }
    try:
        _run(env, "manage.py", "migrate", "--no-input", "-v", "0")
        people = json.loads(_run(env, "-c", POPULATE % PEOPLE).stdout.strip().splitlines()[-1])
        files = {name: documents / name for _, name in people}
        assert all(path.exists() for path in files.values())
        whole = json.loads(_run(env, "-c", CHECK, stdin=json.dumps(people)).stdout)[0]["counts"]
        assert all(whole.values()), f"every kind of record to begin with: {whole}"

        sweep = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "retention", "sweep", "--batch-size", "2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for line in sweep.stderr:
            if line.startswith("progress ") and int(line.split()[1].split("/")[0]) >= 6:
                os.kill(sweep.pid, signal.SIGKILL)
                break
        sweep.wait(timeout=60)
        assert sweep.returncode == -signal.SIGKILL, "killed in the middle, not finished"

        report = json.loads(_run(env, "-c", CHECK, stdin=json.dumps(people)).stdout)
        gone = intact = 0
        for (_, name), person in zip(people, report, strict=True):
            if not any(person["counts"].values()):
                gone += 1
                # Its file is removed, or listed for removal by the next sweep.
                assert not files[name].exists() or person["pending"]
            else:
                assert person["counts"] == whole, f"half-disposed: {person['counts']}"
                assert files[name].exists()
                intact += 1
        assert gone >= 6 and intact > 0, (gone, intact)

        rerun = _run(env, "manage.py", "retention", "sweep")
        assert "0 failed" in rerun.stdout
        report = json.loads(_run(env, "-c", CHECK, stdin=json.dumps(people)).stdout)
        assert not any(any(p["counts"].values()) or p["pending"] for p in report)
        assert not any(path.exists() for path in files.values())
        _run(env, "manage.py", "audit", "seal")
        assert "intact" in _run(env, "manage.py", "audit", "verify").stdout
        runs = _run(
            env,
            "-c",
            "import django; django.setup(); "
            "from casework.disposal.models import DisposalRun; "
            "print(sorted(DisposalRun.objects.values_list('status', flat=True)))",
        )
        assert runs.stdout.strip() == "['finished', 'interrupted']"
    finally:
        drop()
