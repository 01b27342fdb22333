"""Sustainment milestones, computed from a participant's job spells. Pure: no database, no clock.

A *week in work* is any seven consecutive days during every one of which the participant held
jobs adding up to at least the definition's weekly hours (two part-time jobs at the same time
add up). A milestone such as "13 weeks of at least 7 hours a week within a 16-week window" is
achieved when some run of 16 consecutive weeks (counted from any day) holds 13 weeks in work;
the weeks need not be consecutive, so gaps between jobs inside the window are tolerated. The
milestone is achieved on the last day of the week that completes it, and the evidence says which
weeks counted and which job spells they came from.

Only paid jobs are spells here; volunteering and work experience are stored apart and never
reach this function.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

WEEK = 7


@dataclass(frozen=True)
class OutcomeDefinition:
    """One sustainment milestone of a programme, e.g. 13 weeks of >= 7 hours within 16 weeks."""

    key: str
    label: str
    weeks_required: int
    window_weeks: int
    min_weekly_hours: Decimal

    def __post_init__(self):
        if self.weeks_required < 1:
            raise ValueError(f"{self.key}: weeks_required must be at least 1")
        if self.window_weeks < self.weeks_required:
            raise ValueError(f"{self.key}: the window cannot be shorter than the weeks required")
        if self.min_weekly_hours <= 0:
            raise ValueError(f"{self.key}: min_weekly_hours must be more than 0")


@dataclass(frozen=True)
class JobSpell:
    job_id: object
    started_on: datetime.date
    ended_on: datetime.date | None  # last day in the job; None while it continues
    hours_per_week: Decimal


def job_spells(jobs) -> list[JobSpell]:
    """The spells of Job records (anything with pk, started_on, ended_on, hours_per_week)."""
    return [JobSpell(j.pk, j.started_on, j.ended_on, j.hours_per_week) for j in jobs]


@dataclass(frozen=True)
class MilestoneEvidence:
    key: str
    label: str
    achieved_on: datetime.date
    window_starts_on: datetime.date
    window_ends_on: datetime.date
    qualifying_weeks: tuple[datetime.date, ...]  # the first day of each week that counted
    job_ids: tuple  # the spells held during those weeks, in start order
    definition: OutcomeDefinition  # as configured when it was judged: the rules can change later

    def as_json(self) -> dict:
        return {
            "window_starts_on": self.window_starts_on.isoformat(),
            "window_ends_on": self.window_ends_on.isoformat(),
            "qualifying_weeks": [d.isoformat() for d in self.qualifying_weeks],
            "job_ids": [str(j) for j in self.job_ids],
            "weeks_required": self.definition.weeks_required,
            "window_weeks": self.definition.window_weeks,
            "min_weekly_hours": str(self.definition.min_weekly_hours),
        }


def _in_work_weeks(spells: Sequence[JobSpell], first: datetime.date, days: int, minimum) -> list:
    """in_work[s] for each day offset s from `first` with a full week before the end: True when
    all seven days from s hold jobs adding up to at least `minimum` hours a week. Worked out from
    the spells' boundaries (a handful), not day by day: between two boundaries the hours held
    are constant, so each stretch of sufficient hours marks its week starts in one slice."""
    bounds = []
    for spell in spells:
        start = (spell.started_on - first).days
        end = days if spell.ended_on is None else min(days, (spell.ended_on - first).days + 1)
        if start < end:
            bounds.append((start, end, spell.hours_per_week))
    points = sorted({0, days, *(b[0] for b in bounds), *(b[1] for b in bounds)})
    in_work = [False] * max(0, days - WEEK + 1)
    run_start = None  # where the current stretch of sufficient hours began
    for x in points[:-1]:  # each stretch runs from x to the next boundary
        held = sum((h for a, b, h in bounds if a <= x < b), Decimal(0))
        if held >= minimum:
            if run_start is None:
                run_start = x
            continue
        if run_start is not None and x - run_start >= WEEK:
            in_work[run_start : x - WEEK + 1] = [True] * (x - WEEK + 1 - run_start)
        run_start = None
    if run_start is not None and days - run_start >= WEEK:
        in_work[run_start : days - WEEK + 1] = [True] * (days - WEEK + 1 - run_start)
    return in_work


def _evidence(
    definition: OutcomeDefinition,
    spells: Sequence[JobSpell],
    first: datetime.date,
    week_starts: list[int],
) -> MilestoneEvidence:
    weeks = [first + datetime.timedelta(days=s) for s in week_starts]
    last_day = weeks[-1] + datetime.timedelta(days=WEEK - 1)
    used = [
        s
        for s in spells
        if any(
            s.started_on <= w + datetime.timedelta(days=WEEK - 1)
            and (s.ended_on is None or s.ended_on >= w)
            for w in weeks
        )
    ]
    return MilestoneEvidence(
        key=definition.key,
        label=definition.label,
        achieved_on=last_day,
        window_starts_on=weeks[0],
        window_ends_on=weeks[0] + datetime.timedelta(days=WEEK * definition.window_weeks - 1),
        qualifying_weeks=tuple(weeks),
        job_ids=tuple(s.job_id for s in sorted(used, key=lambda s: (s.started_on, str(s.job_id)))),
        definition=definition,
    )


def _earliest(definition: OutcomeDefinition, in_work: list[bool]) -> list[int] | None:
    """The week starts (day offsets) of the earliest achievement, or None.

    Weeks starting on days of the same remainder mod 7 tile the calendar; for each remainder, the
    earliest achievement is the first week j whose trailing window of `window_weeks` weeks holds
    `weeks_required` weeks in work (a sliding count)."""
    best: list[int] | None = None
    for offset in range(WEEK):
        starts = list(range(offset, len(in_work), WEEK))
        count = 0
        for j, start in enumerate(starts):
            count += in_work[start]
            if j >= definition.window_weeks:
                count -= in_work[starts[j - definition.window_weeks]]
            if count >= definition.weeks_required:
                window = starts[max(0, j - definition.window_weeks + 1) : j + 1]
                counted = [s for s in window if in_work[s]][-definition.weeks_required :]
                if best is None or counted[-1] < best[-1]:
                    best = counted
                break
    return best


def achieved_milestones(
    spells: Iterable[JobSpell],
    definitions: Iterable[OutcomeDefinition],
    *,
    as_of: datetime.date,
) -> dict[str, MilestoneEvidence]:
    """The milestones achieved by `as_of` (inclusive), keyed by definition key. Days after
    `as_of` do not count; a job still open counts up to `as_of`."""
    spells = [s for s in spells if s.started_on <= as_of and s.hours_per_week > 0]
    if not spells:
        return {}
    first = min(s.started_on for s in spells)
    days = (as_of - first).days + 1
    achieved = {}
    for definition in definitions:
        # in_work[s]: the seven days from s are all in work (a full week before as_of).
        in_work = _in_work_weeks(spells, first, days, definition.min_weekly_hours)
        week_starts = _earliest(definition, in_work)
        if week_starts is not None:
            achieved[definition.key] = _evidence(definition, spells, first, week_starts)
    return achieved
