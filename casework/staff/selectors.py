"""Reads about staff: whether they are cleared to see personal data, and who is due training."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from casework.access.permissions import Action, programmes_where
from casework.staff.models import Membership, Role, StaffUser


def clearance_problems(user, today: datetime.date | None = None) -> list[str]:
    """Why `user` may not open personal data now, in words they can act on; [] if they may."""
    today = today or timezone.localdate()
    problems = []
    expires_on = user.data_protection_training_expires_on
    if user.data_protection_training_completed_on is None or expires_on is None:
        problems.append("There is no record of you completing data protection training.")
    elif expires_on < today:
        problems.append(f"Your data protection training expired on {expires_on:%-d %B %Y}.")
    if user.confidentiality_acknowledged_at is None:
        problems.append("You have not yet acknowledged the confidentiality statement.")
    return problems


@dataclass(frozen=True)
class TrainingDue:
    user: StaffUser
    status: str  # "missing", "expired" or "due"


def staff_whose_training_they_record(viewer) -> QuerySet[StaffUser]:
    """Staff working on the programmes where `viewer` manages training records."""
    return StaffUser.objects.filter(
        memberships__programme_id__in=programmes_where(viewer, Action.MANAGE_TRAINING_RECORDS)
    ).distinct()


def staff_due_for_training(viewer, today: datetime.date | None = None) -> list[TrainingDue]:
    """Staff working on the viewer's programmes whose training is missing, expired, or expires
    within CASEWORK_TRAINING_DUE_WITHIN_DAYS: overdue first, then by expiry."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=settings.CASEWORK_TRAINING_DUE_WITHIN_DAYS)
    staff: QuerySet[StaffUser] = (
        staff_whose_training_they_record(viewer)
        .filter(is_active=True)
        .filter(
            Q(data_protection_training_expires_on__isnull=True)
            | Q(data_protection_training_expires_on__lte=soon)
        )
        .select_related("organisation")
    )
    due = []
    for user in staff:
        expires_on = user.data_protection_training_expires_on
        if expires_on is None:
            status = "missing"
        elif expires_on < today:
            status = "expired"
        else:
            status = "due"
        due.append(TrainingDue(user, status))
    order = {"missing": 0, "expired": 1, "due": 2}
    return sorted(
        due,
        key=lambda d: (
            order[d.status],
            d.user.data_protection_training_expires_on or today,
            d.user.email,
        ),
    )


def data_protection_officer_emails(programme) -> list[str]:
    """Where the worker's reminders to a programme's DPOs go: its active DPOs' addresses."""
    return sorted(
        set(
            Membership.objects.filter(
                programme=programme, role=Role.DATA_PROTECTION_OFFICER, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    )
