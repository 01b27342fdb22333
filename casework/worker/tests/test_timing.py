"""When each kind of schedule is due: the latest slot at a moment and the next one after it,
in local time for daily jobs (across the clock changes)."""

import datetime

import pytest

from casework.worker.timing import Daily, EveryMinutes, Hourly

UTC = datetime.UTC


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def test_hourly_slots_are_on_the_hour_and_a_slot_is_due_from_its_first_second():
    hourly = Hourly()
    assert hourly.latest_slot(at(2026, 3, 2, 10, 59, 59)) == at(2026, 3, 2, 10)
    assert hourly.latest_slot(at(2026, 3, 2, 11)) == at(2026, 3, 2, 11)
    assert hourly.next_slot(at(2026, 3, 2, 11)) == at(2026, 3, 2, 12)
    assert Hourly(minute=15).latest_slot(at(2026, 3, 2, 11, 10)) == at(2026, 3, 2, 10, 15)
    assert Hourly().describe() == "Every hour, on the hour"


def test_a_nightly_job_runs_at_local_time_in_winter_and_in_summer():
    nightly = Daily(at=datetime.time(2, 0))
    # GMT in January: 02:00 local is 02:00 UTC; BST in July: 02:00 local is 01:00 UTC.
    assert nightly.latest_slot(at(2026, 1, 15, 12)) == at(2026, 1, 15, 2)
    assert nightly.latest_slot(at(2026, 7, 15, 12)) == at(2026, 7, 15, 1)
    assert nightly.latest_slot(at(2026, 7, 15, 0, 30)) == at(2026, 7, 14, 1)
    assert nightly.next_slot(at(2026, 7, 15, 0, 30)) == at(2026, 7, 15, 1)
    assert nightly.describe() == "Every night at 02:00"
    assert Daily(at=datetime.time(9, 30)).describe() == "Every day at 09:30"


def test_on_the_nights_the_clocks_change_the_nightly_slot_comes_once_at_local_two():
    nightly = Daily(at=datetime.time(2, 0))
    # 29 March 2026: 01:00 GMT becomes 02:00 BST; 25 October 2026: 02:00 BST becomes 01:00 GMT.
    for night, expected in (
        (datetime.date(2026, 3, 29), at(2026, 3, 29, 1)),
        (datetime.date(2026, 10, 25), at(2026, 10, 25, 2)),
    ):
        start = at(night.year, night.month, night.day, 0)
        slots = {
            nightly.latest_slot(start + datetime.timedelta(minutes=m)) for m in range(0, 1440, 7)
        }
        assert slots == {nightly.latest_slot(start), expected}
        assert nightly.latest_slot(start) < expected


def test_every_n_minutes_counts_from_midnight():
    quarter = EveryMinutes(15)
    assert quarter.latest_slot(at(2026, 3, 2, 10, 44)) == at(2026, 3, 2, 10, 30)
    assert quarter.next_slot(at(2026, 3, 2, 10, 44)) == at(2026, 3, 2, 10, 45)
    assert quarter.describe() == "Every 15 minutes"
    with pytest.raises(ValueError, match="divides a day"):
        EveryMinutes(7)


def test_a_naive_clock_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        Hourly().latest_slot(datetime.datetime(2026, 3, 2, 10))  # noqa: DTZ001
