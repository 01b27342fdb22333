"""The worker's own housekeeping job."""

import datetime

from django_tasks_db.models import DBTaskResult

from casework.worker.models import JobRun

QUEUE_ENTRIES_KEPT_DAYS = 30
RUNS_KEPT_DAYS = 400


def prune_job_history(*, now: datetime.datetime) -> str:
    """Delete finished queue entries older than 30 days (each run's record is JobRun) and runs
    older than 400 days (more than a year of evidence that the schedule ran)."""
    queue_cutoff = now - datetime.timedelta(days=QUEUE_ENTRIES_KEPT_DAYS)
    entries, _ = DBTaskResult.objects.finished().filter(finished_at__lt=queue_cutoff).delete()
    runs_cutoff = now - datetime.timedelta(days=RUNS_KEPT_DAYS)
    runs, _ = JobRun.objects.filter(slot__lt=runs_cutoff, finished_at__isnull=False).delete()
    return f"{entries} finished queue entries and {runs} old job runs removed."
