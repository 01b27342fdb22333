"""Recording an eligibility decision: the evidence, the rules' advice, and the person's decision."""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.access.permissions import Action, require_permission
from casework.eligibility.models import Decision, EligibilityAssessment
from casework.eligibility.rules import Evidence, assess
from casework.eligibility.selectors import rules_for
from casework.participants.models import Participant
from casework.register.selectors import uncollected_errors


@transaction.atomic
def record_decision(
    *,
    actor,
    participant: Participant,
    evidence: Evidence,
    right_to_work_evidence: str,
    decision: str,
    decision_reason: str,
) -> EligibilityAssessment:
    require_permission(actor, Action.EDIT_PARTICIPANT, participant.programme)
    errors: dict[str, list[str]] = {}
    if decision not in Decision.values:
        errors["decision"] = ["Select your decision"]
    elif decision != Decision.ELIGIBLE and not decision_reason.strip():
        errors["decision_reason"] = ["Enter the reason for your decision"]
    if evidence.assessed_on > timezone.localdate():
        errors["assessed_on"] = ["The date of the assessment must be today or in the past"]
    advice = assess(rules_for(participant.programme), evidence)
    errors.update(
        uncollected_errors(
            participant.programme,
            "eligibility.EligibilityAssessment",
            {
                "lives_in_area": evidence.lives_in_area,
                "right_to_work": evidence.right_to_work,
                "right_to_work_evidence": right_to_work_evidence.strip(),
                "on_other_dwp_programme": evidence.on_other_dwp_programme,
                "qualifying_groups": list(evidence.qualifying_groups),
                "strand": evidence.strand,
                "advice": advice.as_json(),
            },
        )
    )
    if errors:
        raise ValidationError(errors)
    return EligibilityAssessment.objects.create(
        participant=participant,
        assessed_on=evidence.assessed_on,
        lives_in_area=evidence.lives_in_area,
        right_to_work=evidence.right_to_work,
        right_to_work_evidence=right_to_work_evidence.strip(),
        on_other_dwp_programme=evidence.on_other_dwp_programme,
        qualifying_groups=json.dumps(sorted(evidence.qualifying_groups)),
        strand=evidence.strand,
        exceptional_age_reason=evidence.exceptional_age_reason.strip(),
        advice=json.dumps(advice.as_json()),
        decision=decision,
        decision_reason=decision_reason.strip(),
        decided_by=actor,
    )
