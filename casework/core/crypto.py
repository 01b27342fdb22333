"""Field encryption and blind indexes.

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256: authenticated) through
`MultiFernet`, so keys can be rotated: the first key in CASEWORK_FIELD_KEYS encrypts, every key
decrypts. A blind index is a keyed HMAC of the normalised value, so an exact search (a National
Insurance number) works without decrypting every row. See docs/decisions/0002-field-encryption.md.
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@lru_cache(maxsize=4)
def _keyring(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("CASEWORK_FIELD_KEYS is empty: no key to encrypt with.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "CASEWORK_FIELD_KEYS holds a value that is not a Fernet key "
            "(32 url-safe base64-encoded bytes)."
        ) from exc


def keyring() -> MultiFernet:
    return _keyring(tuple(settings.CASEWORK_FIELD_KEYS))


def encrypt(plaintext: str) -> str:
    return keyring().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return keyring().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise DecryptionError(
            "A stored value could not be decrypted with the configured CASEWORK_FIELD_KEYS: "
            "the key is wrong or missing."
        ) from exc


def encrypt_bytes(content: bytes) -> bytes:
    return keyring().encrypt(content)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return keyring().decrypt(token)
    except InvalidToken as exc:
        raise DecryptionError(
            "A stored file could not be decrypted with the configured CASEWORK_FIELD_KEYS."
        ) from exc


def is_under_primary_key(token: str) -> bool:
    """Whether `token` was encrypted with the first (current) key, so rotation can skip it."""
    primary = Fernet(settings.CASEWORK_FIELD_KEYS[0])
    try:
        primary.decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def rotate(token: str) -> str:
    """Re-encrypt `token` with the first key. Raises DecryptionError if no key can read it."""
    try:
        return keyring().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise DecryptionError("No configured key can decrypt this value.") from exc


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed hash of an already normalised value; `purpose` keeps indexes of different fields
    apart so equal values in two fields do not share a hash."""
    key = settings.CASEWORK_BLIND_INDEX_KEY.encode("utf-8")
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


# Compact tokens, for a short secret that must fit a column we do not own (django-otp's TOTP key,
# 80 characters, where a Fernet token would take 120): AES-256-GCM (authenticated), under a key
# derived with HKDF from each CASEWORK_FIELD_KEYS key and a purpose label, so the same keyring
# and rotation apply: the first key encrypts, every key decrypts.
COMPACT_PREFIX = "enc1:"


@lru_cache(maxsize=16)
def _compact_key(field_key: str, purpose: str) -> bytes:
    material = base64.urlsafe_b64decode(field_key.encode("ascii"))
    return HKDF(
        algorithm=SHA256(), length=32, salt=None, info=f"casework {purpose}".encode()
    ).derive(material)


def is_compact_token(value: str) -> bool:
    return value.startswith(COMPACT_PREFIX)


def encrypt_compact(data: bytes, *, purpose: str) -> str:
    nonce = os.urandom(12)
    key = _compact_key(settings.CASEWORK_FIELD_KEYS[0], purpose)
    sealed = AESGCM(key).encrypt(nonce, data, purpose.encode())
    return COMPACT_PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")


def decrypt_compact(token: str, *, purpose: str) -> bytes:
    body = token.removeprefix(COMPACT_PREFIX)
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    for field_key in settings.CASEWORK_FIELD_KEYS:
        try:
            return AESGCM(_compact_key(field_key, purpose)).decrypt(
                raw[:12], raw[12:], purpose.encode()
            )
        except InvalidTag:
            continue
    raise DecryptionError(
        "A stored secret could not be decrypted with the configured CASEWORK_FIELD_KEYS: "
        "the key is wrong or missing."
    )


def compact_is_under_primary_key(token: str, *, purpose: str) -> bool:
    primary = _compact_key(settings.CASEWORK_FIELD_KEYS[0], purpose)
    body = token.removeprefix(COMPACT_PREFIX)
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    try:
        AESGCM(primary).decrypt(raw[:12], raw[12:], purpose.encode())
    except InvalidTag:
        return False
    return True
