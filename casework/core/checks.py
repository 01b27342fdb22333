"""System checks: Casework refuses to start with keys it cannot use."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from casework.core import crypto


@register()
def encryption_keys_usable(app_configs, **kwargs):
    errors = []
    try:
        crypto.decrypt(crypto.encrypt("casework key check"))
    except (ImproperlyConfigured, crypto.DecryptionError, AttributeError) as exc:
        errors.append(Error(f"Field encryption is not usable: {exc}", id="casework.E001"))
    if not getattr(settings, "CASEWORK_BLIND_INDEX_KEY", ""):
        errors.append(Error("CASEWORK_BLIND_INDEX_KEY is not set.", id="casework.E002"))
    return errors
