"""The scheduled-jobs page: each job's schedule, last run, result and next run; failed runs
with where they failed; a warning when a slot has gone unclaimed (no worker running); only for
the roles the permission table allows."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from casework.testing.auth import sign_in
from casework.worker.runner import Worker
from casework.worker.tests.jobs_for_tests import SECRET

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
MONDAY = datetime.datetime(2026, 1, 12, 9, 5, tzinfo=UTC)


def page(client, user) -> str:
    sign_in(client, user)
    return client.get(reverse("worker:jobs")).text


def test_the_dpo_sees_each_jobs_schedule_last_run_result_and_next_run(client, world, test_schedule):
    with time_machine.travel(MONDAY, tick=False) as clock:
        Worker(worker_id="w").run_once()
        clock.move_to(MONDAY + datetime.timedelta(minutes=20))
        text = page(client, world.user("dpo"))
    assert '<h1 class="govuk-heading-l">Scheduled jobs</h1>' in text
    assert "Hourly note" in text and "Every hour, on the hour" in text
    assert "Nightly note" in text and "Every night at 02:00" in text
    assert "12 January 2026 at 09:00" in text  # the hourly job's last slot
    assert "Noted at 09:05." in text  # its summary
    assert "12 January 2026 at 10:00" in text  # its next run
    assert "13 January 2026 at 02:00" in text  # the nightly job's next run
    assert "Succeeded" in text and "Failed" in text
    # The failed run, where it failed, and never the exception's message.
    failed = text[text.index('id="failed-runs"') :]
    assert "Always fails" in failed
    assert "builtins.ValueError" in failed and "in fail" in failed
    assert SECRET not in text
    assert "should have run" not in text


def test_a_slot_nobody_claimed_warns_that_the_worker_may_not_be_running(
    client, world, test_schedule
):
    with time_machine.travel(MONDAY, tick=False) as clock:
        Worker(worker_id="w").run_once()
        clock.move_to(MONDAY.replace(hour=10, minute=5))
        assert "should have run" not in page(client, world.user("dpo"))  # 10:00, five minutes ago
        clock.move_to(MONDAY.replace(hour=10, minute=30))
        text = page(client, world.user("dpo"))
    assert "Hourly note should have run at 12 January 2026 at 10:00 and has not." in text
    assert "Nightly note should have run" not in text


def test_before_any_run_the_page_says_so(client, world, test_schedule):
    with time_machine.travel(MONDAY.replace(hour=9, minute=1), tick=False):
        text = page(client, world.user("auditor_a"))
    assert "Not run yet" in text and "No job has run yet." in text and "No run has failed." in text


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("dpo", True),
        ("auditor_a", True),
        ("manager", False),
        ("specialist_a", False),
        ("team_leader_a", False),
        ("referrer", False),
        ("report_only", False),
    ],
)
def test_only_the_roles_the_table_allows_open_it_or_see_it_in_the_menu(
    client, world, name, allowed
):
    sign_in(client, world.user(name))
    response = client.get(reverse("worker:jobs"))
    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert "Your role does not allow you to see the scheduled jobs" in response.text
    home = client.get(reverse("participants:caseload"), follow=True).text
    assert (reverse("worker:jobs") in home) is allowed
