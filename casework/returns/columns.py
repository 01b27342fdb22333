"""What each column source of a return means: the model field it is read from (the field
references the disclosure gate records as having left) and how its value is written. The
columns themselves, and which sources a return uses, are the programme's (programmes/*.yaml,
`returns:`); DEFAULT_COLUMNS is what DWP employment programmes collect, used when a Connect to
Work programme declares the return without listing columns."""

from decimal import Decimal

from casework.journey.models import EmploymentType
from casework.participants.models import Disability, ExitReason, Gender
from casework.register.config import (
    QualifyingGroup,
    ReturnColumn,
    ReturnColumnType,
    ReturnDefinition,
    ReturnSource,
    Strand,
)

S = ReturnSource
T = ReturnColumnType

# source -> the register's field references its value is read from.
FIELDS: dict[str, tuple[str, ...]] = {
    S.PARTICIPANT_REFERENCE: (),  # Casework's random id: not personal data on its own
    S.AREA_CODE: ("participants.Participant.area",),
    S.DELIVERY_PARTNER: ("participants.Participant.responsible_organisation",),
    S.REFERRED_ON: ("participants.Participant.referred_on",),
    S.STARTED_ON: ("participants.Participant.enrolled_on",),
    S.STRAND: ("eligibility.EligibilityAssessment.strand",),
    S.DELIVERY_MODEL: ("participants.Participant.programme",),
    S.ELIGIBILITY_GROUPS: ("eligibility.EligibilityAssessment.qualifying_groups",),
    S.AGE_AT_REFERRAL: ("participants.Participant.date_of_birth",),
    S.GENDER: ("participants.Participant.gender",),
    S.DISABILITY: ("participants.Participant.disability",),
    S.ETHNICITY: ("participants.Participant.ethnicity",),
    S.JOB_STARTED_ON: ("journey.Job.started_on",),
    S.JOB_EMPLOYMENT_TYPE: ("journey.Job.employment_type",),
    S.JOB_HOURS_PER_WEEK: ("journey.Job.hours_per_week",),
    S.JOB_PAY_BAND: ("journey.Job.hourly_pay",),
    S.MILESTONE: ("journey.Milestone.achieved_on",),
    S.EXITED_ON: ("participants.Participant.exited_on",),
    S.EXIT_REASON: ("participants.Participant.exit_reason",),
}

# The National Living Wage from April 2025 (£12.21) and two bands above it: a programme whose
# specification bands pay differently lists its own `pay_bands`.
DEFAULT_PAY_BANDS = (Decimal("12.21"), Decimal("15.00"), Decimal("20.00"))


def _column(key, header, source, type=T.TEXT, **more) -> ReturnColumn:
    return ReturnColumn(key=key, header=header, source=source, type=type, **more)


def default_columns(config) -> list[ReturnColumn]:
    """Referral and start dates, strand, delivery model, eligibility group, equality
    monitoring, the first job start with its hours and pay band, each sustainment milestone
    the programme defines, and the exit with its reason."""
    milestones = [
        _column(
            f"{d.key}_on",
            f"{d.label} achieved on",
            S.MILESTONE,
            T.DATE,
            outcome=d.key,
        )
        for d in (config.outcomes.sustainment if config.outcomes else ())
    ]
    return [
        _column(
            "participant_reference", "Participant reference", S.PARTICIPANT_REFERENCE, required=True
        ),
        _column("area_code", "Local authority (ONS code)", S.AREA_CODE, required=True),
        _column("delivery_partner", "Delivery partner", S.DELIVERY_PARTNER, required=True),
        _column("referral_date", "Referral date", S.REFERRED_ON, T.DATE, required=True),
        _column("start_date", "Start date", S.STARTED_ON, T.DATE),
        _column("strand", "Strand", S.STRAND, T.CHOICE, allowed=[s.value for s in Strand]),
        _column(
            "delivery_model",
            "Delivery model",
            S.DELIVERY_MODEL,
            T.CHOICE,
            allowed=["IPS", "SEQF", "IPS and SEQF"],
            required=True,
        ),
        _column("eligibility_group", "Eligibility group", S.ELIGIBILITY_GROUPS),
        _column(
            "age_at_referral",
            "Age at referral",
            S.AGE_AT_REFERRAL,
            T.INTEGER,
            required=True,
            minimum=Decimal(16),
            maximum=Decimal(100),
        ),
        _column("gender", "Gender", S.GENDER, T.CHOICE, allowed=list(Gender.values)),
        _column("disability", "Disabled", S.DISABILITY, T.CHOICE, allowed=list(Disability.values)),
        _column("ethnicity", "Ethnicity", S.ETHNICITY),
        _column("job_start_date", "Job start date", S.JOB_STARTED_ON, T.DATE),
        _column(
            "employment_type",
            "Employment type",
            S.JOB_EMPLOYMENT_TYPE,
            T.CHOICE,
            allowed=list(EmploymentType.values),
        ),
        _column(
            "job_hours_per_week",
            "Hours per week",
            S.JOB_HOURS_PER_WEEK,
            T.DECIMAL,
            minimum=Decimal("0.5"),
            maximum=Decimal(80),
        ),
        _column(
            "job_pay_band",
            "Pay band (per hour)",
            S.JOB_PAY_BAND,
            T.TEXT,
            pay_bands=list(DEFAULT_PAY_BANDS),
        ),
        *milestones,
        _column("exit_date", "Exit date", S.EXITED_ON, T.DATE),
        _column(
            "exit_reason", "Exit reason", S.EXIT_REASON, T.CHOICE, allowed=list(ExitReason.values)
        ),
    ]


ELIGIBILITY_GROUPS = frozenset(g.value for g in QualifyingGroup)


def columns_of(config, definition: ReturnDefinition) -> list[ReturnColumn]:
    return list(definition.columns) if definition.columns is not None else default_columns(config)


def fields_of(columns) -> list[str]:
    """The field references a return with these columns discloses, each once."""
    return list(dict.fromkeys(f for c in columns for f in FIELDS[c.source]))


def pay_band(pay: Decimal | None, bands) -> str:
    """'under 12.21', '12.21 to 14.99', ..., '20.00 and over'."""
    if pay is None:
        return ""
    bands = list(bands) or list(DEFAULT_PAY_BANDS)
    if pay < bands[0]:
        return f"under {bands[0]:.2f}"
    for low, high in zip(bands, bands[1:], strict=False):
        if low <= pay < high:
            return f"{low:.2f} to {high - Decimal('0.01'):.2f}"
    return f"{bands[-1]:.2f} and over"
