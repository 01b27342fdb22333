"""Reads of consent decisions. `consent_in_force` is what sharing checks before a disclosure."""

from dataclasses import dataclass

from casework.consents.models import ConsentDecision, SharingConsent, consent_key_label
from casework.participants.models import Participant
from casework.participants.selectors import get_participant
from casework.register.config import RecipientType
from casework.register.law import Art6
from casework.register.selectors import current_config

# Consent to share with a named organisation, for recipients the register says need consent.
NAMED_CONSENTS_FOR: dict[str, tuple[str, ...]] = {
    RecipientType.EMPLOYER_OR_TRAINING: (
        SharingConsent.SHARE_WITH_EMPLOYER,
        SharingConsent.SHARE_WITH_TRAINING_PROVIDER,
    ),
    RecipientType.EMPLOYER: (SharingConsent.SHARE_WITH_EMPLOYER,),
    RecipientType.TRAINING_PROVIDER: (SharingConsent.SHARE_WITH_TRAINING_PROVIDER,),
    RecipientType.EDUCATION_OR_EXAMINING_BODY: (SharingConsent.SHARE_WITH_TRAINING_PROVIDER,),
    RecipientType.SUPPORT_ORGANISATION: (SharingConsent.SHARE_WITH_SUPPORT_ORGANISATION,),
    RecipientType.VOLUNTARY_OR_COMMUNITY: (SharingConsent.SHARE_WITH_SUPPORT_ORGANISATION,),
    RecipientType.HEALTH_SERVICE: (SharingConsent.SHARE_WITH_HEALTH_SERVICE,),
}


@dataclass(frozen=True)
class OfferedConsent:
    key: str
    label: str
    names_a_recipient: bool


def offered_consents(programme) -> list[OfferedConsent]:
    """The consents the programme offers, from its register: each purpose it processes on the
    basis of consent (its key and wording), and sharing with a named employer or training
    provider where a recipient of that kind needs consent. No purpose comes from code: a
    programme with no register yet (a test world, a programme being set up) declares no purpose
    of its own, and is offered only the consents to share with a named organisation."""
    config = current_config(programme)
    if config is None:
        return [OfferedConsent(p.value, p.label, True) for p in SharingConsent]
    offered = [
        OfferedConsent(p.key, p.consent_label or p.description, False)
        for p in config.purposes
        if p.art6 == Art6.CONSENT
    ]
    named = dict.fromkeys(
        key
        for r in config.recipients
        if r.consent_needed
        for key in NAMED_CONSENTS_FOR.get(r.type, ())
    )
    offered += [OfferedConsent(k, SharingConsent(k).label, True) for k in named]
    return offered


def consent_label(programme, key: str) -> str:
    for consent in offered_consents(programme):
        if consent.key == key:
            return consent.label
    return consent_key_label(key)


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
    labels = {c.key: c.label for c in offered_consents(participant.programme)}
    current = [
        ConsentInForce(
            d.purpose,
            labels.get(d.purpose) or consent_label(participant.programme, d.purpose),
            d.recipient,
            d.given,
            d,
        )
        for d in _latest_by_key(history).values()
    ]
    for decision in history:
        decision.purpose_label = labels.get(decision.purpose) or consent_label(
            participant.programme, decision.purpose
        )
    return participant, sorted(current, key=lambda c: (c.purpose, c.recipient)), history
