"""The worker process: claim what is due, run the queue, wait for the next slot.

One process does both halves. `Worker.run_once()` claims the due slots (casework.worker.services)
then drains the task queue with django-tasks-db's own worker loop in batch mode, which takes
each queued task under a row lock (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL, an exclusive
transaction on SQLite), so two worker processes never run the same task. `Worker.forever()`
repeats that until SIGTERM or SIGINT: a signal between jobs stops it at once; a signal during a
job lets the job finish first (a second signal stops it there, and the run is recorded as
interrupted).
"""

import datetime
import signal
import sys
import threading
from collections.abc import Callable, Sequence

from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as QueueWorker

from casework.worker import schedule, services
from casework.worker.models import JobRun
from casework.worker.schedule import ScheduledJob

DEFAULT_POLL_SECONDS = 5.0
QUEUE = "default"


class Worker:
    def __init__(
        self,
        *,
        jobs: Sequence[ScheduledJob] | None = None,  # which to claim (default: the schedule)
        worker_id: str | None = None,
        poll_seconds: float = DEFAULT_POLL_SECONDS,
        report: Callable[[str], None] = lambda line: None,
    ):
        self.jobs = jobs
        self.worker_id = worker_id or services.worker_id()
        self.poll_seconds = poll_seconds
        self.report = report
        self.stopping = threading.Event()
        self._queue_worker: QueueWorker | None = None

    def _schedule(self) -> Sequence[ScheduledJob]:
        return schedule.SCHEDULE if self.jobs is None else self.jobs

    def run_once(self) -> list[JobRun]:
        """Claim what is due now, run everything queued, and return the runs this pass claimed
        (with their results)."""
        close_old_connections()
        for run in services.close_interrupted_runs():
            self.report(f"{run.job} for {run.slot:%Y-%m-%d %H:%M} UTC: {run.error}")
        claimed = services.claim_due(
            now=timezone.now(), claimed_by=self.worker_id, jobs=self._schedule()
        )
        for run in claimed:
            self.report(f"Claimed {run.job} for {run.slot:%Y-%m-%d %H:%M} UTC.")
        self._drain()
        finished = JobRun.objects.filter(pk__in=[run.pk for run in claimed]).order_by("job")
        for run in finished:
            self.report(f"{run.job}: {run.get_outcome_display().lower()}. {run.summary}".strip())
        return list(finished)

    def _drain(self) -> None:
        self._queue_worker = QueueWorker(
            queue_names=[QUEUE],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id[:64],
            excluded_queue_names=[],
        )
        try:
            if not self.stopping.is_set():
                self._queue_worker.run()
        finally:
            self._queue_worker = None

    def seconds_until_next_slot(self, now: datetime.datetime) -> float:
        soonest = min((job.when.next_slot(now) for job in self._schedule()), default=None)
        if soonest is None:
            return self.poll_seconds
        return max(0.0, min(self.poll_seconds, (soonest - now).total_seconds()))

    def forever(self) -> None:
        self._install_signal_handlers()
        self.report(f"Worker {self.worker_id} started: {len(self._schedule())} scheduled jobs.")
        while not self.stopping.is_set():
            self.run_once()
            self.stopping.wait(self.seconds_until_next_slot(timezone.now()))
        self.report("Worker stopped.")

    def stop(self, signum: int | None = None, frame=None) -> None:
        if self.stopping.is_set():
            # A second signal: stop now, even in the middle of a job.
            self.report("Stopping now.")
            sys.exit(1)
        self.stopping.set()
        if self._queue_worker is not None:
            self._queue_worker.running = False  # finish the task in hand, take no other
            self.report("Stopping after the job in hand (signal again to stop now).")

    def _install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
