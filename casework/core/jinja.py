"""The Jinja2 environment for staff and participant pages, with the GOV.UK Frontend macros.
Only what the core layer knows; casework.templating adds the globals that ask the apps above
(who may do what, whether the second factor is passed)."""

import functools

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from casework.core import components, formatting, forms


def url(name: str, *args, **kwargs) -> str:
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    try:
        return _reversed(name, args, tuple(sorted(kwargs.items())), get_script_prefix(), urlconf)
    except TypeError:  # an argument that cannot be a key: reversed each time
        return reverse(name, args=args or None, kwargs=kwargs or None)


@functools.lru_cache(maxsize=8192)
def _reversed(name: str, args: tuple, kwargs: tuple, prefix: str, urlconf: str) -> str:
    """Django's reverse, kept: a page links to the same places on every request (the menu, the
    caseload's people), and reverse walks the URL patterns each time (60 calls, 3 ms of a
    caseload page). Keyed by everything the answer depends on (the URL configuration and the
    script prefix included); URLs hold ids, never personal data (decision 0081)."""
    return reverse(name, args=args or None, kwargs=dict(kwargs) or None, urlconf=urlconf)


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
            # GOV.UK Frontend's summary list, drawn in Python (decision 0232): templates call it
            # by the macro's name and do not import the macro.
            "govukSummaryList": components.summary_list,
        }
    )
    return env
