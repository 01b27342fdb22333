"""Claiming due slots and running them.

`claim_due(now=...)` inserts one JobRun per job whose latest slot has no run yet and enqueues a
task for it (django-tasks, database backend) in the same transaction. Only the latest slot is
claimed, so a worker that was down for ten hours runs an hourly job once, not ten times. The
insert is the claim: a second worker's insert of the same (job, slot) fails and it moves on.

`execute_run(run_id=...)` is what the queued task does: it marks the run started (only if it is
still queued, so a task delivered twice runs once), calls the job with `now=`, and records the
outcome. A failing job is recorded as failed with the exception's type and location, never its
message (a message can carry personal data, such as a value a constraint refused).
"""

import datetime
import logging
import os
import socket
import traceback
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from casework.worker import schedule
from casework.worker.models import JobRun, Outcome
from casework.worker.schedule import ScheduledJob

logger = logging.getLogger("casework.worker")

SUMMARY_LENGTH = JobRun._meta.get_field("summary").max_length


class NotInSchedule(LookupError):
    """A queued run whose job has since been taken out of the schedule."""


class ScheduledJobFailed(Exception):
    """Raised to the task queue after a failed run has been recorded: names the job and the
    exception's type, nothing from its message."""


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim_due(
    *, now: datetime.datetime, claimed_by: str, jobs: Sequence[ScheduledJob] | None = None
) -> list[JobRun]:
    """Claim and enqueue every job whose latest slot at `now` has not been claimed."""
    from casework.worker.tasks import run_scheduled_job

    claimed = []
    for job in schedule.SCHEDULE if jobs is None else jobs:
        slot = job.when.latest_slot(now)
        if JobRun.objects.filter(job=job.name, slot__gte=slot).exists():
            continue
        try:
            with transaction.atomic():
                run = JobRun.objects.create(
                    job=job.name, slot=slot, claimed_at=timezone.now(), claimed_by=claimed_by
                )
                run_scheduled_job.enqueue(run_id=run.pk)
        except IntegrityError:
            continue  # another worker claimed this slot first
        claimed.append(run)
    return claimed


def execute_run(*, run_id: int, jobs: Sequence[ScheduledJob] | None = None) -> str:
    """Run a claimed slot's job once and record what happened."""
    started = timezone.now()
    if not JobRun.objects.filter(pk=run_id, outcome=Outcome.QUEUED).update(
        outcome=Outcome.RUNNING, started_at=started, run_by=worker_id()
    ):
        return "Already run."
    run = JobRun.objects.get(pk=run_id)
    listed = schedule.SCHEDULE if jobs is None else jobs
    job = next((j for j in listed if j.name == run.job), None)
    try:
        if job is None:
            raise NotInSchedule("This job is no longer in the schedule.")
        summary = import_string(job.path)(now=started)
        if not isinstance(summary, str):
            raise TypeError(f"{job.path} returned {type(summary).__name__}, not a summary.")
    except BaseException as error:  # recorded, then raised (a stop signal included)
        _finish(run, outcome=Outcome.FAILED, error=describe_error(error))
        logger.error("Scheduled job %s (%s) failed: %s", run.job, run.slot, run.error)
        if settings.DEBUG:
            logger.debug("Traceback of %s", run.job, exc_info=error)
        if not isinstance(error, Exception):
            raise
        raise ScheduledJobFailed(f"{run.job} failed with {type(error).__name__}.") from None
    _finish(run, outcome=Outcome.OK, summary=" ".join(summary.split())[:SUMMARY_LENGTH])
    return run.summary


def close_interrupted_runs(*, host: str | None = None) -> list[JobRun]:
    """Runs left `running` by a worker process on this host that no longer exists (killed in
    the middle of a job, or the machine restarted): recorded as failed, saying so. A worker
    calls it as it starts. Runs of workers on other hosts are left to those hosts' workers."""
    host = host or socket.gethostname()
    closed = []
    for run in JobRun.objects.filter(outcome=Outcome.RUNNING, run_by__startswith=f"{host}:"):
        pid = run.run_by.rpartition(":")[2]
        if pid.isdigit() and not _process_exists(int(pid)):
            error = f"Interrupted: the worker process ({run.run_by}) stopped during the job."
            _finish(run, outcome=Outcome.FAILED, error=error)
            closed.append(run)
    return closed


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _finish(run: JobRun, *, outcome: str, summary: str = "", error: str = "") -> None:
    run.outcome, run.summary, run.error = outcome, summary, error
    run.finished_at = timezone.now()
    run.save(update_fields=["outcome", "summary", "error", "finished_at"])


def describe_error(error: BaseException) -> str:
    """The exception's type and the frames it passed through (file, line, function), without
    its message or any variable: safe to store and show whatever the job was handling."""
    kind = type(error)
    if isinstance(error, KeyboardInterrupt | SystemExit):
        return "Interrupted: the worker was stopped while the job was running."
    if isinstance(error, NotInSchedule):
        return str(error)
    lines = [f"{kind.__module__}.{kind.__qualname__}"]
    root = Path(settings.BASE_DIR)
    for frame in traceback.extract_tb(error.__traceback__):
        path = Path(frame.filename)
        shown = path.relative_to(root) if path.is_relative_to(root) else path.name
        lines.append(f"  {shown}, line {frame.lineno}, in {frame.name}")
    return "\n".join(lines)
