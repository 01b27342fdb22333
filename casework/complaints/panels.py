"""Complaints' panel on the data protection officer's home page."""

from django.urls import reverse
from django.utils import timezone

from casework.complaints import selectors
from casework.dataprotection.panels import Panel


def complaints_due(user, now) -> Panel | None:
    if not selectors.can_manage_complaints(user):
        return None
    today = timezone.localdate(now)
    waiting = selectors.awaiting_acknowledgement(user, today=today)
    selectors.record_listed(user, [*waiting["overdue"], *waiting["due_soon"]])
    return Panel(
        title="Complaints to acknowledge",
        template="complaints/panel.html",
        context={
            "overdue": waiting["overdue"],
            "due_soon": waiting["due_soon"],
            "open": selectors.open_complaints(user).count(),
            "today": today,
        },
        links=[
            ("All complaints", reverse("complaints:list")),
            ("Record a complaint", reverse("complaints:new")),
        ],
    )
