"""Encrypts the authenticator apps' keys stored in clear before issue 9 (see
casework.staff.authenticator_keys); reversible."""

from django.db import migrations

from casework.core import crypto
from casework.staff.authenticator_keys import seal, unseal


def encrypt_keys(apps, schema_editor):
    devices = apps.get_model("otp_totp", "TOTPDevice").objects
    for pk, key in devices.values_list("pk", "key"):
        if key and not crypto.is_compact_token(key):
            devices.filter(pk=pk).update(key=seal(key))


def decrypt_keys(apps, schema_editor):
    devices = apps.get_model("otp_totp", "TOTPDevice").objects
    for pk, key in devices.values_list("pk", "key"):
        if key and crypto.is_compact_token(key):
            devices.filter(pk=pk).update(key=unseal(key).hex())


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0003_training_and_confidentiality"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(encrypt_keys, decrypt_keys)]
