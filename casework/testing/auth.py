"""Signing a test client in as a member of staff who has passed every gate a real sign-in
passes: password, second factor (a confirmed authenticator app), and (from the factories)
training and confidentiality."""

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def authenticator_app(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now (respects time-machine)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, user, *, second_factor: bool = True):
    client.force_login(user, backend=MODEL_BACKEND)
    if second_factor:
        session: SessionBase = client.session
        session[DEVICE_ID_SESSION_KEY] = authenticator_app(user).persistent_id
        session.save()
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client
