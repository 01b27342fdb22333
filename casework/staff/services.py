"""Every write about staff accounts: training, confidentiality, ending sessions."""

import datetime

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.access.permissions import Action, require_permission
from casework.access.services import record_access_event
from casework.staff.models import StaffUser
from casework.staff.second_factor import has_second_factor
from casework.staff.selectors import staff_whose_training_they_record


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
) -> None:
    """Records that `user` completed data protection training. Expiry defaults to
    CASEWORK_TRAINING_VALID_DAYS after completion. `actor` None: the demo loader."""
    if actor is not None:
        require_permission(actor, Action.MANAGE_TRAINING_RECORDS)
        if not staff_whose_training_they_record(actor).filter(pk=user.pk).exists():
            raise PermissionDenied("This person does not work on your programmes.")
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


@transaction.atomic
def start_totp_setup(*, user: StaffUser) -> TOTPDevice:
    """The unconfirmed authenticator-app device a user is setting up (one at a time)."""
    if has_second_factor(user):
        raise ValidationError("You already have a second factor set up")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def confirm_totp_setup(*, user: StaffUser, device: TOTPDevice, token: str) -> list[str]:
    """Confirms the device with a code from the app and returns new one-time recovery codes
    (shown once, stored only as django-otp static tokens)."""
    token = (token or "").replace(" ", "")
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError({"token": ["Start setting up your authenticator app again"]})
    if not (token.isdigit() and len(token) == device.digits and device.verify_token(token)):
        raise ValidationError(
            {"token": ["The code is not right: enter the 6-digit code your app shows now"]}
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = replace_recovery_codes(user=user)
    record_access_event(actor=user, action="staff.second_factor_set_up")
    return codes


@transaction.atomic
def replace_recovery_codes(*, user: StaffUser) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.CASEWORK_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def end_sessions(*, users) -> int:
    """Signs `users` out everywhere by deleting their server-side sessions; returns how many.
    Sessions are in the database (SESSION_ENGINE), so this is a scan of live sessions."""
    user_ids = {str(u.pk) for u in users}
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) in user_ids:
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def disable_user(*, actor, user: StaffUser) -> int:
    """Disables an account and ends all its sessions at once; returns how many were ended."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = end_sessions(users=[user])
    record_access_event(
        actor=actor, action="staff.disabled", detail={"user": user.pk, "sessions_ended": ended}
    )
    return ended


@transaction.atomic
def reset_second_factor(*, actor, user: StaffUser) -> None:
    """Removes a user's authenticator app and recovery codes (a lost phone) and ends their
    sessions; at their next sign-in they set up a new app."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    end_sessions(users=[user])
    record_access_event(actor=actor, action="staff.second_factor_reset", detail={"user": user.pk})
