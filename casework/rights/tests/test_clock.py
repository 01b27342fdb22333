"""The statutory clock of a rights request: the ICO's own examples, then properties over dates."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.rights.clock import (
    ClockError,
    Pause,
    PauseReason,
    add_months,
    check_extension,
    clock_starts_on,
    is_working_day,
    next_working_day,
    response_due,
)

D = datetime.date


@pytest.mark.parametrize(
    ("received", "due", "why"),
    [
        # The ICO's examples ("How long do we have to comply?").
        (D(2024, 9, 3), D(2024, 10, 3), "the matching date next month"),
        (D(2023, 1, 31), D(2023, 2, 28), "no 31 February: the month's last day"),
        (D(2024, 1, 31), D(2024, 2, 29), "a leap year's last day of February"),
        (D(2025, 3, 31), D(2025, 4, 30), "no 31 April"),
        (D(2027, 4, 1), D(2027, 5, 4), "1 May 2027 is a Saturday and 3 May a bank holiday"),
        # Weekends and bank holidays in England and Wales.
        (D(2026, 11, 25), D(2026, 12, 29), "Christmas on Friday, Boxing Day observed on Monday"),
        (D(2026, 3, 3), D(2026, 4, 7), "Good Friday to Easter Monday"),
        (D(2026, 10, 31), D(2026, 11, 30), "received on a Saturday: the month still runs"),
    ],
)
def test_the_month_as_the_ico_counts_it(received, due, why):
    assert response_due(received) == due, why


def test_waiting_for_identity_starts_the_month_when_it_arrives():
    pause = Pause(PauseReason.IDENTITY, D(2023, 1, 31), D(2023, 3, 1))
    assert clock_starts_on(D(2023, 1, 31), [pause]) == D(2023, 3, 1)
    assert response_due(D(2023, 1, 31), pauses=[pause]) == D(2023, 4, 3)  # 1 April is a Saturday


def test_waiting_for_clarification_stops_the_clock_for_the_days_waited():
    pause = Pause(PauseReason.CLARIFICATION, D(2024, 9, 10), D(2024, 9, 20))
    assert response_due(D(2024, 9, 3), pauses=[pause]) == D(2024, 10, 14)  # 13th is a Sunday


def test_an_open_pause_has_no_deadline_and_the_clock_resumes_when_it_closes():
    waiting = Pause(PauseReason.IDENTITY, D(2024, 9, 3))
    assert response_due(D(2024, 9, 3), pauses=[waiting]) is None
    answered = Pause(PauseReason.IDENTITY, D(2024, 9, 3), D(2024, 9, 9))
    assert response_due(D(2024, 9, 3), pauses=[answered]) == D(2024, 10, 9)


def test_an_extension_adds_two_further_months_and_only_within_the_first():
    assert response_due(D(2024, 9, 3), extended=True) == D(2024, 12, 3)
    check_extension(D(2024, 9, 3), decided_on=D(2024, 10, 3))
    with pytest.raises(ClockError, match="within the first month, which ended on 3 October 2024"):
        check_extension(D(2024, 9, 3), decided_on=D(2024, 10, 4))


def test_impossible_pauses_are_refused_with_a_reason():
    with pytest.raises(ClockError, match="before the request was received"):
        response_due(D(2024, 9, 3), pauses=[Pause(PauseReason.FEE, D(2024, 9, 1), D(2024, 9, 5))])
    with pytest.raises(ClockError, match="cannot overlap"):
        response_due(
            D(2024, 9, 3),
            pauses=[
                Pause(PauseReason.IDENTITY, D(2024, 9, 3), D(2024, 9, 10)),
                Pause(PauseReason.CLARIFICATION, D(2024, 9, 8), D(2024, 9, 12)),
            ],
        )
    with pytest.raises(ValueError, match="cannot end before it starts"):
        Pause(PauseReason.FEE, D(2024, 9, 5), D(2024, 9, 4))


days = st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31))


@given(days)
def test_the_deadline_is_a_working_day_about_a_month_on(received):
    due = response_due(received)
    assert is_working_day(due)
    # 28 days (a February) at the least; 31 days and a bank holiday weekend at the most.
    assert 28 <= (due - received).days <= 35
    # Never later than it need be: every day between the matching date and the deadline is a
    # weekend or a bank holiday.
    matching = add_months(received, 1)
    assert next_working_day(matching) == due


@given(days, days)
def test_a_later_request_is_never_due_earlier(first, second):
    first, second = sorted((first, second))
    assert response_due(first) <= response_due(second)


@given(days, st.integers(0, 60), st.integers(0, 60))
def test_waiting_only_ever_moves_the_deadline_later(received, asked_after, waited):
    for reason in PauseReason:
        start = received + datetime.timedelta(days=asked_after)
        pause = Pause(reason, start, start + datetime.timedelta(days=waited))
        assert response_due(received, pauses=[pause]) >= response_due(received)


@given(days)
def test_an_extended_deadline_is_about_three_months_on(received):
    extended = response_due(received, extended=True)
    assert extended >= response_due(received)
    assert 89 <= (extended - received).days <= 96
    assert is_working_day(extended)
