"""Retention periods end on the dates the programme's rules give: 6 years after the programme
ends, on a fixed date, 6 years after the participant leaves (their exit date, set by the exit
service and cleared when they re-engage), or so long after a record is made."""

import datetime

import pytest
import time_machine

from casework.participants import services as participant_services
from casework.participants.models import Status
from casework.register.config import RetentionRule
from casework.register.retention import participant_retention_ends_on, retention_ends_on

pytestmark = pytest.mark.django_db

SIX_YEARS_AFTER_EXIT = RetentionRule(
    record_type="participant", anchor="participant_exit", years=6, action="delete"
)


def test_each_anchor_gives_its_date():
    dates = {"programme_ends_on": datetime.date(2030, 3, 31)}
    rule = RetentionRule(
        record_type="participant", anchor="programme_end", years=6, action="anonymise"
    )
    assert retention_ends_on(rule, **dates) == datetime.date(2036, 3, 31)
    fixed = RetentionRule(
        record_type="participant", anchor="fixed_date", date="2032-03-31", action="delete"
    )
    assert retention_ends_on(fixed, **dates) == datetime.date(2032, 3, 31)
    three_years = RetentionRule(
        record_type="participant", anchor="record_creation", years=3, action="delete"
    )
    assert retention_ends_on(
        three_years, **dates, created_on=datetime.date(2028, 2, 29)
    ) == datetime.date(2031, 2, 28)
    assert retention_ends_on(SIX_YEARS_AFTER_EXIT, **dates) is None  # not left yet


def test_the_exit_date_starts_the_clock_and_re_engaging_stops_it(world, participant_a):
    specialist = world.user("specialist_a")
    with time_machine.travel(datetime.datetime(2026, 11, 23, 12, 0), tick=False):
        participant_services.change_status(
            actor=specialist,
            participant=participant_a,
            to=Status.ENROLLED,
            on=datetime.date(2026, 1, 5),
        )
        assert participant_retention_ends_on(SIX_YEARS_AFTER_EXIT, participant_a) is None
        participant_services.exit_participant(
            actor=specialist,
            participant=participant_a,
            reason="completed",
            on=datetime.date(2026, 9, 30),
        )
        assert participant_retention_ends_on(SIX_YEARS_AFTER_EXIT, participant_a) == (
            datetime.date(2032, 9, 30)
        )
        participant_services.re_engage_participant(
            actor=specialist, participant=participant_a, on=datetime.date(2026, 11, 2)
        )
        assert participant_retention_ends_on(SIX_YEARS_AFTER_EXIT, participant_a) is None
        participant_services.exit_participant(
            actor=specialist, participant=participant_a, reason="moved_away"
        )
        assert participant_retention_ends_on(SIX_YEARS_AFTER_EXIT, participant_a) == (
            datetime.date(2032, 11, 23)
        )


def test_whichever_is_later_is_the_latest_period_and_the_notice_says_so():
    from pydantic import ValidationError

    from casework.register.notice import retention_text

    rule = RetentionRule(
        record_type="participant",
        anchor="participant_exit",
        years=6,
        action="delete",
        or_later=[{"anchor": "fixed_date", "date": "2032-06-30"}],
    )
    dates = {"programme_ends_on": datetime.date(2030, 3, 31)}
    assert retention_ends_on(rule, **dates) is None  # not left yet: the later is unknown
    left_early = retention_ends_on(rule, **dates, exited_on=datetime.date(2025, 1, 10))
    left_late = retention_ends_on(rule, **dates, exited_on=datetime.date(2027, 5, 4))
    assert (left_early, left_late) == (datetime.date(2032, 6, 30), datetime.date(2033, 5, 4))

    class Config:
        ends_on = datetime.date(2030, 3, 31)

    assert retention_text(rule, Config()) == (
        "Participant records: kept for 6 years after you leave the programme, or until "
        "30 June 2032, whichever is later, then securely deleted."
    )
    with pytest.raises(ValidationError, match="not from each record's creation"):
        RetentionRule(
            record_type="participant",
            anchor="participant_exit",
            action="delete",
            or_later=[{"anchor": "record_creation", "years": 3}],
        )
