"""The retention panel of the data protection officer's home page (casework.dataprotection)."""

from django.urls import reverse

from casework.dataprotection.panels import Panel
from casework.disposal import selectors


def retention(user, now) -> Panel | None:
    if not selectors.can_manage_retention(user):
        return None
    due = selectors.due_soon(user)
    return Panel(
        title="Retention",
        template="disposal/panel.html",
        context={
            "due_30": sum(row.count for row in due[30]),
            "due_90": sum(row.count for row in due[90]),
            "holds": selectors.holds(user).count(),
            "paper_files": selectors.paper_files_to_destroy(user).count(),
        },
        links=[("What is due, holds and runs", reverse("disposal:overview"))],
    )
