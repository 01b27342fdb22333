import datetime

import pytest

from casework.worker.schedule import Daily, Hourly, ScheduledJob
from casework.worker.tests import jobs_for_tests

HOURLY = ScheduledJob(
    name="hourly-note",
    title="Hourly note",
    path="casework.worker.tests.jobs_for_tests.note",
    when=Hourly(),
)
NIGHTLY = ScheduledJob(
    name="nightly-note",
    title="Nightly note",
    path="casework.worker.tests.jobs_for_tests.note",
    when=Daily(at=datetime.time(2, 0)),
)
FAILING = ScheduledJob(
    name="failing",
    title="Always fails",
    path="casework.worker.tests.jobs_for_tests.fail",
    when=Hourly(),
)


@pytest.fixture(autouse=True)
def calls():
    jobs_for_tests.CALLS.clear()
    yield jobs_for_tests.CALLS
    jobs_for_tests.CALLS.clear()


@pytest.fixture
def test_schedule(monkeypatch):
    """The schedule, replaced by the test jobs above."""
    from casework.worker import schedule

    jobs = (HOURLY, NIGHTLY, FAILING)
    monkeypatch.setattr(schedule, "SCHEDULE", jobs)
    return jobs


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    """The worker closes stale database connections between jobs, as a long-lived process must.
    Inside a test's transaction that would close the test's own connection (PostgreSQL), so
    here it is a no-op; the subprocess tests run the real thing."""
    from django_tasks_db.management.commands import db_worker

    from casework.worker import runner

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(runner, "close_old_connections", lambda: None)
