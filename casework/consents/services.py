"""Every write of consents, and enrolment (which records the notice given and the consents)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.access.permissions import Action, require_permission
from casework.consents.models import (
    NAMED_RECIPIENT_PURPOSES,
    ConsentChannel,
    ConsentDecision,
    SharingConsent,
)
from casework.consents.selectors import consent_in_force, offered_consents
from casework.eligibility import selectors as eligibility_selectors
from casework.participants import services as participant_services
from casework.participants.models import Participant, Status
from casework.register import services as register_services
from casework.register.models import RegisterVersion


def _require_editor(actor, participant: Participant, action=Action.EDIT_PARTICIPANT) -> None:
    require_permission(actor, action, participant.programme)


def _decide(
    *,
    actor,
    permission: Action = Action.EDIT_PARTICIPANT,
    participant,
    purpose: str,
    channel: str,
    given: bool,
    recipient: str = "",
    on: datetime.date | None = None,
) -> ConsentDecision:
    _require_editor(actor, participant, permission)
    recipient = (recipient or "").strip()
    on = on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    offered = {c.key for c in offered_consents(participant.programme)}
    # A consent in force can always be withdrawn, even one the programme no longer offers.
    if purpose not in offered and (given or not consent_in_force(participant, purpose, recipient)):
        errors["purpose"] = [
            "Select what the consent is for: "
            f"{participant.programme.name} does not ask for consent to this"
            if purpose
            else "Select what the consent is for"
        ]
    if purpose in NAMED_RECIPIENT_PURPOSES and not recipient:
        errors["recipient"] = [
            "Enter the name of the employer or training provider"
            if purpose
            in (SharingConsent.SHARE_WITH_EMPLOYER, SharingConsent.SHARE_WITH_TRAINING_PROVIDER)
            else "Enter the name of the organisation"
        ]
    if purpose not in NAMED_RECIPIENT_PURPOSES and recipient:
        recipient = ""
    if channel not in ConsentChannel.values:
        errors["channel"] = ["Select how the participant told you"]
    if on > timezone.localdate():
        errors["decided_on"] = ["The date must be today or in the past"]
    if not errors and not given and not consent_in_force(participant, purpose, recipient):
        errors["purpose"] = ["There is no consent in force for this to withdraw"]
    if errors:
        raise ValidationError(errors)
    return ConsentDecision.objects.create(
        participant=participant,
        purpose=purpose,
        recipient=recipient,
        given=given,
        decided_on=on,
        channel=channel,
        recorded_by=actor,
    )


@transaction.atomic
def give_consent(**decision) -> ConsentDecision:
    """Records consent given: actor, participant, purpose, channel, recipient="" (named
    employers and training providers only), on=None (today)."""
    return _decide(given=True, **decision)


@transaction.atomic
def withdraw_consent(**decision) -> ConsentDecision:
    """Records consent withdrawn (the same arguments as give_consent). Takes effect at once:
    anything that checks consent_in_force sees the withdrawal."""
    return _decide(given=False, **decision)


@transaction.atomic
def withdraw_consent_on_request(
    *, actor, participant, purpose: str, recipient: str = "", on=None
) -> ConsentDecision:
    """Consent withdrawn through a rights request (casework.rights.requests), recorded by the
    DPO who decided it (`manage rights requests`), in writing."""
    return _decide(
        actor=actor,
        participant=participant,
        purpose=purpose,
        recipient=recipient,
        channel=ConsentChannel.LETTER,
        given=False,
        on=on,
        permission=Action.MANAGE_REQUESTS,
    )


@transaction.atomic
def enrol(
    *,
    actor,
    participant: Participant,
    on: datetime.date,
    notice_version: RegisterVersion,
    notice_method: str,
    consents: list[tuple[str, str]] = (),
    consent_channel: str = ConsentChannel.FACE_TO_FACE,
    without_eligibility_decision: bool = False,
) -> Participant:
    """Enrols a referred participant: the notice version they were given and how, then the
    consents they chose (each (purpose, recipient)). All or nothing.

    Eligibility comes first (decision 0086): a participant whose latest eligibility decision
    is not "eligible" cannot be enrolled until a new decision says so; one with no decision
    can be enrolled only when the person enrolling confirms they are doing so without one."""
    if participant.status not in (Status.REFERRED, Status.EXITED):
        raise ValidationError({"status": ["Only a referred or exited participant can be enrolled"]})
    problem = eligibility_selectors.enrolment_problem(participant)
    if problem is not None:
        raise ValidationError({"eligibility": [problem]})
    if eligibility_selectors.latest_decision(participant) is None and not (
        without_eligibility_decision
    ):
        raise ValidationError(
            {
                "without_eligibility_decision": [
                    "Record their eligibility first, or confirm you are enrolling them "
                    "without an eligibility decision"
                ]
            }
        )
    register_services.record_notice_given(
        actor=actor,
        participant=participant,
        version=notice_version,
        given_on=on,
        method=notice_method,
    )
    participant = participant_services.change_status(
        actor=actor, participant=participant, to=Status.ENROLLED, on=on
    )
    for purpose, recipient in consents:
        give_consent(
            actor=actor,
            participant=participant,
            purpose=purpose,
            recipient=recipient,
            channel=consent_channel,
            on=on,
        )
    return participant
