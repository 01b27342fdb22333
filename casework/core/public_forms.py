"""Protection for the public forms (expression of interest, complaints), without a third-party
CAPTCHA: a honeypot, a signed start time and a rate limit per client address. See
docs/decisions/0003-public-form-protection.md."""

import time

from django.core import signing

from casework.core import throttle

MIN_SECONDS = 3
MAX_SECONDS = 2 * 60 * 60
PER_HOUR = 5


def started_token(salt: str) -> str:
    """The signed moment the form was shown, for its hidden `started` field."""
    return signing.dumps(time.time(), salt=salt)


def bot_problem(request, *, salt: str) -> str | None:
    """Why the submission looks like a bot's (honeypot filled, sent too fast, or too late)."""
    if request.POST.get("website"):
        return "Your form could not be sent. If you are a person, leave the last box empty."
    try:
        started_at = float(signing.loads(request.POST.get("started", ""), salt=salt))
    except (signing.BadSignature, TypeError, ValueError):
        return "Something went wrong with the form. Check your answers and send it again."
    elapsed = time.time() - started_at
    if elapsed > MAX_SECONDS:
        return "This page timed out. Check your answers and send the form again."
    if elapsed < MIN_SECONDS:
        return "The form was sent too quickly. Check your answers and send it again."
    return None


def flood_problem(request, *, scope: str, limit: int = PER_HOUR) -> str | None:
    """Counts only complete, valid submissions, so a person correcting mistakes is not blocked."""
    if not throttle.allow(
        scope=scope, key=request.META.get("REMOTE_ADDR", ""), limit=limit, window_seconds=3600
    ):
        return "You have sent too many forms in the last hour. Try again later, or phone us."
    return None
