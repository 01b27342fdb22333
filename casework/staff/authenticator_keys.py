"""The secret of each authenticator app (django-otp's TOTPDevice.key) encrypted at rest.

django-otp keeps the key in clear, as hex, in a column of 80 characters, and reads it through
`TOTPDevice.bin_key`. Casework stores a compact AES-GCM token in that column instead
(casework.core.crypto.encrypt_compact, under the field-encryption keyring) and reads it back
through the same property: every save encrypts a key still in clear, every read decrypts.
Installed once, when the staff app is ready (docs/decisions/0082)."""

from django.db.models.signals import pre_save

from casework.core import crypto

PURPOSE = "otp_totp.TOTPDevice.key"


def seal(hex_key: str) -> str:
    return crypto.encrypt_compact(bytes.fromhex(hex_key), purpose=PURPOSE)


def unseal(stored: str) -> bytes:
    """The key's bytes, from a token (or from hex, for a key not yet encrypted)."""
    if crypto.is_compact_token(stored):
        return crypto.decrypt_compact(stored, purpose=PURPOSE)
    return bytes.fromhex(stored)


def _encrypt_before_saving(sender, instance, **kwargs) -> None:
    if instance.key and not crypto.is_compact_token(instance.key):
        instance.key = seal(instance.key)


def install() -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from casework.core.rotation import register_compact_column

    register_compact_column(TOTPDevice, "key", PURPOSE)  # for manage.py rotate_keys
    TOTPDevice.bin_key = property(lambda device: unseal(device.key))
    pre_save.connect(_encrypt_before_saving, sender=TOTPDevice, dispatch_uid=PURPOSE)
