"""The hash chain. Each event's hash is HMAC-SHA256, under CASEWORK_AUDIT_KEY (from settings,
never stored in the database), of a canonical serialisation of its fields, which includes the
previous event's hash. Changing, removing or reordering any event breaks every later link.

The serialisation is length-prefixed (`<length>:<text>` per field), so no choice of field
contents can make two different events serialise alike."""

import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENESIS_HASH = "0" * 64

# The order of the fields in the serialisation; also the column order verify reads.
CHAINED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "participant_id",
    "participant_ids",
    "purpose",
    "changed_fields",
    "source_ip",
    "user_agent",
    "previous_hash",
)


def audit_key() -> bytes:
    key = getattr(settings, "CASEWORK_AUDIT_KEY", "")
    if not key:
        raise ImproperlyConfigured("CASEWORK_AUDIT_KEY is not set: audit events cannot be written.")
    return key.encode("utf-8")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\x1e".join(str(item) for item in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def canonical(values: Iterable) -> bytes:
    """Serialise one event's CHAINED_FIELDS values, in that order."""
    parts = []
    for value in values:
        text = _text(value)
        parts.append(f"{len(text)}:{text}")
    return "".join(parts).encode("utf-8")


def event_hash(key: bytes, values: Iterable) -> str:
    return hmac.digest(key, canonical(values), hashlib.sha256).hex()
