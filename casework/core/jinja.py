"""The Jinja2 environment for staff and participant pages, with the GOV.UK Frontend macros."""

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from casework.core import formatting, forms


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def summary_row(
    label: str, value, change_href: str = "", empty: str = "Not given", hidden: bool = False
) -> dict | None:
    """One row of a GOV.UK summary list, with a 'Change' link when the user may edit; None for a
    row that must not show (drop it with `| select | list`)."""
    if hidden:
        return None
    row = {"key": {"text": label}, "value": {"text": value if value else empty}}
    if change_href:
        row["actions"] = {
            "items": [{"href": change_href, "text": "Change", "visuallyHiddenText": label.lower()}]
        }
    return row


def can(user, action: str, programme=None) -> bool:
    """For links and buttons only: pages enforce the same rule in their view."""
    from casework.access.permissions import Action, has_permission

    return has_permission(user, Action(action), programme)


def restriction_of(participant):
    """The restriction in force on a participant, for the banner every page of their record
    shows (base.html); None for anything else or when none is in force."""
    if getattr(getattr(participant, "_meta", None), "label", "") != "participants.Participant":
        return None
    from casework.rights.selectors import restriction_in_force

    return restriction_in_force(participant)


def fully_signed_in(request) -> bool:
    """Signed in with both factors: the menu shows only then."""
    from casework.staff.second_factor import second_factor_passed

    return request.user.is_authenticated and second_factor_passed(request)


def environment(**options) -> Environment:
    options["loader"] = ChoiceLoader(
        [
            options["loader"],
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    options.setdefault("autoescape", True)
    env = Environment(**options)  # noqa: S701  (autoescape is set above)
    env.globals.update(
        {
            "url": url,
            "static": static,
            "get_messages": get_messages,
            "settings": settings,
        }
    )
    env.filters.update(
        {
            "uk_date": formatting.uk_date,
            "uk_datetime": formatting.uk_datetime,
            "nino": formatting.format_nino,
        }
    )
    env.globals.update(
        {
            "date_parts": forms.date_parts,
            "error_summary": forms.error_summary,
            "summary_row": summary_row,
            "can": can,
            "fully_signed_in": fully_signed_in,
            "restriction_of": restriction_of,
        }
    )
    return env
