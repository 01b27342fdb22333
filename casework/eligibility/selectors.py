import json

from casework.eligibility.models import EligibilityAssessment
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
