"""Validation of the participant record's identifiers. Messages follow the GOV.UK Design System
error-message style: say what is wrong and how to fix it."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.core.crypto import blind_index

# HMRC NIM39110: neither prefix letter may be D, F, I, Q, U or V; the second may not be O;
# these prefixes are not allocated. The suffix is A, B, C or D.
_BANNED_PREFIX_LETTERS = set("DFIQUV")
_UNALLOCATED_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
EXAMPLE_NINO_PREFIX = "QQ"
_NINO_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{6}[A-D]$")

NINO_FORMAT_MESSAGE = "Enter a National Insurance number in the correct format, like QQ 12 34 56 C"


def normalise_nino(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


NINO_INDEX_PURPOSE = "participant.nino"


def nino_index_for(nino: str) -> str:
    """The keyed hash that finds a participant by National Insurance number without decrypting
    (searches, duplicate checks, referrals)."""
    return blind_index(normalise_nino(nino), purpose=NINO_INDEX_PURPOSE) if nino else ""


def validate_nino(value: str) -> None:
    nino = normalise_nino(value)
    if not _NINO_SHAPE.match(nino):
        raise ValidationError(NINO_FORMAT_MESSAGE, code="nino_format")
    prefix = nino[:2]
    if prefix == EXAMPLE_NINO_PREFIX:
        if settings.CASEWORK_ALLOW_EXAMPLE_NINOS:
            return
        raise ValidationError(
            "QQ is an example prefix that is never given to a person: "
            "enter the participant's own National Insurance number",
            code="nino_example",
        )
    first, second = prefix
    if first in _BANNED_PREFIX_LETTERS or second in _BANNED_PREFIX_LETTERS or second == "O":
        raise ValidationError(
            f"{prefix} cannot start a National Insurance number: check the first two letters",
            code="nino_prefix",
        )
    if prefix in _UNALLOCATED_PREFIXES:
        raise ValidationError(
            f"{prefix} is not a prefix HMRC gives to National Insurance numbers: "
            "check the first two letters",
            code="nino_prefix",
        )


# Royal Mail postcode format (BS 7666): outward code, then inward code (digit + two letters).
_POSTCODE = re.compile(
    r"^(?:"
    r"[A-PR-UWYZ][0-9]{1,2}"
    r"|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]"
    r") ?[0-9][ABD-HJLNP-UW-Z]{2}$"
)


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def is_postcode(value: str) -> bool:
    return bool(_POSTCODE.match(normalise_postcode(value)))


def validate_postcode(value: str) -> None:
    if not _POSTCODE.match(normalise_postcode(value)):
        raise ValidationError("Enter a real UK postcode, like MK9 3EJ", code="postcode")


MINIMUM_AGE = 16


def age_on(date_of_birth: datetime.date, on: datetime.date) -> int:
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def validate_date_of_birth(value: datetime.date) -> None:
    today = timezone.localdate()
    if value > today:
        raise ValidationError("Date of birth must be in the past", code="dob_future")
    if age_on(value, today) < MINIMUM_AGE:
        raise ValidationError(
            f"The participant must be at least {MINIMUM_AGE}: check the date of birth",
            code="dob_too_young",
        )
    if value.year < 1900:
        raise ValidationError("Date of birth must be after 1900", code="dob_too_old")
