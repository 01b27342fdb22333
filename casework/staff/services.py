"""Every write about staff accounts: training, confidentiality, ending sessions."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.access.permissions import Action, require_permission
from casework.access.services import record_access_event
from casework.staff.models import StaffUser


@transaction.atomic
def acknowledge_confidentiality(*, user: StaffUser) -> None:
    user.confidentiality_acknowledged_at = timezone.now()
    user.save(update_fields=["confidentiality_acknowledged_at"])
    record_access_event(actor=user, action="staff.confidentiality_acknowledged")


@transaction.atomic
def record_training(
    *,
    actor,
    user: StaffUser,
    completed_on: datetime.date,
    expires_on: datetime.date | None = None,
    programme=None,
) -> None:
    """Records that `user` completed data protection training. Expiry defaults to
    CASEWORK_TRAINING_VALID_DAYS after completion."""
    if actor is not None:
        require_permission(actor, Action.MANAGE_TRAINING_RECORDS, programme)
    expires_on = expires_on or completed_on + datetime.timedelta(
        days=settings.CASEWORK_TRAINING_VALID_DAYS
    )
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": ["The completion date cannot be in the future"]})
    if expires_on <= completed_on:
        raise ValidationError({"expires_on": ["Training must expire after it was completed"]})
    user.data_protection_training_completed_on = completed_on
    user.data_protection_training_expires_on = expires_on
    user.save(
        update_fields=[
            "data_protection_training_completed_on",
            "data_protection_training_expires_on",
        ]
    )
    record_access_event(actor=actor, action="staff.training_recorded", detail={"user": user.pk})
