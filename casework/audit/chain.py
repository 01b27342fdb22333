"""The hash chain. Each event's hash is HMAC-SHA256, under CASEWORK_AUDIT_KEY (from settings,
never stored in the database), of a canonical serialisation of its fields, which includes the
previous event's hash. Changing, removing or reordering any event breaks every later link.

The serialisation joins the fields' text with SEPARATOR (the ASCII unit separator). The writer
never stores that character (`clean_text`), so an intact event has exactly len(CHAINED_FIELDS)
- 1 separators: fields cannot be shifted across the boundaries without changing the text. On
PostgreSQL, `audit verify` has the database build the same text (CANONICAL_SQL), which is several
times faster than converting every column to Python; a test holds the two equal."""

import datetime
import hashlib
import hmac
import json
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENESIS_HASH = "0" * 64
SEPARATOR = "\x1f"
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)

# The order of the fields in the serialisation.
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

# The same serialisation, computed by PostgreSQL from the stored row. Lists are JSON text: for
# the lists the writer stores (UUIDs, field names) json.dumps and jsonb's text output agree.
# The fields between `sequence` and `previous_hash`: what an event holds before it is sealed.
SEALED_FIELDS = CHAINED_FIELDS[1:-1]
_CONTENT_SQL = (
    "(extract(epoch FROM occurred_at) * 1000000)::bigint::text",
    "coalesce(actor_id::text, '')",
    "actor_label",
    "action",
    "coalesce(participant_id::text, '')",
    "participant_ids::text",
    "purpose",
    "changed_fields::text",
    "source_ip",
    "user_agent",
)
CANONICAL_CONTENT_SQL = ", ".join(_CONTENT_SQL)
CANONICAL_SQL = f"concat_ws(E'\\x1f', sequence::text, {CANONICAL_CONTENT_SQL}, previous_hash)"
# The same text, but NULL when any field is NULL: concat_ws skips a NULL field, which would let
# the other fields' text shift across the separators. Where it is not NULL it is equal to
# CANONICAL_SQL's, and one that matches its HMAC splits at its 11 separators into exactly the
# stored fields (`audit verify` relies on that). (actor_id and participant_id are coalesced to
# '', digits and UUIDs only, never a separator.)
_NULLABLE = ("actor_id", "participant_id")
CANONICAL_STRICT_SQL = (
    f"CASE WHEN num_nulls({', '.join(f for f in CHAINED_FIELDS if f not in _NULLABLE)}) = 0 "
    f"THEN {CANONICAL_SQL} END"
)


def audit_key() -> bytes:
    key = getattr(settings, "CASEWORK_AUDIT_KEY", "")
    if not key:
        raise ImproperlyConfigured("CASEWORK_AUDIT_KEY is not set: audit events cannot be written.")
    return key.encode("utf-8")


def clean_text(value: str, max_length: int) -> str:
    """Free text as stored in an event: printable characters only (so never SEPARATOR)."""
    return "".join(c for c in str(value or "") if c.isprintable())[:max_length]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return json.dumps(list(value))
    if isinstance(value, datetime.datetime):
        return str((value - _EPOCH) // _MICROSECOND)
    return str(value)


def canonical(values: Iterable) -> str:
    """Serialise one event's CHAINED_FIELDS values, in that order."""
    return SEPARATOR.join(_text(value) for value in values)


def hasher(key: bytes):
    """A keyed HMAC to `.copy()` per event: cheaper than re-keying for each one."""
    return hmac.new(key, digestmod=hashlib.sha256)


# HMAC-SHA256 (RFC 2104) as two SHA-256 states keyed once: H(key ^ opad, H(key ^ ipad, message)).
_IPAD = bytes(byte ^ 0x36 for byte in range(256))
_OPAD = bytes(byte ^ 0x5C for byte in range(256))


def hmac_pads(key: bytes) -> tuple:
    """The inner and outer SHA-256 states of HMAC-SHA256 under `key`, for `hex_macs`."""
    if len(key) > hashlib.sha256().block_size:
        key = hashlib.sha256(key).digest()
    key = key.ljust(hashlib.sha256().block_size, b"\0")
    return hashlib.sha256(key.translate(_IPAD)), hashlib.sha256(key.translate(_OPAD))


def hex_macs(pads: tuple, messages: Iterable[bytes]) -> list[str]:
    """The HMAC-SHA256 hex digest of each message, as `event_hash` computes it: the keyed states
    copied per message, with no Python-level wrapper between (a third less time than
    `hmac.HMAC.copy`, which `audit verify` spends most of its time in)."""
    inner, outer = pads[0].copy, pads[1].copy
    return [
        (o := outer()).update((i := inner()).update(message) or i.digest()) or o.hexdigest()
        for message in messages
    ]


def sealed_text(sequence: int, content: str, previous_hash: str) -> str:
    """The canonical text of an event from its position, the canonical text of SEALED_FIELDS
    (`canonical` of them, or CANONICAL_CONTENT_SQL from the database) and the previous hash."""
    return f"{sequence}{SEPARATOR}{content}{SEPARATOR}{previous_hash}"


def event_hash(key: bytes, values: Iterable) -> str:
    return hmac.digest(key, canonical(values).encode("utf-8"), hashlib.sha256).hex()
