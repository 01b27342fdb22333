"""Sustainment milestones from job spells: the rule, its evidence and its properties."""

import datetime
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from casework.journey.outcomes import JobSpell, OutcomeDefinition, achieved_milestones

D = datetime.date
THIRTEEN_IN_SIXTEEN = OutcomeDefinition(
    key="13",
    label="13 weeks in work",
    weeks_required=13,
    window_weeks=16,
    min_weekly_hours=Decimal(7),
)
TWENTY_SIX = OutcomeDefinition(
    key="26",
    label="26 weeks in work",
    weeks_required=26,
    window_weeks=26,
    min_weekly_hours=Decimal(7),
)
DEFS = [THIRTEEN_IN_SIXTEEN, TWENTY_SIX]


def spell(job, start, days, hours="16"):
    return JobSpell(job, start, start + datetime.timedelta(days=days - 1), Decimal(hours))


def test_thirteen_full_weeks_in_one_job_achieve_it_on_the_last_day():
    result = achieved_milestones([spell("a", D(2026, 1, 5), 91)], DEFS, as_of=D(2026, 12, 1))
    evidence = result["13"]
    assert evidence.achieved_on == D(2026, 4, 5)
    assert evidence.qualifying_weeks[0] == D(2026, 1, 5)
    assert len(evidence.qualifying_weeks) == 13
    assert evidence.job_ids == ("a",)
    assert "26" not in result


def test_one_day_short_is_not_enough():
    result = achieved_milestones([spell("a", D(2026, 1, 5), 90)], DEFS, as_of=D(2026, 12, 1))
    assert result == {}


def test_a_gap_between_jobs_inside_the_window_is_tolerated_and_both_jobs_are_evidence():
    first = spell("a", D(2026, 1, 5), 8 * 7)  # 8 weeks
    second = spell("b", D(2026, 3, 16), 5 * 7)  # 2-week gap, then 5 weeks
    evidence = achieved_milestones([first, second], DEFS, as_of=D(2026, 12, 1))["13"]
    assert evidence.job_ids == ("a", "b")
    assert evidence.achieved_on == D(2026, 4, 19)
    assert evidence.window_ends_on - evidence.window_starts_on == datetime.timedelta(16 * 7 - 1)


def test_a_gap_too_long_for_the_window_is_not_tolerated():
    first = spell("a", D(2026, 1, 5), 8 * 7)
    second = spell("b", D(2026, 4, 6), 5 * 7)  # 5-week gap: 8 + 5 weeks need 18 weeks
    assert achieved_milestones([first, second], DEFS, as_of=D(2026, 12, 1)) == {}


def test_weeks_under_the_minimum_hours_do_not_count_but_two_part_time_jobs_add_up():
    few_hours = spell("a", D(2026, 1, 5), 91, hours="6.5")
    assert achieved_milestones([few_hours], DEFS, as_of=D(2026, 12, 1)) == {}
    other = spell("b", D(2026, 1, 5), 91, hours="1")
    assert "13" in achieved_milestones([few_hours, other], DEFS, as_of=D(2026, 12, 1))


def test_an_open_job_counts_up_to_the_day_asked_about_and_not_beyond():
    open_job = JobSpell("a", D(2026, 1, 5), None, Decimal(30))
    assert achieved_milestones([open_job], DEFS, as_of=D(2026, 4, 4)) == {}
    assert achieved_milestones([open_job], DEFS, as_of=D(2026, 4, 5))["13"].achieved_on == D(
        2026, 4, 5
    )
    both = achieved_milestones([open_job], DEFS, as_of=D(2026, 7, 5))
    assert both["26"].achieved_on == D(2026, 7, 5)


def test_no_spells_no_milestones():
    assert achieved_milestones([], DEFS, as_of=D(2026, 1, 1)) == {}


# ---- properties ------------------------------------------------------------------------------

