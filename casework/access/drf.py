"""The permission model (casework.access.permissions) for DRF endpoints: checked before the
request body is read, so a role that may not write gets 403 rather than a validation error."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from casework.access.permissions import Action, has_permission


def action_permission(
    *, read: Action, write: Action, one_object: bool = False
) -> type[BasePermission]:
    """A DRF permission class: `read` for GET/HEAD/OPTIONS, `write` for everything else, in any
    programme for the endpoint and in the object's programme for one object. With
    `one_object`, the endpoint itself only needs a signed-in user: the object's lookup answers
    404 outside the user's scope, whatever their role, before its permission is checked."""

    class ActionPermission(BasePermission):
        message = f"Your role does not allow you to {write.label}."

        def _action(self, request) -> Action:
            return read if request.method in SAFE_METHODS else write

        def has_permission(self, request, view) -> bool:
            if one_object:
                return bool(request.user and request.user.is_authenticated)
            return has_permission(request.user, self._action(request))

        def has_object_permission(self, request, view, obj) -> bool:
            return has_permission(request.user, self._action(request), obj.programme_id)

    return ActionPermission
