"""National Insurance number, postcode and date-of-birth rules, as properties."""

import datetime
import string

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from hypothesis import assume, given
from hypothesis import strategies as st

from casework.participants.validators import (
    normalise_postcode,
    validate_date_of_birth,
    validate_nino,
    validate_postcode,
)

BANNED = set("DFIQUV")
UNALLOCATED = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
ALLOWED_FIRST = sorted(set(string.ascii_uppercase) - BANNED)
ALLOWED_SECOND = sorted(set(string.ascii_uppercase) - BANNED - {"O"})
digits6 = st.text(alphabet=string.digits, min_size=6, max_size=6)
suffix = st.sampled_from("ABCD")


@st.composite
def valid_ninos(draw):
    prefix = draw(st.sampled_from(ALLOWED_FIRST)) + draw(st.sampled_from(ALLOWED_SECOND))
    assume(prefix not in UNALLOCATED)
    return prefix + draw(digits6) + draw(suffix)


def rejects(value, code):
    with pytest.raises(ValidationError) as caught:
        validate_nino(value)
    assert caught.value.code == code, caught.value.messages
    return caught.value.messages[0]


@given(valid_ninos(), st.sampled_from(["{}", "{} ", " {}", "spaced", "lower"]))
def test_every_allocatable_nino_is_accepted_however_it_is_typed(nino, shape):
    if shape == "spaced":
        typed = f"{nino[:2]} {nino[2:4]} {nino[4:6]} {nino[6:8]} {nino[8]}"
    elif shape == "lower":
        typed = nino.lower()
    else:
        typed = shape.format(nino)
    validate_nino(typed)


@given(valid_ninos(), st.sampled_from(sorted(BANNED)), st.integers(0, 1))
def test_a_banned_letter_in_either_prefix_position_is_rejected(nino, letter, position):
    prefix = list(nino[:2])
    prefix[position] = letter
    bad = "".join(prefix) + nino[2:]
    assume(bad[:2] != "QQ")
    message = rejects(bad, "nino_prefix")
    assert "first two letters" in message


@given(st.sampled_from(ALLOWED_FIRST), digits6, suffix)
def test_o_is_never_the_second_letter(first, number, last):
    rejects(f"{first}O{number}{last}", "nino_prefix")


@given(st.sampled_from(sorted(UNALLOCATED)), digits6, suffix)
def test_unallocated_prefixes_are_rejected(prefix, number, last):
    message = rejects(f"{prefix}{number}{last}", "nino_prefix")
    assert prefix in message


@given(
    valid_ninos(),
    st.sampled_from(sorted(set(string.ascii_uppercase + string.digits) - set("ABCD"))),
)
def test_a_suffix_other_than_a_to_d_is_rejected(nino, bad_suffix):
    rejects(nino[:-1] + bad_suffix, "nino_format")


@given(st.text(max_size=12))
def test_anything_not_shaped_like_a_nino_is_rejected_with_the_format_message(text):
    compact = "".join(text.split()).upper()
    assume(not (len(compact) == 9 and compact[:2].isalpha() and compact[2:8].isdigit()))
    message = rejects(text, "nino_format")
    assert "QQ 12 34 56 C" in message


@given(digits6, suffix)
def test_example_qq_numbers_only_where_the_setting_allows(number, last):
    with override_settings(CASEWORK_ALLOW_EXAMPLE_NINOS=True):
        validate_nino(f"QQ{number}{last}")
    with override_settings(CASEWORK_ALLOW_EXAMPLE_NINOS=False):
        message = rejects(f"QQ{number}{last}", "nino_example")
    assert "never given to a person" in message


# Postcodes ---------------------------------------------------------------------------------
AREA_LETTER = "ABCDEFGHIJKLMNOPRSTUWYZ"  # Q, V, X never start a postcode
SECOND_LETTER = "ABCDEFGHKLMNOPQRSTUVWXY"  # I, J, Z never second
INWARD_LETTER = "ABDEFGHJLNPQRSTUWXYZ"  # C, I, K, M, O, V never in the inward code


@st.composite
def valid_postcodes(draw):
    shape = draw(st.sampled_from(["A9", "A99", "AA9", "AA99"]))
    outward = ""
    for i, ch in enumerate(shape):
        if ch == "9":
            outward += draw(st.sampled_from(string.digits))
        else:
            outward += draw(st.sampled_from(AREA_LETTER if i == 0 else SECOND_LETTER))
    inward = (
        draw(st.sampled_from(string.digits))
        + draw(st.sampled_from(INWARD_LETTER))
        + draw(st.sampled_from(INWARD_LETTER))
    )
    return outward, inward


@given(valid_postcodes(), st.sampled_from(["{o} {i}", "{o}{i}", " {o}  {i} ", "lower"]))
def test_real_shaped_postcodes_are_accepted_and_normalised(parts, shape):
    outward, inward = parts
    typed = f"{outward} {inward}".lower() if shape == "lower" else shape.format(o=outward, i=inward)
    validate_postcode(typed)
    assert normalise_postcode(typed) == f"{outward} {inward}"


@given(valid_postcodes(), st.sampled_from("CIKMOV"))
def test_inward_code_letters_that_royal_mail_never_uses_are_rejected(parts, letter):
    outward, inward = parts
    with pytest.raises(ValidationError, match="real UK postcode"):
        validate_postcode(f"{outward} {inward[0]}{letter}{inward[2]}")


@given(valid_postcodes(), st.sampled_from("QVX"))
def test_q_v_and_x_never_start_a_postcode(parts, letter):
    outward, inward = parts
    with pytest.raises(ValidationError):
        validate_postcode(f"{letter}{outward[1:]} {inward}")


@pytest.mark.parametrize(
    "typed", ["", "MK9", "12345", "MK9 3E", "MK9 3EJJ", "M K 9 3 E J X", "SW1A1AAA"]
)
def test_incomplete_or_overlong_postcodes_are_rejected(typed):
    with pytest.raises(ValidationError):
        validate_postcode(typed)


@pytest.mark.parametrize(
    "typed",
    ["SW1A 1AA", "EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "LU1 2BA"],
)
def test_known_real_postcodes_are_accepted(typed):
    validate_postcode(typed)


# Dates of birth ----------------------------------------------------------------------------
@time_machine.travel(datetime.datetime(2026, 11, 23, 12, 0), tick=False)
def test_date_of_birth_rules():
    validate_date_of_birth(datetime.date(2010, 11, 23))  # sixteen today
    with pytest.raises(ValidationError, match="at least 16"):
        validate_date_of_birth(datetime.date(2010, 11, 24))  # sixteen tomorrow
    with pytest.raises(ValidationError, match="in the past"):
        validate_date_of_birth(datetime.date(2026, 11, 24))
    with pytest.raises(ValidationError, match="after 1900"):
        validate_date_of_birth(datetime.date(1899, 12, 31))
