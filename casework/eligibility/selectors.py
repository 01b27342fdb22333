import json

from casework.core.formatting import uk_date
from casework.eligibility.models import Decision, EligibilityAssessment
from casework.participants.selectors import get_participant
from casework.programmes.models import Programme
from casework.register.config import Eligibility
from casework.register.selectors import current_config


def rules_for(programme: Programme) -> Eligibility:
    """The programme's eligibility rules from its loaded configuration."""
    config = current_config(programme)
    return config.eligibility if config else Eligibility()


def assessments_of(user, participant_id):
    participant = get_participant(user, participant_id)
    assessments = list(participant.eligibility_assessments.select_related("decided_by"))
    for assessment in assessments:
        assessment.advice_rows = json.loads(assessment.advice)
    return participant, assessments


def latest_decision(participant) -> EligibilityAssessment | None:
    return participant.eligibility_assessments.first()


def enrolment_problem(participant) -> str | None:
    """Why the latest eligibility decision rules out enrolling the participant, or None (no
    decision yet, or "eligible")."""
    decision = latest_decision(participant)
    if decision is None or decision.decision == Decision.ELIGIBLE:
        return None
    return (
        f"{participant.display_name} was decided "
        f"{decision.get_decision_display().lower()} on {uk_date(decision.assessed_on)}. "
        "Record a new eligibility decision before enrolling them"
    )
