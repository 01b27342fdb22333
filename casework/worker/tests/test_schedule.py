"""The one schedule: every entry names a job that imports, takes `now=` and returns a one-line
summary; a wrong entry is named."""

import ast
import datetime
import inspect
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from casework.worker.checks import schedule_problems
from casework.worker.schedule import SCHEDULE, Hourly, ScheduledJob


def test_the_schedule_holds_the_audit_alerts_hourly_and_the_session_clean_up_daily():
    by_name = {job.name: job for job in SCHEDULE}
    assert by_name["audit-alerts"].path == "casework.oversight.jobs.raise_monitoring_alerts"
    assert by_name["audit-alerts"].when == Hourly()
    assert by_name["session-clean-up"].when.describe() == "Every night at 03:30"


def test_the_schedule_has_no_problem():
    assert schedule_problems() == []


@pytest.mark.parametrize("job", SCHEDULE, ids=[job.name for job in SCHEDULE])
def test_every_scheduled_path_imports_and_takes_now(job):
    function = import_string(job.path)
    assert callable(function)
    inspect.signature(function).bind(now=timezone.now())  # raises if `now=` alone won't do


@pytest.mark.django_db
@pytest.mark.parametrize("job", SCHEDULE, ids=[job.name for job in SCHEDULE])
def test_every_scheduled_job_runs_with_now_and_says_what_it_did_in_one_line(job):
    summary = import_string(job.path)(now=timezone.now())
    assert isinstance(summary, str) and summary.strip()
    assert "\n" not in summary


def test_wrong_entries_are_named():
    wrong = (
        ScheduledJob("Bad Name", "t", "casework.worker.tests.jobs_for_tests.note", Hourly()),
        ScheduledJob("missing", "t", "casework.worker.tests.jobs_for_tests.nothing", Hourly()),
        ScheduledJob("twice", "t", "casework.worker.tests.jobs_for_tests.note", Hourly()),
        ScheduledJob("twice", "t", "casework.worker.tests.jobs_for_tests.note", Hourly()),
        ScheduledJob("positional", "t", "casework.worker.tests.test_schedule.positional", Hourly()),
    )
    problems = "\n".join(schedule_problems(wrong))
    assert "twice: two entries have this name." in problems
    assert "Bad Name: a name is lower-case letters" in problems
    assert "missing: casework.worker.tests.jobs_for_tests.nothing does not import" in problems
    assert "positional: casework.worker.tests.test_schedule.positional must take" in problems


def positional(now: datetime.datetime) -> str:
    return ""


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.startswith("casework")}


def test_the_schedule_imports_no_app():
    root = Path(settings.BASE_DIR) / "casework"
    assert all(
        m.startswith("casework.worker") for m in imported_modules(root / "worker/schedule.py")
    )
