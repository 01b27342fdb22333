"""Rights requests' panel on the data protection officer's home page."""

from django.urls import reverse
from django.utils import timezone

from casework.dataprotection.panels import Panel
from casework.rights import selectors


def rights_requests(user, now) -> Panel | None:
    if not selectors.can_manage_requests(user):
        return None
    today = timezone.localdate(now)
    waiting = selectors.open_requests(user, today=today)
    selectors.record_listed(user, [*waiting["overdue"], *waiting["due_soon"], *waiting["paused"]])
    return Panel(
        title="Rights requests",
        template="rights/panel.html",
        context={"waiting": waiting, "today": today},
        links=[
            ("All rights requests", reverse("rights:list")),
            ("Record a request", reverse("rights:new")),
        ],
    )
