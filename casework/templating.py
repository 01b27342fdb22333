"""The Jinja2 environment the settings name: casework.core.jinja's, plus the globals that ask
the apps above the core layer. Like casework.urls, it wires the layers together and sits above
them all, so the core never imports an app (the import-linter contracts in pyproject.toml)."""

from jinja2 import Environment

from casework.access.permissions import Action, has_permission
from casework.core import jinja
from casework.staff.second_factor import second_factor_passed


def can(user, action: str, programme=None) -> bool:
    """For links and buttons only: pages enforce the same rule in their view."""
    return has_permission(user, Action(action), programme)


def fully_signed_in(request) -> bool:
    """Signed in with both factors: the menu shows only then."""
    return request.user.is_authenticated and second_factor_passed(request)


def environment(**options) -> Environment:
    env = jinja.environment(**options)
    env.globals.update({"can": can, "fully_signed_in": fully_signed_in})
    return env
