"""Sign-in, failed sign-in and sign-out are framework events (django.contrib.auth signals);
each writes one audit event."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.dispatch import receiver

from casework.audit.models import Action, Purpose
from casework.audit.services import record_event


@receiver(user_logged_in, dispatch_uid="casework.audit.sign_in")
def _signed_in(sender, request, user, **kwargs):
    record_event(actor=user, action=Action.SIGN_IN, purpose=Purpose.SIGN_IN, request=request)


@receiver(user_logged_out, dispatch_uid="casework.audit.sign_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(actor=user, action=Action.SIGN_OUT, purpose=Purpose.SIGN_IN, request=request)


def _attempted_label(attempted: str) -> str:
    """What was typed as the email address: kept if it looks like one. Anything else may be a
    password typed into the wrong box, and the trail is kept for years: it is not stored."""
    try:
        validate_email(attempted)
    except ValidationError:
        return "(not an email address)"
    return attempted.lower()


@receiver(user_login_failed, dispatch_uid="casework.audit.sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    attempted = str(credentials.get("username") or credentials.get("email") or "").strip()
    actor = get_user_model().objects.filter(email__iexact=attempted).first() if attempted else None
    record_event(
        actor=actor,
        actor_label=_attempted_label(attempted),
        action=Action.SIGN_IN_FAILED,
        purpose=Purpose.SIGN_IN,
        request=request,
    )
