"""The signed-in member of staff and the authenticator app that verified them, read in one
statement (issue 16.2; docs/decisions/0226).

Django's AuthenticationMiddleware reads the user (`ModelBackend.get_user`), then django-otp's
OTPMiddleware reads the device the session names: two statements on every page. Here the
backend reads the device the session names with its user joined, when the session names an
authenticator app (a TOTP device): one statement. Everything that decides who is signed in is
unchanged: Django still checks the session's backend and its password hash against the user
returned, the backend still refuses an inactive user, and the OTP middleware still refuses a
device that is not the user's or not confirmed (`_finalize_device`). Any other case (no device
in the session, a recovery code's static device, a device since removed) reads as before.
"""

from django.contrib.auth.backends import ModelBackend
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.audit.context import current_request

BACKEND = "casework.staff.signed_in.StaffBackend"
_TOTP_DEVICE = "otp_totp.totpdevice/"
_READ = "_casework_device_with_user"


def _device_with_user(request) -> TOTPDevice | None:
    """The TOTP device the request's session names, with its user, read once per request."""
    if _READ not in request.__dict__:
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY) or ""
        device = None
        if persistent_id.startswith(_TOTP_DEVICE) and persistent_id[len(_TOTP_DEVICE) :].isdigit():
            device = (
                TOTPDevice.objects.select_related("user")
                .filter(pk=int(persistent_id[len(_TOTP_DEVICE) :]))
                .first()
            )
        request.__dict__[_READ] = device
    return request.__dict__[_READ]


class StaffBackend(ModelBackend):
    """Django's ModelBackend, whose `get_user` takes the user from the device read when the
    session's device belongs to that user."""

    def get_user(self, user_id):
        request = current_request()
        device = (
            _device_with_user(request)
            if request is not None and hasattr(request, "session")
            else None
        )
        if device is not None and str(device.user_id) == str(user_id):
            user = device.user
            return user if self.user_can_authenticate(user) else None
        return super().get_user(user_id)


class StaffOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, using the device the backend already read with the user."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)  # resolves the lazy user: the backend reads the device
        if user.is_authenticated:
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
            device = request.__dict__.get(_READ)
            if not persistent_id:
                device = None
            elif device is None or device.persistent_id != persistent_id:
                device = self._device_from_persistent_id(persistent_id)
            user.otp_device = self._finalize_device(request, user, device)
        return user
