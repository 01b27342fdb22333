"""The disclosures panel of the data protection officer's home page (casework.dataprotection)."""

from django.urls import reverse

from casework.access.permissions import Action, has_permission, programmes_where
from casework.dataprotection.panels import Panel
from casework.disclosures import selectors
from casework.programmes.models import Programme


def disclosures(user, now) -> Panel | None:
    if not (
        has_permission(user, Action.APPROVE_DISCLOSURE)
        or has_permission(user, Action.VIEW_DISCLOSURE_LOG)
    ):
        return None
    programmes = Programme.objects.filter(
        pk__in=programmes_where(user, Action.VIEW_DISCLOSURE_LOG)
    ).order_by("name")
    agreements = [
        (programme, row)
        for programme in programmes
        for row in selectors.agreements(programme)
        if row.state in ("expiring", "expired")
    ]
    links = [("Disclosures waiting for approval", reverse("disclosures:approvals"))]
    links += [
        (f"Disclosure log: {programme.name}", reverse("disclosures:log", args=[programme.slug]))
        for programme in programmes
    ]
    return Panel(
        title="Disclosures",
        template="disclosures/panel.html",
        context={"awaiting": len(selectors.awaiting_approval(user)), "agreements": agreements},
        links=links,
    )
