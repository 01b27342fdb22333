"""django-axes hooks: which account a failed sign-in counts against, and the page a locked-out
person sees."""

from django.conf import settings
from django.shortcuts import render


def username_from(request, credentials=None) -> str:
    """Email addresses are case-insensitive: 'A@x' and 'a@x' are one account to lock."""
    source = credentials or request.POST
    return (source.get("username") or "").strip().lower()


def locked_out(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return render(
        request,
        "staff/locked_out.html",
        {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
