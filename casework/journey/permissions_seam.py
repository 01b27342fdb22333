"""Who may write to a participant's journey (appointments, notes, plans, jobs, exit).

For now this reuses the editing roles of casework.staff (EDITING_ROLES, through Membership),
the same rule the participant record uses. It is the single function to replace with
casework.access.permissions.has_permission(user, action, programme) when issue 3 lands; every
journey service calls it with the action it is about to do.
"""

from django.core.exceptions import PermissionDenied

from casework.staff.models import EDITING_ROLES, Membership


def may_record(actor, action: str, programme) -> bool:
    return Membership.objects.filter(
        user=actor, programme=programme, role__in=EDITING_ROLES
    ).exists()


def require_permission(actor, action: str, programme) -> None:
    """Raise PermissionDenied unless `actor` may do `action` in `programme`. Replace the body with
    casework.access.permissions.has_permission(actor, action, programme) when issue 3 lands."""
    if not may_record(actor, action, programme):
        raise PermissionDenied("Your role does not allow you to record this.")
