"""What the scheduled-jobs page shows: each job's schedule, last run, result and next run, and
the failed and recent runs. Runs hold no personal data; the page is still for the roles the
permission table allows (`see the scheduled jobs`)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from casework.access.permissions import Action, has_permission
from casework.worker import schedule
from casework.worker.models import JobRun, Outcome
from casework.worker.schedule import ScheduledJob

# A slot this long past with no run claimed for it means no worker is running.
OVERDUE_AFTER = datetime.timedelta(minutes=10)
FAILED_SHOWN = 20
RECENT_SHOWN = 30


@dataclass(frozen=True)
class JobStatus:
    job: ScheduledJob
    last: JobRun | None  # the newest run (perhaps still queued or running)
    last_finished: JobRun | None
    next_slot: datetime.datetime
    overdue_since: datetime.datetime | None  # a slot that should have been claimed by now


def can_view_scheduled_jobs(user) -> bool:
    return has_permission(user, Action.VIEW_SCHEDULED_JOBS)


def refusal() -> str:
    return f"Your role does not allow you to {Action.VIEW_SCHEDULED_JOBS.label}."


def _require(user) -> None:
    if not can_view_scheduled_jobs(user):
        raise PermissionDenied(refusal())


def job_statuses(user, *, now: datetime.datetime, jobs=None) -> list[JobStatus]:
    _require(user)
    statuses = []
    for job in schedule.SCHEDULE if jobs is None else jobs:
        runs = JobRun.objects.filter(job=job.name).order_by("-slot")
        last = runs.first()
        last_finished = runs.filter(outcome__in=[Outcome.OK, Outcome.FAILED]).first()
        due = job.when.latest_slot(now)
        overdue = due <= now - OVERDUE_AFTER and (last is None or last.slot < due)
        statuses.append(
            JobStatus(
                job=job,
                last=last,
                last_finished=last_finished,
                next_slot=job.when.next_slot(now),
                overdue_since=due if overdue else None,
            )
        )
    return statuses


def failed_runs(user, *, limit: int = FAILED_SHOWN) -> QuerySet[JobRun]:
    _require(user)
    return JobRun.objects.filter(outcome=Outcome.FAILED).order_by("-slot")[:limit]


def recent_runs(user, *, limit: int = RECENT_SHOWN) -> QuerySet[JobRun]:
    _require(user)
    return JobRun.objects.order_by("-slot", "job")[:limit]


def titles() -> dict[str, str]:
    return {job.name: job.title for job in schedule.SCHEDULE}
