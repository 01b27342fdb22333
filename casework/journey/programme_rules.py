"""Programme-specific numbers the journey uses: sustainment outcome definitions, caseload bands
and the limits a job record must fall within.

These are the defaults for every programme until the programme configuration exists: they are
read from the programme configuration (programmes/*.yaml) once issue 4 lands, by changing
`rules_for(programme)` only. Code never asks which programme it is (`if programme == ...`); it
asks for that programme's rules.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from casework.journey.outcomes import OutcomeDefinition

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
class CaseloadBand:
    label: str
    up_to: int | None  # inclusive; None: no upper bound


DEFAULT_CASELOAD_BANDS: tuple[CaseloadBand, ...] = (
    CaseloadBand("Best (IPS fidelity)", 20),
    CaseloadBand("Fair", 25),
    CaseloadBand("Too many", None),
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
    caseload_bands: tuple[CaseloadBand, ...] = DEFAULT_CASELOAD_BANDS
    job_limits: JobLimits = field(default_factory=JobLimits)
    # How far ahead the caseload page shows a milestone as due.
    milestone_due_within: datetime.timedelta = datetime.timedelta(days=14)


DEFAULT_RULES = JourneyRules()


def rules_for(programme) -> JourneyRules:
    """The journey rules of `programme`. Read from the programme configuration once issue 4
    lands; until then every programme has the defaults above."""
    return DEFAULT_RULES
