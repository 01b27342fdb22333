"""Protection for the public forms (expression of interest, complaints), without a third-party
CAPTCHA: a honeypot, a signed start time and a rate limit per client address. See
docs/decisions/0003-public-form-protection.md."""

import time

from django.core import signing

from casework.core import throttle

MIN_SECONDS = 3
MAX_SECONDS = 2 * 60 * 60
PER_HOUR = 5


def _started_at(token: str, salt: str) -> float | None:
    try:
        return float(signing.loads(token, salt=salt))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def started_token(request, *, salt: str) -> str:
    """The signed moment the form was first shown, for its hidden `started` field. A form shown
    again after a mistake keeps the time it was first shown, so a person who corrects one
    answer quickly is not "too quick": the minimum time applies to the first submission of a
    fresh form. A missing, forged or timed-out token gets a fresh one (and that submission was
    refused)."""
    posted = request.POST.get("started", "") if request.method == "POST" else ""
    started_at = _started_at(posted, salt) if posted else None
    if started_at is not None and time.time() - started_at <= MAX_SECONDS:
        return posted
    return signing.dumps(time.time(), salt=salt)


def bot_problem(request, *, salt: str) -> str | None:
    """Why the submission looks like a bot's (honeypot filled, sent too fast, or too late)."""
    if request.POST.get("website"):
        return "Your form could not be sent. If you are a person, leave the last box empty."
    started_at = _started_at(request.POST.get("started", ""), salt)
    if started_at is None:
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
