"""The breach register's panel on the data protection officer's home page."""

from django.urls import reverse

from casework.breaches import selectors
from casework.dataprotection.panels import Panel


def open_breaches(user, now) -> Panel | None:
    if not selectors.can_manage_breaches(user):
        return None
    breaches = list(selectors.open_breaches(user))
    return Panel(
        title="Open breaches",
        template="breaches/panel.html",
        context={"breaches": breaches, "now": now},
        links=[
            ("Breach register", reverse("breaches:list")),
            ("Record a breach", reverse("breaches:new")),
        ],
    )
