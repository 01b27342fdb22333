"""NINOs are encrypted at rest and searchable only through the blind index."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test import override_settings

from casework.core import crypto
from casework.participants.models import Participant

pytestmark = pytest.mark.django_db


def raw_nino_column(participant) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT national_insurance_number, nino_index FROM {Participant._meta.db_table} "  # noqa: S608
            "WHERE id = %s",
            [participant.pk.hex if connection.vendor == "sqlite" else participant.pk],
        )
        return cursor.fetchone()


def test_the_database_never_holds_the_plaintext_nino(participant_a):
    stored, index = raw_nino_column(participant_a)
    nino = participant_a.national_insurance_number
    assert nino not in stored
    assert nino not in index
    assert Participant.objects.get(pk=participant_a.pk).national_insurance_number == nino


def test_lookups_on_the_ciphertext_are_refused():
    with pytest.raises(NotImplementedError, match="blind index"):
        Participant.objects.filter(national_insurance_number="QQ123456C").count()


def test_a_wrong_key_fails_loudly_instead_of_serving_garbage(participant_a):
    wrong_key = override_settings(CASEWORK_FIELD_KEYS=[Fernet.generate_key().decode()])
    with wrong_key, pytest.raises(crypto.DecryptionError, match="key is wrong or missing"):
        Participant.objects.get(pk=participant_a.pk)


def test_an_old_key_still_decrypts_after_a_new_one_is_added(participant_a):
    from django.conf import settings

    with override_settings(
        CASEWORK_FIELD_KEYS=[Fernet.generate_key().decode(), *settings.CASEWORK_FIELD_KEYS]
    ):
        assert Participant.objects.get(pk=participant_a.pk).national_insurance_number


def test_blind_index_depends_on_key_and_purpose():
    a = crypto.blind_index("QQ123456C", purpose="participant.nino")
    assert a == crypto.blind_index("QQ123456C", purpose="participant.nino")
    assert a != crypto.blind_index("QQ123456C", purpose="other")
    with override_settings(CASEWORK_BLIND_INDEX_KEY="another key"):
        assert a != crypto.blind_index("QQ123456C", purpose="participant.nino")


def test_start_up_checks_refuse_an_unusable_key():
    not_a_key = override_settings(CASEWORK_FIELD_KEYS=["not a key"])
    with not_a_key, pytest.raises(SystemCheckError, match="Field encryption is not usable"):
        call_command("check")


def test_many_tokens_decrypt_at_once_exactly_as_one_by_one():
    from django.conf import settings

    texts = ["", "a", "Asian or Asian British", "x" * 15, "y" * 16, "z" * 17, "Zoë £", "=1+2"]
    old = Fernet.generate_key().decode()
    with override_settings(CASEWORK_FIELD_KEYS=[old]):
        under_old = [crypto.encrypt(t) for t in texts if t]
    with override_settings(CASEWORK_FIELD_KEYS=[*settings.CASEWORK_FIELD_KEYS, old]):
        tokens = [crypto.encrypt(t) if t else t for t in texts] + [None] + under_old
        assert crypto.decrypt_many(tokens) == [crypto.decrypt(t) if t else t for t in tokens]
        assert crypto.decrypt_many(tokens)[-len(under_old) :] == [t for t in texts if t]


def test_many_tokens_refuse_any_token_that_does_not_verify():
    token = crypto.encrypt("disabled")
    raw = bytearray(__import__("base64").urlsafe_b64decode(token))
    raw[30] ^= 1  # one bit of the ciphertext
    tampered = __import__("base64").urlsafe_b64encode(bytes(raw)).decode()
    other_key = Fernet(Fernet.generate_key()).encrypt(b"disabled").decode()
    for bad in (tampered, other_key, "not a token", token[:-4]):
        with pytest.raises(crypto.DecryptionError, match="key is wrong or missing"):
            crypto.decrypt_many([token, bad])
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(bad)
