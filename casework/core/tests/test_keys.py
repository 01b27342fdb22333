"""Key rotation (`manage.py rotate_keys`) and refusing to start with a key that cannot read the
stored data."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from casework.core import checks
from casework.participants.models import Participant

pytestmark = pytest.mark.django_db

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def stored_ninos() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT national_insurance_number FROM participants_participant")
        return [row[0] for row in cursor.fetchall()]


def readable_with(key: str, token: str) -> bool:
    try:
        Fernet(key).decrypt(token.encode())
    except Exception:  # noqa: BLE001
        return False
    return True


@pytest.fixture
def under_old_key(settings, world, participant_a, participant_b):
    settings.CASEWORK_FIELD_KEYS = [OLD_KEY, *settings.CASEWORK_FIELD_KEYS]
    call_command("rotate_keys", stdout=io.StringIO())  # everything under OLD_KEY
    settings.CASEWORK_FIELD_KEYS = [NEW_KEY, OLD_KEY]
    return [participant_a, participant_b]


def rotate(**options) -> str:
    out = io.StringIO()
    call_command("rotate_keys", stdout=out, **options)
    return out.getvalue()


def test_rotation_re_encrypts_every_value_with_the_new_key(under_old_key, settings):
    assert all(readable_with(OLD_KEY, t) for t in stored_ninos())
    output = rotate(batch_size=1)
    assert all(readable_with(NEW_KEY, t) and not readable_with(OLD_KEY, t) for t in stored_ninos())
    assert "participants.Participant.national_insurance_number: 2 rows" in output
    assert "1 re-encrypted" in output  # progress after the first batch
    assert "done, 2 re-encrypted" in output
    settings.CASEWORK_FIELD_KEYS = [NEW_KEY]  # the old key can now be retired
    nino = under_old_key[0].national_insurance_number
    assert Participant.objects.get(pk=under_old_key[0].pk).national_insurance_number == nino
    assert checks.stored_data_decrypts(None) == []


def test_an_interrupted_rotation_finishes_when_run_again(under_old_key, monkeypatch):
    from casework.core import crypto

    real_rotate, calls = crypto.rotate, []

    def fail_on_third(token):  # the canary, one participant, then the interruption
        calls.append(token)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_rotate(token)

    monkeypatch.setattr(crypto, "rotate", fail_on_third)
    with pytest.raises(KeyboardInterrupt):
        rotate(batch_size=1)
    assert sorted(readable_with(NEW_KEY, t) for t in stored_ninos()) == [False, True]
    monkeypatch.setattr(crypto, "rotate", real_rotate)
    output = rotate()
    assert (
        "participants.Participant.national_insurance_number: done, 1 re-encrypted, "
        "1 were already under the current key"
    ) in output
    assert all(readable_with(NEW_KEY, t) for t in stored_ninos())


def test_a_value_no_key_can_read_stops_rotation_with_its_location(under_old_key, settings):
    settings.CASEWORK_FIELD_KEYS = [NEW_KEY]
    with pytest.raises(
        CommandError, match=r"\.value of row 1 cannot be decrypted with any configured key"
    ):
        rotate()


def test_a_wrong_key_stops_start_up_with_a_clear_message(settings):
    assert checks.stored_data_decrypts(None) == []
    settings.CASEWORK_FIELD_KEYS = [Fernet.generate_key().decode()]
    [error] = checks.stored_data_decrypts(None)
    assert error.id == "casework.E003"
    assert "cannot decrypt data already stored" in error.msg
    with pytest.raises(CommandError, match="casework.E003"):
        call_command("check")
    with pytest.raises(Exception, match="the encryption key is wrong or missing"):
        checks.require_usable_keys()
