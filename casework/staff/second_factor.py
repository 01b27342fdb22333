"""The second factor: whether a session has passed it, and the QR code an authenticator app
scans. Writes (setting up a device, recovery codes) are in casework.staff.services.

Seam for single sign-on (docs/decisions/0023-sign-in-hardening-and-sso-seam.md): an OIDC
backend that receives proof of multi-factor authentication from the council's identity provider
(the `amr` claim containing "mfa") sets SSO_MFA_SESSION_KEY in the session; this module is the
only place that then needs to know."""

import base64

import qrcode
import qrcode.image.svg
from django_otp import user_has_device

SSO_MFA_SESSION_KEY = "casework_sso_mfa"


def second_factor_passed(request) -> bool:
    user = request.user
    if getattr(user, "is_verified", None) and user.is_verified():
        return True
    return bool(request.session.get(SSO_MFA_SESSION_KEY))


def has_second_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def qr_code_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI for an <img> (no external service, no inline script)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def base32_secret(device) -> str:
    """The TOTP secret as people type it into an app: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
