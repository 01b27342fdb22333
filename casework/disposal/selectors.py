"""What the data protection officer reads about retention: what is due soon, what is held and
why, paper files to destroy, the history of runs and what a sweep would do today. Counts and
case references only; never a participant's details."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from casework.access.permissions import Action, has_permission, programmes_where
from casework.disposal.models import DisposalRun, LegalHold, PaperFile, RetentionDue
from casework.programmes.models import Programme
from casework.register.record_types import RECORD_TYPES


def can_manage_retention(user) -> bool:
    return has_permission(user, Action.MANAGE_RETENTION)


def retention_programmes(user):
    return Programme.objects.filter(pk__in=programmes_where(user, Action.MANAGE_RETENTION))


@dataclass(frozen=True)
class DueCount:
    programme: str
    record_type: str
    action: str
    count: int
    held: int


def _label(record_type: str) -> str:
    found = RECORD_TYPES.get(record_type)
    return found.label if found else record_type


def _held_filter(programme_ids) -> Q:
    held_programmes = LegalHold.objects.filter(
        lifted_at__isnull=True, participant__isnull=True, programme_id__in=programme_ids
    ).values("programme_id")
    held_people = LegalHold.objects.filter(
        lifted_at__isnull=True, participant__isnull=False, programme_id__in=programme_ids
    ).values("participant_id")
    return Q(programme_id__in=held_programmes) | Q(participant_id__in=held_people)


def due_before(user, day: datetime.date) -> list[DueCount]:
    """Records whose last day of retention is before `day`, by programme, type and action,
    with how many of them a hold keeps."""
    ids = programmes_where(user, Action.MANAGE_RETENTION)
    rows = (
        RetentionDue.objects.filter(programme_id__in=ids, due_on__lt=day)
        .values("programme__name", "record_type", "action")
        .annotate(count=Count("id"), held=Count("id", filter=_held_filter(ids)))
        .order_by("programme__name", "record_type", "action")
    )
    return [
        DueCount(r["programme__name"], _label(r["record_type"]), r["action"], r["count"], r["held"])
        for r in rows
    ]


def due_soon(user) -> dict[int, list[DueCount]]:
    """What falls due (or is overdue) in the next 30 and 90 days."""
    today = timezone.localdate()
    return {days: due_before(user, today + datetime.timedelta(days=days)) for days in (30, 90)}


def dry_run_figures(user) -> list[DueCount]:
    """What a sweep would do if it ran now: due today, less what holds keep."""
    return due_before(user, timezone.localdate())


def holds(user):
    return (
        LegalHold.objects.filter(programme__in=retention_programmes(user), lifted_at__isnull=True)
        .select_related("programme", "placed_by")
        .order_by("review_on", "pk")
    )


def hold_for(user, hold_id: int) -> LegalHold:
    hold = holds(user).filter(pk=hold_id).first()
    if hold is None:
        raise Http404
    return hold


def paper_files_to_destroy(user):
    return PaperFile.objects.filter(
        programme__in=retention_programmes(user),
        destruction_due_since__isnull=False,
        destroyed_on__isnull=True,
    ).select_related("programme")


def paper_files_destroyed(user, limit: int = 20):
    return (
        PaperFile.objects.filter(
            programme__in=retention_programmes(user), destroyed_on__isnull=False
        )
        .select_related("programme", "destroyed_by")
        .order_by("-destroyed_on", "-pk")[:limit]
    )


def paper_file_for(user, paper_file_id: int) -> PaperFile:
    paper = paper_files_to_destroy(user).filter(pk=paper_file_id).first()
    if paper is None:
        raise Http404
    return paper


def runs(user, limit: int = 20):
    """Recent runs of the user's programmes (and sweeps of every programme)."""
    mine = retention_programmes(user)
    return (
        DisposalRun.objects.filter(Q(programme__in=mine) | Q(programme__isnull=True))
        .select_related("programme")
        .order_by("-started_at")[:limit]
    )


def run_for(user, run_id) -> tuple[DisposalRun, list]:
    mine = retention_programmes(user)
    run = DisposalRun.objects.filter(
        Q(programme__in=mine) | Q(programme__isnull=True), pk=run_id
    ).first()
    if run is None:
        raise Http404
    tallies = list(
        run.tallies.filter(programme__in=mine)
        .select_related("programme")
        .order_by("programme__name", "record_type", "outcome")
    )
    by_type = defaultdict(list)
    for tally in tallies:
        by_type[_label(tally.record_type)].append(tally)
    return run, tallies


def record_type_label(key: str) -> str:
    return _label(key)


def paper_files_of(participant) -> list[PaperFile]:
    """The physical files kept for a participant already opened through the scoped, audited
    participant selector."""
    return list(PaperFile.objects.filter(participant=participant).order_by("opened_on", "id"))
