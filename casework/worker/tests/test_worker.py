"""The worker with the clock moved across slots (time-machine): each due slot runs once, a
missed stretch runs once, a failure is recorded without its message and the other jobs still
run, two workers never run one slot twice, and `--once` runs what is due and exits."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from casework.worker import services
from casework.worker.models import JobRun, Outcome
from casework.worker.runner import Worker
from casework.worker.tests.conftest import FAILING, HOURLY, NIGHTLY
from casework.worker.tests.jobs_for_tests import SECRET

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# A Monday in January (GMT, so local time is UTC).
MONDAY = datetime.datetime(2026, 1, 12, 9, 5, tzinfo=UTC)


def runs(job: str) -> list[JobRun]:
    return list(JobRun.objects.filter(job=job).order_by("slot"))


def slots(job: str) -> list[datetime.datetime]:
    return [run.slot for run in runs(job)]


def test_due_jobs_run_once_per_slot_as_the_clock_moves(test_schedule, calls):
    worker = Worker(worker_id="worker-1")
    with time_machine.travel(MONDAY, tick=False) as clock:
        first = worker.run_once()
        assert {run.job: run.outcome for run in first} == {
            "hourly-note": Outcome.OK,
            "nightly-note": Outcome.OK,
            "failing": Outcome.FAILED,
        }
        assert worker.run_once() == []  # the same minute: nothing new is due
        clock.move_to(MONDAY.replace(minute=59))
        assert worker.run_once() == []
        clock.move_to(MONDAY.replace(hour=10, minute=0))
        assert {run.job for run in worker.run_once()} == {"hourly-note", "failing"}
        clock.move_to(datetime.datetime(2026, 1, 13, 2, 0, 30, tzinfo=UTC))
        assert {run.job for run in worker.run_once()} == {"hourly-note", "nightly-note", "failing"}
    assert slots("hourly-note") == [
        datetime.datetime(2026, 1, 12, 9, tzinfo=UTC),
        datetime.datetime(2026, 1, 12, 10, tzinfo=UTC),
        datetime.datetime(2026, 1, 13, 2, tzinfo=UTC),
    ]
    assert slots("nightly-note") == [
        datetime.datetime(2026, 1, 12, 2, tzinfo=UTC),
        datetime.datetime(2026, 1, 13, 2, tzinfo=UTC),
    ]
    assert len([c for c in calls if c[0] == "note"]) == 5
    # The job got the worker's clock and its summary was kept on one line.
    run = runs("hourly-note")[1]
    assert run.summary == "Noted at 10:00."
    assert run.started_at == run.finished_at == datetime.datetime(2026, 1, 12, 10, tzinfo=UTC)


def test_slots_missed_while_no_worker_ran_are_caught_up_once_not_one_by_one(test_schedule, calls):
    worker = Worker(worker_id="worker-1", jobs=[HOURLY])
    with time_machine.travel(MONDAY, tick=False) as clock:
        worker.run_once()
        clock.move_to(MONDAY + datetime.timedelta(hours=30))  # down for 30 hours
        caught_up = worker.run_once()
        assert [run.slot for run in caught_up] == [datetime.datetime(2026, 1, 13, 15, tzinfo=UTC)]
        assert worker.run_once() == []
    assert len(calls) == 2


def test_a_failing_job_is_recorded_as_failed_without_its_message_and_the_others_still_run(
    test_schedule, calls
):
    with time_machine.travel(MONDAY, tick=False):
        Worker(worker_id="worker-1", jobs=[FAILING, HOURLY]).run_once()
    failed, ok = runs("failing")[0], runs("hourly-note")[0]
    assert (failed.outcome, ok.outcome) == (Outcome.FAILED, Outcome.OK)
    assert failed.finished_at is not None
    assert failed.error.startswith("builtins.ValueError\n")
    assert "casework/worker/tests/jobs_for_tests.py, line" in failed.error
    assert "in fail" in failed.error
    # Neither the run nor the task queue's own record holds the exception's message.
    assert SECRET not in failed.error and SECRET not in failed.summary
    for task in DBTaskResult.objects.all():
        assert SECRET not in task.traceback and SECRET not in str(task.return_value)
    assert DBTaskResult.objects.filter(exception_class_path__endswith="ScheduledJobFailed").count()


def test_a_job_that_returns_no_summary_fails_with_a_reason(monkeypatch):
    from casework.worker import schedule

    odd = HOURLY.__class__(
        name="odd",
        title="Odd",
        path="casework.worker.tests.jobs_for_tests.not_a_summary",
        when=HOURLY.when,
    )
    monkeypatch.setattr(schedule, "SCHEDULE", (odd,))
    with time_machine.travel(MONDAY, tick=False):
        [run] = Worker(worker_id="w", jobs=[odd]).run_once()
    assert run.outcome == Outcome.FAILED and run.error.startswith("builtins.TypeError")


def test_two_workers_never_run_the_same_slot_twice(test_schedule, calls):
    one, two = Worker(worker_id="worker-1"), Worker(worker_id="worker-2")
    with time_machine.travel(MONDAY, tick=False):
        claimed_by_one = services.claim_due(now=MONDAY, claimed_by="worker-1")
        claimed_by_two = services.claim_due(now=MONDAY, claimed_by="worker-2")
        assert len(claimed_by_one) == 3 and claimed_by_two == []
        # Both drain the queue; each task is taken by one of them only.
        two.run_once()
        one.run_once()
    assert JobRun.objects.count() == 3
    assert {run.claimed_by for run in JobRun.objects.all()} == {"worker-1"}
    assert len([c for c in calls if c[0] == "note"]) == 2  # hourly and nightly, once each
    assert DBTaskResult.objects.count() == 3


def test_a_claim_refused_by_the_database_is_left_to_the_worker_that_made_it(test_schedule):
    """The race the unique (job, slot) row settles: both workers saw no run and both insert."""
    JobRun.objects.create(
        job="hourly-note",
        slot=datetime.datetime(2026, 1, 12, 9, tzinfo=UTC),
        claimed_at=MONDAY,
        claimed_by="worker-1",
    )
    original = JobRun.objects.filter

    def nobody_has_claimed(*args, **kwargs):  # as if worker-2 looked before worker-1 inserted
        query = original(*args, **kwargs)
        return query.none() if kwargs.get("job") == "hourly-note" else query

    with time_machine.travel(MONDAY, tick=False):
        JobRun.objects.filter = nobody_has_claimed
        try:
            claimed = services.claim_due(now=MONDAY, claimed_by="worker-2", jobs=[HOURLY])
        finally:
            del JobRun.objects.filter
    assert claimed == []
    assert JobRun.objects.get(job="hourly-note").claimed_by == "worker-1"
    assert DBTaskResult.objects.count() == 0


def test_a_task_delivered_twice_runs_its_job_once(test_schedule, calls):
    with time_machine.travel(MONDAY, tick=False):
        [run] = services.claim_due(now=MONDAY, claimed_by="w", jobs=[HOURLY])
        assert services.execute_run(run_id=run.pk) == "Noted at 09:05."
        assert services.execute_run(run_id=run.pk) == "Already run."
    assert len(calls) == 1


def test_a_queued_run_whose_job_left_the_schedule_fails_saying_so(test_schedule, monkeypatch):
    from casework.worker import schedule

    with time_machine.travel(MONDAY, tick=False):
        [run] = services.claim_due(now=MONDAY, claimed_by="w", jobs=[HOURLY])
        monkeypatch.setattr(schedule, "SCHEDULE", (NIGHTLY,))
        Worker(worker_id="w", jobs=[]).run_once()
    run.refresh_from_db()
    assert run.outcome == Outcome.FAILED
    assert run.error == "This job is no longer in the schedule."


def test_once_runs_what_is_due_then_exits_and_fails_when_a_job_failed(test_schedule, calls):
    out = io.StringIO()
    with time_machine.travel(MONDAY, tick=False) as clock:
        with pytest.raises(CommandError, match="Failed: failing"):
            call_command("worker", "--once", stdout=out)
        printed = out.getvalue()
        assert "Claimed hourly-note for 2026-01-12 09:00 UTC." in printed
        assert "hourly-note: succeeded. Noted at 09:05." in printed
        assert "failing: failed." in printed
        assert SECRET not in printed

        out = io.StringIO()
        call_command("worker", "--once", stdout=out)
        assert out.getvalue().strip() == "Nothing is due."

        clock.move_to(MONDAY.replace(hour=10))
        with pytest.raises(CommandError):
            call_command("worker", "--once", stdout=io.StringIO())
    assert len(slots("hourly-note")) == 2 and len(slots("nightly-note")) == 1


def test_once_succeeds_when_every_due_job_succeeds(monkeypatch, test_schedule):
    from casework.worker import schedule

    monkeypatch.setattr(schedule, "SCHEDULE", (HOURLY,))
    out = io.StringIO()
    with time_machine.travel(MONDAY, tick=False):
        call_command("worker", "--once", stdout=out)
    assert "hourly-note: succeeded." in out.getvalue()


def test_a_stop_signal_during_a_job_lets_it_finish_and_takes_no_other(test_schedule, calls):
    """SIGTERM/SIGINT while a job runs: the queue worker finishes the job in hand, then stops."""
    worker = Worker(worker_id="w", jobs=[HOURLY, NIGHTLY])
    from casework.worker.tests import jobs_for_tests

    original = jobs_for_tests.note

    def note_then_signal(*, now):
        worker.stop()  # what the signal handler does
        return original(now=now)

    jobs_for_tests.note = note_then_signal
    try:
        with time_machine.travel(MONDAY, tick=False):
            worker.run_once()
    finally:
        jobs_for_tests.note = original
    outcomes = sorted(JobRun.objects.values_list("outcome", flat=True))
    assert outcomes == [Outcome.OK, Outcome.QUEUED]  # one finished; the other waits for a worker
    assert worker.stopping.is_set()
    with time_machine.travel(MONDAY, tick=False):
        Worker(worker_id="next", jobs=[HOURLY, NIGHTLY]).run_once()  # the next worker runs it
    assert sorted(JobRun.objects.values_list("outcome", flat=True)) == [Outcome.OK, Outcome.OK]


def test_the_wait_until_the_next_look_is_bounded_by_the_next_slot():
    worker = Worker(worker_id="w", jobs=[HOURLY], poll_seconds=30)
    assert worker.seconds_until_next_slot(MONDAY.replace(minute=59, second=50)) == 10
    assert worker.seconds_until_next_slot(MONDAY) == 30


def test_a_run_left_running_by_a_worker_process_that_died_is_recorded_as_interrupted(
    test_schedule,
):
    import os
    import socket
    import subprocess

    gone = subprocess.Popen(["true"])  # noqa: S603, S607
    gone.wait()
    host = socket.gethostname()

    def running(job: str, run_by: str) -> JobRun:
        return JobRun.objects.create(
            job=job,
            slot=MONDAY.replace(minute=0),
            claimed_at=MONDAY,
            claimed_by=run_by,
            run_by=run_by,
            started_at=MONDAY,
            outcome=Outcome.RUNNING,
        )

    killed = running("hourly-note", f"{host}:{gone.pid}")
    still_going = running("nightly-note", f"{host}:{os.getpid()}")
    elsewhere = running("failing", f"another-{host}:{gone.pid}")
    with time_machine.travel(MONDAY.replace(minute=30), tick=False):
        Worker(worker_id="w", jobs=[]).run_once()
    for run in (killed, still_going, elsewhere):
        run.refresh_from_db()
    assert killed.outcome == Outcome.FAILED
    assert killed.error == (
        f"Interrupted: the worker process ({host}:{gone.pid}) stopped during the job."
    )
    assert killed.finished_at == MONDAY.replace(minute=30)
    assert still_going.outcome == elsewhere.outcome == Outcome.RUNNING
