"""Issue 9.7: the secret of each authenticator app (django-otp's TOTPDevice key) is encrypted
at rest like other secrets; signing in still works, and keys stored before are encrypted by a
data migration."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.demo import data
from casework.testing import factories
from casework.testing.auth import authenticator_app, current_code

pytestmark = pytest.mark.django_db


def stored_key(device) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM otp_totp_totpdevice WHERE id = %s", [device.pk])
        return cursor.fetchone()[0]


def test_the_key_is_never_stored_in_clear_and_sign_in_still_works(world, participant_a):
    specialist = world.user("specialist_a")
    device = TOTPDevice.objects.create(
        user=specialist, name="App", confirmed=True, key=data.DEMO_TOTP_KEY_HEX
    )
    raw = stored_key(device)
    assert data.DEMO_TOTP_KEY_HEX not in raw.lower()
    assert len(raw) <= 80  # django-otp's column
    assert TOTPDevice.objects.get(pk=device.pk).bin_key == bytes.fromhex(data.DEMO_TOTP_KEY_HEX)

    app_user = Client()
    app_user.post(
        reverse("staff:sign-in"), {"username": specialist.email, "password": factories.PASSWORD}
    )
    detail = reverse("participants:detail", args=[participant_a.pk])
    response = app_user.post(
        reverse("staff:second-factor"),
        {"token": current_code(TOTPDevice.objects.get(pk=device.pk)), "next": detail},
    )
    assert response.url == detail
    assert app_user.get(detail).status_code == 200


def test_a_new_device_made_by_django_otp_is_encrypted_too(world):
    device = authenticator_app(world.user("team_leader_a"))
    assert device.bin_key.hex() not in stored_key(device)


def test_keys_stored_before_are_encrypted_by_the_data_migration(world):
    device = authenticator_app(world.user("dpo"))
    plain = device.bin_key.hex()
    TOTPDevice.objects.filter(pk=device.pk).update(key=plain)  # as stored before issue 9
    assert stored_key(device) == plain
    migration = importlib.import_module("casework.staff.migrations.0004_encrypt_totp_keys")
    migration.encrypt_keys(apps, None)
    assert plain not in stored_key(device)
    assert TOTPDevice.objects.get(pk=device.pk).bin_key.hex() == plain
    migration.encrypt_keys(apps, None)  # twice is harmless
    assert TOTPDevice.objects.get(pk=device.pk).bin_key.hex() == plain
    migration.decrypt_keys(apps, None)  # and it can be undone
    assert stored_key(device) == plain


def test_rotate_keys_re_seals_authenticator_keys_under_the_new_key(world, settings):
    import io

    from cryptography.fernet import Fernet
    from django.core.management import call_command

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    test_keys = list(settings.CASEWORK_FIELD_KEYS)  # other values are under these
    settings.CASEWORK_FIELD_KEYS = [old, *test_keys]
    device = authenticator_app(world.user("manager"))
    secret = device.bin_key
    before = stored_key(device)
    settings.CASEWORK_FIELD_KEYS = [new, old, *test_keys]
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    assert "otp_totp.TOTPDevice.key" in out.getvalue()
    assert stored_key(device) != before
    settings.CASEWORK_FIELD_KEYS = [new, *test_keys]  # the old key can now go
    assert TOTPDevice.objects.get(pk=device.pk).bin_key == secret
