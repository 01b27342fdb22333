"""Outcome definitions and job limits come from the programme configuration (programmes/*.yaml,
`outcomes:`): two programmes with different windows judge the same jobs differently, and a
republished register changes the rules without a code change."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from casework.journey import services
from casework.journey.programme_rules import DEFAULT_RULES, rules_for
from casework.register.config import ConfigError, load_config
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db

# Seven weeks in work, a gap of eight weeks, then six more weeks: 13 weeks in work, 21 weeks
# from the first day to the last.
FIRST_JOB = (datetime.date(2026, 1, 19), datetime.date(2026, 3, 8))
SECOND_JOB = (datetime.date(2026, 5, 4), datetime.date(2026, 6, 14))


def two_jobs(world, participant):
    actor = world.user("specialist_a")
    for started_on, ended_on in (FIRST_JOB, SECOND_JOB):
        job = services.record_job_start(
            actor=actor,
            participant=participant,
            employer="Northampton Foods",
            job_title="Packer",
            employment_type="employed",
            hours_per_week=Decimal("16"),
            hourly_pay=Decimal("12.21"),
            started_on=started_on,
        )
        services.record_job_end(
            actor=actor, job=job, ended_on=ended_on, end_reason="contract_ended"
        )


def outcomes(window_weeks, **more):
    return {
        "sustainment": [
            {
                "key": "sustained_13_weeks",
                "label": "13 weeks in work",
                "weeks_required": 13,
                "window_weeks": window_weeks,
                "min_weekly_hours": "7",
            }
        ],
        **more,
    }


def test_a_programme_without_a_register_uses_the_defaults(world):
    assert rules_for(world.programme) == DEFAULT_RULES


def test_the_yaml_files_give_each_programme_its_own_window(settings):
    south = load_config(settings.CASEWORK_PROGRAMMES_DIR / "south-midlands.yaml").outcomes
    kent = load_config(settings.CASEWORK_PROGRAMMES_DIR / "kent-and-medway.yaml").outcomes
    assert [(d.key, d.weeks_required, d.window_weeks) for d in south.sustainment] == [
        ("sustained_13_weeks", 13, 16),
        ("sustained_26_weeks", 26, 30),
    ]
    assert kent.sustainment[0].window_weeks == 26


def test_the_same_jobs_reach_13_weeks_in_a_26_week_window_but_not_in_16(world, enrolled_a, today):
    publish_register(world.programme, "south-midlands.yaml")
    two_jobs(world, enrolled_a)
    assert "sustained_13_weeks" not in services.milestones_achieved_by(enrolled_a, as_of=today)
    with pytest.raises(ValidationError) as refused:
        services.record_milestone(
            actor=world.user("specialist_a"),
            participant=enrolled_a,
            outcome_key="sustained_13_weeks",
        )
    assert "do not yet reach 13 weeks in work" in str(refused.value)

    publish_register(world.programme, "kent-and-medway.yaml")
    milestone = services.record_milestone(
        actor=world.user("specialist_a"), participant=enrolled_a, outcome_key="sustained_13_weeks"
    )
    assert milestone.achieved_on == datetime.date(2026, 6, 14)
    assert milestone.evidence["window_weeks"] == 26


def test_job_limits_follow_the_programme(world, enrolled_a, today):
    publish_register(
        world.programme,
        outcomes=outcomes(16, job_limits={"max_hours_per_week": "48", "max_days_ahead": 7}),
    )
    with pytest.raises(ValidationError) as refused:
        services.record_job_start(
            actor=world.user("specialist_a"),
            participant=enrolled_a,
            employer="Northampton Foods",
            job_title="Packer",
            employment_type="employed",
            hours_per_week=Decimal("50"),
            hourly_pay=Decimal("12.21"),
            started_on=today + datetime.timedelta(days=8),
        )
    errors = refused.value.message_dict
    assert errors["hours_per_week"] == ["Hours per week must be more than 0 and no more than 48"]
    assert "7 days" in errors["started_on"][0]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"window_weeks": 12}, "window_weeks cannot be shorter than weeks_required"),
        ({"min_weekly_hours": 0}, "greater than 0"),
        ({"key": "13 weeks"}, "should match pattern"),
    ],
)
def test_a_bad_outcome_definition_is_refused_with_its_place(tmp_path, settings, bad, message):
    source = (settings.CASEWORK_PROGRAMMES_DIR / "south-midlands.yaml").read_text()
    lines = {
        "window_weeks": ("      window_weeks: 16\n", "      window_weeks: 12\n"),
        "min_weekly_hours": ("      min_weekly_hours: 7\n", "      min_weekly_hours: 0\n"),
        "key": ("    - key: sustained_13_weeks\n", "    - key: 13 weeks\n"),
    }
    old, new = lines[next(iter(bad))]
    assert old in source
    path = tmp_path / "south-midlands.yaml"
    path.write_text(source.replace(old, new, 1))
    with pytest.raises(ConfigError) as refused:
        load_config(path)
    assert message in str(refused.value)
    assert "outcomes" in str(refused.value)


def test_two_outcomes_with_one_key_are_refused(tmp_path, settings):
    source = (settings.CASEWORK_PROGRAMMES_DIR / "south-midlands.yaml").read_text()
    path = tmp_path / "south-midlands.yaml"
    path.write_text(source.replace("key: sustained_26_weeks", "key: sustained_13_weeks"))
    with pytest.raises(ConfigError) as refused:
        load_config(path)
    assert "each sustainment outcome needs its own key" in str(refused.value)
