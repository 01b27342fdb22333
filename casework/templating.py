"""The Jinja2 environment the settings name: casework.core.jinja's, plus the globals that ask
the apps above the core layer. Like casework.urls, it wires the layers together and sits above
them all, so the core never imports an app (the import-linter contracts in pyproject.toml)."""

from jinja2 import Environment
from markupsafe import Markup, escape

from casework.access.permissions import Action, has_permission
from casework.core import jinja
from casework.participants.models import Status
from casework.rights.selectors import restriction_in_force
from casework.staff.second_factor import second_factor_passed


def can(user, action: str, programme=None) -> bool:
    """For links and buttons only: pages enforce the same rule in their view."""
    return has_permission(user, Action(action), programme)


def fully_signed_in(request) -> bool:
    """Signed in with both factors: the menu shows only then."""
    return request.user.is_authenticated and second_factor_passed(request)


def restriction_of(participant):
    """The restriction in force on a participant, for the banner every page of their record
    shows (base.html); None for anything else or when none is in force."""
    if getattr(getattr(participant, "_meta", None), "label", "") != "participants.Participant":
        return None
    return restriction_in_force(participant)


_STATUS_COLOURS = {
    Status.REFERRED: "govuk-tag--blue",
    Status.ENROLLED: "govuk-tag--turquoise",
    Status.IN_WORK: "govuk-tag--green",
    Status.EXITED: "govuk-tag--grey",
}
_STATUS_LABELS = dict(Status.choices)


def status_tag(participant) -> Markup:
    """The participant's status as a GOV.UK tag in its colour (a caseload draws one a row:
    drawn here, not by a macro, decision 0232)."""
    status = participant.status
    colour = _STATUS_COLOURS.get(status, "")
    label = _STATUS_LABELS.get(status, status)
    return Markup(f'<strong class="govuk-tag {colour}">{escape(label)}</strong>')  # noqa: S704


def environment(**options) -> Environment:
    env = jinja.environment(**options)
    env.globals.update(
        {
            "can": can,
            "fully_signed_in": fully_signed_in,
            "restriction_of": restriction_of,
            "status_tag": status_tag,
        }
    )
    return env
