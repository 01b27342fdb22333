"""Reads of consent decisions. `consent_in_force` is what sharing checks before a disclosure."""

from dataclasses import dataclass

from casework.consents.models import ConsentDecision
from casework.participants.models import Participant
from casework.participants.selectors import get_participant


@dataclass(frozen=True)
class ConsentInForce:
    purpose: str
    purpose_label: str
    recipient: str
    given: bool
    decision: ConsentDecision


def _latest_by_key(decisions) -> dict[tuple[str, str], ConsentDecision]:
    latest: dict[tuple[str, str], ConsentDecision] = {}
    for decision in decisions:  # newest first (model ordering)
        latest.setdefault((decision.purpose, decision.recipient.casefold()), decision)
    return latest


def consent_in_force(participant: Participant, purpose: str, recipient: str = "") -> bool:
    decision = (
        ConsentDecision.objects.filter(
            participant=participant, purpose=purpose, recipient__iexact=recipient.strip()
        )
        .order_by("-recorded_at", "-id")
        .first()
    )
    return bool(decision and decision.given)


def consents_of(user, participant_id):
    """The participant (scoped to `user`), their consents now in force, and the full history."""
    participant = get_participant(user, participant_id)
    history = list(
        participant.consent_decisions.select_related("recorded_by").order_by("-recorded_at", "-id")
    )
    current = [
        ConsentInForce(d.purpose, d.get_purpose_display(), d.recipient, d.given, d)
        for d in _latest_by_key(history).values()
    ]
    return participant, sorted(current, key=lambda c: (c.purpose, c.recipient)), history
