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


@lru_cache(maxsize=4)
def _raw_keys(keys: tuple[str, ...]) -> tuple[tuple[bytes, bytes], ...]:
    """(signing key, encryption key) of each Fernet key, in the keyring's order."""
    keyring()  # refuses an unusable key with the same message
    raw = [base64.urlsafe_b64decode(key) for key in keys]
    return tuple((k[:16], k[16:]) for k in raw)


_URLSAFE = bytes.maketrans(b"-_", b"+/")


def decrypt_many(tokens: list) -> list:
    """`decrypt` of many tokens at once, for a file of hundreds of thousands of rows (a monthly
    return): the same result as decrypting each (None and "" pass through, as the field does),
    the same DecryptionError if any token does not verify under any key. Each token is checked
    as Fernet checks it (version byte, HMAC-SHA256 over everything before the tag, compared in
    constant time, tried with each key in order) before anything is decrypted; the AES-128-CBC
    decryption of the whole batch is one call: CBC's P[i] = AES_decrypt(C[i]) XOR C[i-1], so
    every block of every token goes through one block decryption (the ECB primitive, used only
    to build CBC here) and is then XORed with its previous ciphertext block (the IV for a
    token's first). Per token that saves the two cipher contexts Fernet makes, which were most
    of the time of a return's equality-monitoring columns."""
    out = list(tokens)
    keys = _raw_keys(tuple(settings.CASEWORK_FIELD_KEYS))
    by_key: list[list[tuple[int, bytes]]] = [[] for _ in keys]
    for i, token in enumerate(tokens):
        if token is None or token == "":
            continue
        try:  # base64.urlsafe_b64decode without its wrappers (the same non-strict decoding)
            data = binascii.a2b_base64(token.encode("ascii").translate(_URLSAFE))
        except (ValueError, TypeError, UnicodeError):
            data = b""
        if len(data) < 73 or data[0] != 0x80 or (len(data) - 57) % 16:
            raise _undecryptable()
        body, tag = data[:-32], data[-32:]
        for k, (signing, _) in enumerate(keys):
            if hmac.compare_digest(hmac.digest(signing, body, "sha256"), tag):
                by_key[k].append((i, data))
                break
        else:
            raise _undecryptable()
    for (_, encryption), batch in zip(keys, by_key, strict=True):
        if not batch:
            continue
        ciphertext = b"".join(data[25:-32] for _, data in batch)
        previous = b"".join(data[9:-48] for _, data in batch)  # IV, then C[0..n-2]
        # One block decryption of every block (the CBC chaining is the XOR below).
        blocks = (
            Cipher(algorithms.AES(encryption), modes.ECB())  # noqa: S305
            .decryptor()
            .update(ciphertext)
        )
        size = len(ciphertext)
        plain = (int.from_bytes(blocks, "big") ^ int.from_bytes(previous, "big")).to_bytes(
            size, "big"
        )
        at = 0
        for i, data in batch:
            length = len(data) - 57
            padded = plain[at : at + length]
            at += length
            pad = padded[-1]
            if not 1 <= pad <= 16 or padded[-pad:] != bytes([pad]) * pad:
                raise _undecryptable()
            out[i] = padded[:-pad].decode("utf-8")
    return out


def _undecryptable() -> DecryptionError:
    return DecryptionError(
        "A stored value could not be decrypted with the configured CASEWORK_FIELD_KEYS: "
        "the key is wrong or missing."
    )


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
