"""When a scheduled job runs. Each kind answers two questions about a moment `now`: the latest
slot at or before it (the run that is due) and the first slot after it (the next run).

A slot is a point in time computed only from the rule and the clock, so every worker computes
the same slot for the same moment: that is what lets the database refuse a second claim of it.
Daily times are local (settings.TIME_ZONE, Europe/London); slots are stored in UTC.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

UTC = datetime.UTC


def _local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _aware(now: datetime.datetime) -> datetime.datetime:
    if now.tzinfo is None:
        raise ValueError("A scheduled job's clock must be timezone-aware.")
    return now.astimezone(UTC)


@dataclass(frozen=True)
class EveryMinutes:
    """Every N minutes, on multiples of N minutes since midnight UTC (N divides a day)."""

    minutes: int

    def __post_init__(self):
        if self.minutes < 1 or (24 * 60) % self.minutes:
            raise ValueError("Every N minutes needs an N that divides a day (1, 5, 15, 30...).")

    def latest_slot(self, now: datetime.datetime) -> datetime.datetime:
        now = _aware(now)
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        elapsed = (now - midnight) // datetime.timedelta(minutes=self.minutes)
        return midnight + elapsed * datetime.timedelta(minutes=self.minutes)

    def next_slot(self, now: datetime.datetime) -> datetime.datetime:
        return self.latest_slot(now) + datetime.timedelta(minutes=self.minutes)

    def describe(self) -> str:
        return f"Every {self.minutes} minutes" if self.minutes > 1 else "Every minute"


@dataclass(frozen=True)
class Hourly:
    """Every hour, at `minute` past."""

    minute: int = 0

    def __post_init__(self):
        if not 0 <= self.minute < 60:
            raise ValueError("Hourly needs a minute from 0 to 59.")

    def latest_slot(self, now: datetime.datetime) -> datetime.datetime:
        now = _aware(now)
        slot = now.replace(minute=self.minute, second=0, microsecond=0)
        return slot if slot <= now else slot - datetime.timedelta(hours=1)

    def next_slot(self, now: datetime.datetime) -> datetime.datetime:
        return self.latest_slot(now) + datetime.timedelta(hours=1)

    def describe(self) -> str:
        if self.minute == 0:
            return "Every hour, on the hour"
        return f"Every hour, at {self.minute} minutes past"


@dataclass(frozen=True)
class Daily:
    """Once a day at a local time of day (nightly for a time before 06:00)."""

    at: datetime.time

    def _slot_on(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, self.at, tzinfo=_local_zone()).astimezone(UTC)

    def latest_slot(self, now: datetime.datetime) -> datetime.datetime:
        today = _aware(now).astimezone(_local_zone()).date()
        slot = self._slot_on(today)
        return slot if slot <= now else self._slot_on(today - datetime.timedelta(days=1))

    def next_slot(self, now: datetime.datetime) -> datetime.datetime:
        today = _aware(now).astimezone(_local_zone()).date()
        slot = self._slot_on(today)
        return slot if slot > now else self._slot_on(today + datetime.timedelta(days=1))

    def describe(self) -> str:
        when = "Every night" if self.at.hour < 6 else "Every day"
        return f"{when} at {self.at:%H:%M}"


Timing = EveryMinutes | Hourly | Daily
