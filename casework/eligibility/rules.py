"""The programme's eligibility rules applied to the evidence recorded: a pure function giving each
rule's result and reason. Advice for the person who decides, never a decision."""

import datetime
from dataclasses import asdict, dataclass, field

from casework.participants.validators import age_on
from casework.register.config import Eligibility, QualifyingGroup, Strand

GROUP_LABELS = {
    QualifyingGroup.DISABLED: "Disabled",
    QualifyingGroup.HEALTH_CONDITION: "Physical or mental health condition (no diagnosis needed)",
    QualifyingGroup.CARE_LEAVER: "Care leaver or care-experienced",
    QualifyingGroup.AT_RISK_OF_SERIOUS_VIOLENCE: "Young person at risk of serious violence",
    QualifyingGroup.OFFENDER: "Offender or ex-offender",
    QualifyingGroup.CARER: "Carer or ex-carer",
    QualifyingGroup.HOMELESS: "Homeless, including temporary accommodation",
    QualifyingGroup.VETERAN: "Armed forces veteran",
    QualifyingGroup.DRUG_OR_ALCOHOL_DEPENDENCY: "Drug or alcohol dependency",
    QualifyingGroup.REFUGEE: "Refugee or on a resettlement scheme",
    QualifyingGroup.DOMESTIC_ABUSE_SURVIVOR: "Survivor of domestic abuse",
    QualifyingGroup.MODERN_SLAVERY_SURVIVOR: "Survivor of modern slavery",
}
STRAND_LABELS = {
    Strand.OUT_OF_WORK: "Out of work (up to 12 months of support)",
    Strand.IN_WORK_RETENTION: "In work but at risk of losing the job (in-work retention)",
}


@dataclass(frozen=True)
class Evidence:
    date_of_birth: datetime.date | None
    assessed_on: datetime.date
    lives_in_area: bool
    right_to_work: bool
    on_other_dwp_programme: bool
    qualifying_groups: tuple[str, ...] = ()
    strand: str = ""
    exceptional_age_reason: str = ""


@dataclass(frozen=True)
class RuleResult:
    rule: str
    passed: bool
    reason: str


@dataclass(frozen=True)
class Advice:
    results: tuple[RuleResult, ...] = field(default_factory=tuple)

    @property
    def all_passed(self) -> bool:
        return all(r.passed for r in self.results)

    def as_json(self) -> list[dict]:
        return [asdict(r) for r in self.results]


def _age_rule(rules: Eligibility, evidence: Evidence) -> RuleResult:
    if evidence.date_of_birth is None:
        return RuleResult(
            "Age", False, "No date of birth is recorded: check the person's age with them"
        )
    age = age_on(evidence.date_of_birth, evidence.assessed_on)
    if age >= rules.minimum_age:
        return RuleResult("Age", True, f"{age}: at least {rules.minimum_age}")
    if age >= rules.exceptional_minimum_age:
        if evidence.exceptional_age_reason.strip():
            return RuleResult(
                "Age",
                True,
                f"{age}: under {rules.minimum_age}, accepted as exceptional: "
                f"{evidence.exceptional_age_reason.strip()}",
            )
        return RuleResult(
            "Age",
            False,
            f"{age}: under {rules.minimum_age}; a person aged {rules.exceptional_minimum_age} "
            "or over can join only in exceptional cases, with the reason recorded",
        )
    return RuleResult("Age", False, f"{age}: under {rules.exceptional_minimum_age}")


def assess(rules: Eligibility, evidence: Evidence) -> Advice:
    results = [_age_rule(rules, evidence)]
    if rules.must_live_in_area:
        results.append(
            RuleResult(
                "Lives in the programme's area",
                evidence.lives_in_area,
                "Lives in the area" if evidence.lives_in_area else "Does not live in the area",
            )
        )
    if rules.right_to_work_required:
        results.append(
            RuleResult(
                "Right to work in the UK",
                evidence.right_to_work,
                "Right to work confirmed"
                if evidence.right_to_work
                else "Right to work not confirmed",
            )
        )
    if rules.excludes_other_dwp_employment_programmes:
        results.append(
            RuleResult(
                "Not on another DWP employment programme",
                not evidence.on_other_dwp_programme,
                "On another DWP employment programme (for example Restart or another IPS service)"
                if evidence.on_other_dwp_programme
                else "Not on another DWP employment programme",
            )
        )
    if rules.qualifying_groups:  # empty: open to anyone who meets the other rules
        qualifying = [g for g in evidence.qualifying_groups if g in rules.qualifying_groups]
        results.append(
            RuleResult(
                "Disabled, health condition or a specified disadvantaged group",
                bool(qualifying),
                "; ".join(GROUP_LABELS[QualifyingGroup(g)] for g in qualifying)
                if qualifying
                else "None of the groups the programme is for",
            )
        )
    strand_ok = evidence.strand in rules.strands
    results.append(
        RuleResult(
            "Strand",
            strand_ok,
            STRAND_LABELS[Strand(evidence.strand)]
            if strand_ok
            else "Choose a strand this programme offers",
        )
    )
    return Advice(tuple(results))
