"""The panels of the data protection officer's home page. Each is a function
`(user, now) -> Panel | None` (None when the user has no part in it), named in PANELS: a new
panel (rights requests, disposal, disclosures) is one function and one line here."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.module_loading import import_string

PANELS = [
    "casework.rights.panels.rights_requests",
    "casework.breaches.panels.open_breaches",
    "casework.complaints.panels.complaints_due",
    "casework.disclosures.panels.disclosures",
    "casework.returns.panels.returns_to_release",
    "casework.disposal.panels.retention",
    "casework.dataprotection.panels.monitoring",
    "casework.dataprotection.panels.reports",
]


@dataclass
class Panel:
    title: str
    template: str  # rendered with the panel's context under `panel`
    context: dict = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, href)


def panels_for(user, now: datetime.datetime | None = None) -> list[Panel]:
    now = now or timezone.now()
    return [p for p in (import_string(name)(user, now) for name in PANELS) if p is not None]


def monitoring(user, now) -> Panel | None:
    from django.urls import reverse

    from casework.oversight.selectors import alerts_visible_to, can_review_alerts

    if not can_review_alerts(user):
        return None
    waiting = alerts_visible_to(user).filter(outcome="").count()
    return Panel(
        title="Monitoring alerts",
        template="dataprotection/panel_monitoring.html",
        context={"waiting": waiting},
        links=[
            ("Review the access alerts", reverse("audit:alerts")),
            ("Routine audit report", reverse("audit:report")),
        ],
    )


def reports(user, now) -> Panel | None:
    from django.urls import reverse

    from casework.dataprotection.selectors import can_see_reports

    if not can_see_reports(user):
        return None
    return Panel(
        title="Reports",
        template="dataprotection/panel_reports.html",
        links=[("Complaints and breaches by month", reverse("dataprotection:reports"))],
    )
