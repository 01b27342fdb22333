"""Staff sign-in's scheduled job (run daily by casework.worker)."""

import datetime

from django.contrib.sessions.models import Session


def clear_expired_sessions(*, now: datetime.datetime) -> str:
    """Delete the server-side sessions (settings.SESSION_ENGINE is the database) that expired
    before `now`: what `manage.py clearsessions` does, on the worker's clock. Idempotent."""
    removed, _ = Session.objects.filter(expire_date__lt=now).delete()
    return f"{removed} expired sessions removed."
