"""Who may write to a participant's journey (appointments, notes, plans, jobs, exit): the roles
that may edit participants (casework.access.permissions), in the participant's programme."""

from casework.access.permissions import Action, has_permission
from casework.access.permissions import require_permission as _require


def may_record(actor, action: str, programme) -> bool:
    return has_permission(actor, Action.EDIT_PARTICIPANT, programme)


def require_permission(actor, action: str, programme) -> None:
    """Raise PermissionDenied unless `actor` may record journey events in `programme`."""
    _require(actor, Action.EDIT_PARTICIPANT, programme)
