"""Links to the audit pages in the main menu, for the roles that use them."""

from django.utils.functional import SimpleLazyObject

from casework.oversight import selectors


def audit_navigation(request) -> dict:
    def links() -> list[dict]:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        items = []
        if selectors.can_review_alerts(user):
            items.append({"href": "audit:alerts", "text": "Alerts", "key": "alerts"})
        if selectors.can_see_audit_report(user):
            items.append({"href": "audit:report", "text": "Routine audit", "key": "report"})
        return items

    return {"audit_links": SimpleLazyObject(links)}
