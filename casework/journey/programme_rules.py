"""Programme-specific numbers the journey uses: sustainment outcome definitions and the limits a
job record must fall within, read from the programme configuration (programmes/<slug>.yaml,
`outcomes:`) through its current register version.

Code never asks which programme it is (`if programme == ...`); it asks for that programme's rules.
A programme with no published register yet (a test world, a programme being set up) gets the
defaults below, which follow comparable DWP programmes (DOMAIN.md): 13 weeks of at least 7 hours
within 16 weeks, and 26 weeks.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from casework.journey.outcomes import OutcomeDefinition
from casework.register.selectors import config_of, current_version

DEFAULT_OUTCOME_DEFINITIONS: tuple[OutcomeDefinition, ...] = (
    OutcomeDefinition(
        key="sustained_13_weeks",
        label="13 weeks in work",
        weeks_required=13,
        window_weeks=16,
        min_weekly_hours=Decimal("7"),
    ),
    OutcomeDefinition(
        key="sustained_26_weeks",
        label="26 weeks in work",
        weeks_required=26,
        window_weeks=30,
        min_weekly_hours=Decimal("7"),
    ),
)


@dataclass(frozen=True)
class JobLimits:
    min_hours_per_week: Decimal = Decimal("0")  # exclusive: a job has some hours
    max_hours_per_week: Decimal = Decimal("80")
    min_hourly_pay: Decimal = Decimal("0.01")
    max_hourly_pay: Decimal = Decimal("200")
    max_days_ahead: int = 90  # how far in the future a job start may be recorded


@dataclass(frozen=True)
class JourneyRules:
    outcome_definitions: tuple[OutcomeDefinition, ...] = DEFAULT_OUTCOME_DEFINITIONS
    job_limits: JobLimits = field(default_factory=JobLimits)
    # How far ahead the caseload page shows a milestone as due.
    milestone_due_within: datetime.timedelta = datetime.timedelta(days=14)


DEFAULT_RULES = JourneyRules()


_RULES_BY_CONTENT: dict[str, JourneyRules] = {}


def rules_for(programme) -> JourneyRules:
    """The journey rules of `programme`, from its current register version (read once per
    request). A version's content never changes once published, so the rules built from it are
    kept (by its content hash) for the life of the process."""
    version = current_version(programme)
    if version is None:
        return DEFAULT_RULES
    if version.content_hash not in _RULES_BY_CONTENT:
        config = config_of(version)
        _RULES_BY_CONTENT[version.content_hash] = (
            _rules_from(config.outcomes)
            if config.outcomes is not None
            # A programme that declares no job outcomes (not every programme is Connect to
            # Work) has no sustainment milestones; jobs are still checked against the limits.
            else JourneyRules(outcome_definitions=())
        )
    return _RULES_BY_CONTENT[version.content_hash]


def _rules_from(outcomes) -> JourneyRules:
    limits = outcomes.job_limits
    return JourneyRules(
        outcome_definitions=tuple(
            OutcomeDefinition(
                key=d.key,
                label=d.label,
                weeks_required=d.weeks_required,
                window_weeks=d.window_weeks,
                min_weekly_hours=d.min_weekly_hours,
            )
            for d in outcomes.sustainment
        ),
        job_limits=JobLimits(
            max_hours_per_week=limits.max_hours_per_week,
            min_hourly_pay=limits.min_hourly_pay,
            max_hourly_pay=limits.max_hourly_pay,
            max_days_ahead=limits.max_days_ahead,
        ),
        milestone_due_within=datetime.timedelta(days=outcomes.milestone_due_within_days),
    )
