"""System checks: Casework refuses to start with keys it cannot use."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

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


@register()
def stored_data_decrypts(app_configs, **kwargs):
    """The configured keys must read what is already stored: the canary planted at the first
    migration. A wrong or missing key stops start-up here instead of failing on every page."""
    from casework.core.models import CANARY_TEXT, EncryptionCanary

    try:
        stored = EncryptionCanary.objects.filter(pk=1).values_list("value", flat=True).first()
    except crypto.DecryptionError:
        stored = None
    except (DatabaseError, ImproperlyConfigured):
        return []  # not migrated yet, or no key at all (reported by casework.E001)
    else:
        if stored is None or stored == CANARY_TEXT:
            return []
    return [
        Error(
            "The configured CASEWORK_FIELD_KEYS cannot decrypt data already stored in this "
            "database: the encryption key is wrong or missing. Casework will not start.",
            hint=(
                "Restore the key the data was encrypted with (production: the "
                "CASEWORK_FIELD_KEYS environment variable; locally: var/local-keys.json). When "
                "rotating, list the new key first and keep the old one until "
                "`manage.py rotate_keys` has finished."
            ),
            id="casework.E003",
        )
    ]


def require_usable_keys() -> None:
    """For start-up outside manage.py (WSGI): raise instead of serving garbage."""
    errors = encryption_keys_usable(None) + stored_data_decrypts(None)
    if errors:
        raise ImproperlyConfigured("; ".join(f"{e.id}: {e.msg}" for e in errors))
