"""The statutory clock of a rights request (UK GDPR Art 12(3) and Art 12A, as the Data (Use and
Access) Act 2025 made it, and the ICO's guidance on counting a month).

- The month runs from the day of receipt, whether or not it is a working day, to the matching
  date of the next month; where the next month has no such date, to that month's last day
  (31 January → 28 or 29 February).
- A deadline on a Saturday, a Sunday or a bank holiday in England and Wales moves to the next
  working day. The holidays come from the maintained `holidays` package, not a typed-in list.
- While the controller waits for the requester's identity or a fee, the clock has not started:
  the month runs from the day the last of them arrives (Art 12A: "the latest of" receipt of the
  request, of the identity confirmation and of the fee).
- While the controller waits for clarification of a request, the clock stops: each day waited
  (the day asked up to the day before the answer came) is added to the deadline.
- One extension by two further months for a complex request, or numerous requests, counted
  from the same start; the person must be told within the first month, so it can be decided only
  on or before the unextended deadline.

Dates only: the clock counts whole days (docs/decisions/0130-statutory-clock.md).
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import holidays


class PauseReason(StrEnum):
    IDENTITY = "identity"
    FEE = "fee"
    CLARIFICATION = "clarification"

    @property
    def label(self) -> str:
        return {
            PauseReason.IDENTITY: "Waiting for proof of identity",
            PauseReason.FEE: "Waiting for a fee",
            PauseReason.CLARIFICATION: "Waiting for the request to be clarified",
        }[self]

    @property
    def delays_start(self) -> bool:
        """Identity and fee: the month runs from their arrival. Clarification stops the clock."""
        return self is not PauseReason.CLARIFICATION


@dataclass(frozen=True)
class Pause:
    """Waiting for the requester, from `started_on` (the day the controller asked) until
    `ended_on` (the day the answer arrived), or still waiting when `ended_on` is None."""

    reason: PauseReason
    started_on: datetime.date
    ended_on: datetime.date | None = None

    def __post_init__(self):
        if self.ended_on is not None and self.ended_on < self.started_on:
            raise ValueError("a pause cannot end before it starts")

    @property
    def open(self) -> bool:
        return self.ended_on is None


class ClockError(ValueError):
    """A clock that cannot be worked out as asked, with a message for the person asking."""


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The matching date `months` later, or that month's last day where it has none."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    # England and Wales share their bank holidays; the union keeps that true if they ever differ.
    days: set[datetime.date] = set()
    for subdiv in ("ENG", "WLS"):
        days.update(holidays.country_holidays("GB", subdiv=subdiv, years=year))
    return frozenset(days)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _checked(received_on: datetime.date, pauses: Iterable[Pause]) -> list[Pause]:
    pauses = sorted(pauses, key=lambda p: p.started_on)
    for pause in pauses:
        if pause.started_on < received_on:
            raise ClockError(
                f"{pause.reason.label.lower()} cannot start on {pause.started_on:%-d %B %Y}, "
                f"before the request was received on {received_on:%-d %B %Y}"
            )
    for earlier, later in zip(pauses, pauses[1:], strict=False):
        if earlier.ended_on is None or later.started_on < earlier.ended_on:
            raise ClockError("pauses cannot overlap: end one before starting the next")
    return pauses


def clock_starts_on(
    received_on: datetime.date, pauses: Iterable[Pause] = ()
) -> datetime.date | None:
    """The day the month starts: receipt, or the arrival of the identity or fee waited for,
    whichever is latest; None while one of those is still awaited."""
    start = received_on
    for pause in _checked(received_on, pauses):
        if pause.reason.delays_start:
            if pause.open:
                return None
            start = max(start, pause.ended_on)
    return start


def days_stopped(received_on: datetime.date, pauses: Iterable[Pause] = ()) -> int:
    """Days the clock stood still waiting for clarification, after it had started."""
    pauses = _checked(received_on, pauses)
    start = clock_starts_on(received_on, pauses)
    if start is None:
        return 0
    stopped = 0
    for pause in pauses:
        if pause.reason is PauseReason.CLARIFICATION and pause.ended_on is not None:
            stopped += max(0, (pause.ended_on - max(pause.started_on, start)).days)
    return stopped


def response_due(
    received_on: datetime.date, *, pauses: Iterable[Pause] = (), extended: bool = False
) -> datetime.date | None:
    """The last day to respond, or None while the clock is paused (it has no deadline until the
    requester answers)."""
    pauses = _checked(received_on, pauses)
    if any(p.open for p in pauses):
        return None
    start = clock_starts_on(received_on, pauses)
    due = add_months(start, 3 if extended else 1)
    return next_working_day(due + datetime.timedelta(days=days_stopped(received_on, pauses)))


def check_extension(
    received_on: datetime.date, *, decided_on: datetime.date, pauses: Iterable[Pause] = ()
) -> None:
    """Raises ClockError unless an extension decided (and told to the person) on `decided_on`
    falls within the first month."""
    if decided_on < received_on:
        raise ClockError("an extension cannot be decided before the request was received")
    first_month_ends = response_due(received_on, pauses=pauses)  # None: paused, month not over
    if first_month_ends is not None and decided_on > first_month_ends:
        raise ClockError(
            "the person must be told of an extension within the first month, which ended on "
            f"{first_month_ends:%-d %B %Y}"
        )