BASE = D(2025, 1, 1)
AS_OF = D(2027, 1, 1)
spells_strategy = st.builds(
    lambda n, start, length, hours: JobSpell(
        n,
        BASE + datetime.timedelta(days=start),
        BASE + datetime.timedelta(days=start + length),
        Decimal(hours),
    ),
    st.uuids(),
    st.integers(0, 600),
    st.integers(0, 250),
    st.integers(1, 40),
)
definitions_strategy = st.builds(
    lambda required, extra, hours: OutcomeDefinition(
        key="x",
        label="x",
        weeks_required=required,
        window_weeks=required + extra,
        min_weekly_hours=Decimal(hours),
    ),
    st.integers(1, 30),
    st.integers(0, 8),
    st.integers(1, 20),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(spells_strategy, max_size=5), spells_strategy, definitions_strategy)
def test_adding_a_job_spell_never_removes_a_milestone_or_delays_it(spells, extra, definition):
    before = achieved_milestones(spells, [definition], as_of=AS_OF)
    after = achieved_milestones([*spells, extra], [definition], as_of=AS_OF)
    assert set(before) <= set(after)
    for key, evidence in before.items():
        assert after[key].achieved_on <= evidence.achieved_on


@settings(max_examples=150, deadline=None)
@given(spells_strategy, definitions_strategy)
def test_a_spell_shorter_than_the_weeks_required_never_achieves_it_alone(one, definition):
    length = (one.ended_on - one.started_on).days + 1
    result = achieved_milestones([one], [definition], as_of=AS_OF)
    if length < definition.weeks_required * 7:
        assert result == {}
    elif one.hours_per_week >= definition.min_weekly_hours and one.ended_on <= AS_OF:
        assert result["x"].achieved_on == one.started_on + datetime.timedelta(
            days=definition.weeks_required * 7 - 1
        )


@settings(max_examples=100, deadline=None)
@given(st.lists(spells_strategy, min_size=1, max_size=5), definitions_strategy)
def test_the_evidence_weeks_fit_the_window_and_are_covered_by_the_evidence_jobs(spells, definition):
    result = achieved_milestones(spells, [definition], as_of=AS_OF)
    if not result:
        return
    evidence = result["x"]
    assert len(evidence.qualifying_weeks) == definition.weeks_required
    assert evidence.window_starts_on <= evidence.qualifying_weeks[0]
    assert evidence.achieved_on <= min(evidence.window_ends_on, AS_OF)
    used = [s for s in spells if s.job_id in evidence.job_ids]
    for week in evidence.qualifying_weeks:
        for day in range(7):
            date = week + datetime.timedelta(days=day)
            held = sum(
                (s.hours_per_week for s in used if s.started_on <= date <= s.ended_on), Decimal(0)
            )
            assert held >= definition.min_weekly_hours


def _in_work_day_by_day(spells, first, days, minimum):
    """The rule as written: a week from day s is in work when each of its seven days holds
    jobs adding up to at least `minimum` hours (the oracle for the boundary-based count)."""

    def held(day):
        date = first + datetime.timedelta(days=day)
        return sum(
            (
                s.hours_per_week
                for s in spells
                if s.started_on <= date and (s.ended_on is None or date <= s.ended_on)
            ),
            Decimal(0),
        )

    enough = [held(d) >= minimum for d in range(days)]
    return [all(enough[s : s + 7]) for s in range(max(0, days - 6))]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(spells_strategy, min_size=1, max_size=5),
    st.integers(1, 20),
    st.integers(0, 900),
    st.booleans(),
)
# A job of exactly one week (and one of six days), followed by a gap and another job.
@example([spell(1, BASE, 7), spell(2, BASE + datetime.timedelta(days=9), 30)], 7, 60, False)
@example([spell(1, BASE, 6), spell(2, BASE + datetime.timedelta(days=9), 30)], 7, 60, False)
@example([spell(1, BASE, 40, hours="3"), spell(2, BASE, 7, hours="4")], 7, 60, True)
def test_weeks_in_work_from_the_spells_boundaries_are_the_weeks_counted_day_by_day(
    spells, minimum, days, open_last
):
    from casework.journey.outcomes import _in_work_weeks

    if open_last:  # a job still open counts up to the day asked about
        last = spells[-1]
        spells = [*spells[:-1], JobSpell(last.job_id, last.started_on, None, last.hours_per_week)]
    first = min(s.started_on for s in spells)
    assert _in_work_weeks(spells, first, days, Decimal(minimum)) == _in_work_day_by_day(
        spells, first, days, Decimal(minimum)
    )
