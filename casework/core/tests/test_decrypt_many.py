"""`crypto.decrypt_many` (the evaluation extract's bulk decryption) gives what `decrypt` gives,
token by token, and refuses what it refuses: a token under no configured key, a tampered one."""

import base64

import pytest
from cryptography.fernet import Fernet
from django.test import override_settings

from casework.core import crypto

TEXTS = ["White British", "", "x" * 15, "y" * 16, "z" * 17, "Mixed — other", "é" * 40, "no"]


def test_the_same_answers_as_decrypt_token_by_token():
    tokens = [crypto.encrypt(t) if t else "" for t in TEXTS] + [None]
    assert crypto.decrypt_many(tokens) == [*TEXTS, None]
    assert crypto.decrypt_many(tokens) == [crypto.decrypt(t) if t else t for t in tokens]


def test_tokens_under_an_older_key_still_decrypt():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(CASEWORK_FIELD_KEYS=[old]):
        under_old = [crypto.encrypt(t) for t in ("Asian", "Black British")]
    with override_settings(CASEWORK_FIELD_KEYS=[new, old]):
        mixed = [under_old[0], crypto.encrypt("Other"), under_old[1]]
        assert crypto.decrypt_many(mixed) == ["Asian", "Other", "Black British"]


def test_a_token_under_no_configured_key_is_refused():
    token = Fernet(Fernet.generate_key()).encrypt(b"Mixed").decode()
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_many([crypto.encrypt("Other"), token])


@pytest.mark.parametrize("at", [0, 5, 30, -40, -1])
def test_a_tampered_token_is_refused(at):
    data = bytearray(base64.urlsafe_b64decode(crypto.encrypt("White British")))
    data[at] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_many([base64.urlsafe_b64encode(bytes(data)).decode()])


def test_a_truncated_or_garbled_token_is_refused():
    token = crypto.encrypt("White British")
    for bad in (token[:-8], token[:40], "not a token", "gAAAA"):
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt_many([bad])


@pytest.mark.parametrize("key", [b"", b"k" * 43, b"k" * 64, b"k" * 65, bytes(range(200))])
def test_hmac_sha256_is_hmac(key):
    import hashlib
    import hmac

    mac = crypto.hmac_sha256(key)
    for message in (b"", b"\x00" * 16, b"participant id", bytes(range(256))):
        assert mac(message) == hmac.new(key, message, hashlib.sha256).digest()
