"""Field encryption and blind indexes.

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256: authenticated) through
`MultiFernet`, so keys can be rotated: the first key in CASEWORK_FIELD_KEYS encrypts, every key
decrypts. A blind index is a keyed HMAC of the normalised value, so an exact search (a National
Insurance number) works without decrypting every row. See docs/decisions/0002-field-encryption.md.
"""

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Callable
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
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


# Many tokens at once, for a build that reads every row of a column (the evaluation extract:
# one token per participant). The same checks as `decrypt`, in Fernet's order, per token:
# url-safe base64, version byte 0x80, length, then the HMAC-SHA256 of everything before it
# under each key in turn (compared in constant time) and only then AES-128-CBC and PKCS7. What
# is faster is the work per token: one C call for the HMAC, and the AES of all the tokens a key
# opens in one call into OpenSSL (ECB over the ciphertext blocks is the block decryption CBC
# does; the chaining XOR with the previous block, or the IV, is done below). `decrypt` is
# about 6 µs a token; this, about 2.


@lru_cache(maxsize=4)
def _raw_keys(keys: tuple[str, ...]) -> tuple[tuple[bytes, bytes], ...]:
    keyring()  # the same ImproperlyConfigured as decrypt for a bad or empty setting
    out = []
    for key in keys:
        raw = base64.urlsafe_b64decode(key)
        out.append((raw[:16], raw[16:]))
    return tuple(out)


_FERNET_OVERHEAD = 1 + 8 + 16 + 32  # version, timestamp, IV, HMAC
_URL_SAFE_TO_STANDARD = bytes.maketrans(b"-_", b"+/")


def hmac_sha256(key: bytes) -> Callable[[bytes], bytes]:
    """HMAC-SHA256 under `key` (RFC 2104), its two padded keys hashed once: for many short
    messages under one key (a pseudonym per person, a token's MAC), about 2.5 times faster than
    `hmac.digest` (which looks the hash up and pads the key again each time); the same bytes."""
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def mac(message: bytes) -> bytes:
        i = inner.copy()
        i.update(message)
        o = outer.copy()
        o.update(i.digest())
        return o.digest()

    return mac


def decrypt_many(tokens: list[str]) -> list[str]:
    """`[decrypt(t) for t in tokens]`, for "" and None too (returned as they are), about three
    times faster. Raises DecryptionError if any token cannot be decrypted with any key."""
    keys = _raw_keys(tuple(settings.CASEWORK_FIELD_KEYS))
    macs = [hmac_sha256(signing) for signing, _ in keys]
    out: list = list(tokens)
    opened: list[list[tuple[int, bytes]]] = [[] for _ in keys]
    for i, token in enumerate(tokens):
        if token is None or token == "":
            continue
        try:  # base64.urlsafe_b64decode, without its checks of the argument's type
            data = binascii.a2b_base64(token.encode("ascii").translate(_URL_SAFE_TO_STANDARD))
        except (TypeError, ValueError) as exc:
            raise _undecryptable() from exc
        size = len(data) - _FERNET_OVERHEAD
        if size < 16 or size % 16 or data[0] != 0x80:
            raise _undecryptable()
        signed, mac = data[:-32], data[-32:]
        for n, mac_of in enumerate(macs):
            if hmac.compare_digest(mac_of(signed), mac):
                opened[n].append((i, data))
                break
        else:
            raise _undecryptable()
    for (_, encryption), group in zip(keys, opened, strict=True):
        if not group:
            continue
        blocks = b"".join(data[25:-32] for _, data in group)
        # ECB here is only the block decryption of CBC: the chaining XOR follows, for every
        # token at once (each block with the one before it in its token, the first with the IV).
        decryptor = Cipher(algorithms.AES(encryption), modes.ECB()).decryptor()  # noqa: S305
        decrypted = decryptor.update(blocks) + decryptor.finalize()
        chain = b"".join(data[9:-48] for _, data in group)
        plain = (int.from_bytes(decrypted, "big") ^ int.from_bytes(chain, "big")).to_bytes(
            len(blocks), "big"
        )
        at = 0
        for i, data in group:
            end = at + len(data) - _FERNET_OVERHEAD
            pad = plain[end - 1]
            if not 1 <= pad <= 16 or plain[end - pad : end] != bytes((pad,)) * pad:
                raise _undecryptable()
            try:
                out[i] = plain[at : end - pad].decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _undecryptable() from exc
            at = end
    return out


def _undecryptable() -> DecryptionError:
    return DecryptionError(
        "A stored value could not be decrypted with the configured CASEWORK_FIELD_KEYS: "
        "the key is wrong or missing."
    )
