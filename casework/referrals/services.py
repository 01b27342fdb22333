"""Every write to a referral: partners' referrals, expressions of interest, contacts recorded by
staff, and the decision (accept as a new participant, link to an existing one, or decline)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework.access.permissions import Action, has_permission
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.disposal.schedule import schedule_referral
from casework.participants import services as participant_services
from casework.participants.models import Participant
from casework.participants.validators import normalise_nino, normalise_postcode
from casework.referrals.models import (
    NO_WAY_TO_CONTACT,
    STAFF_RECORDED_CHANNELS,
    AgreementHow,
    Channel,
    Referral,
    ReferralStatus,
    Route,
)
from casework.referrals.selectors import referrals_in_reach
from casework.register.selectors import uncollected_errors

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "postcode",
    "national_insurance_number",
    "support_needs",
)


_AGREEMENT_BY_CHANNEL = {
    Channel.FACE_TO_FACE: AgreementHow.IN_PERSON,
    Channel.PHONE: AgreementHow.PHONE,
    Channel.EMAIL: AgreementHow.WRITING,
    Channel.LETTER: AgreementHow.WRITING,
}


def _validate_and_save(referral: Referral) -> Referral:
    referral.national_insurance_number = normalise_nino(referral.national_insurance_number)
    referral.nino_index = participant_services.nino_index_for(referral.national_insurance_number)
    referral.postcode = normalise_postcode(referral.postcode)
    referral.email = (referral.email or "").strip().lower()
    for name in ("first_name", "last_name", "phone"):
        setattr(referral, name, (getattr(referral, name) or "").strip())
    errors: dict[str, list[str]] = {}
    try:
        referral.full_clean(exclude=["nino_index"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not referral.email and not referral.phone and "email" not in errors:
        errors["email"] = [NO_WAY_TO_CONTACT]
    programme = referral.programme
    for name, messages in uncollected_errors(
        programme,
        "referrals.Referral",
        {
            name: getattr(referral, name)
            for name in (
                "first_name",
                "last_name",
                "date_of_birth",
                "email",
                "phone",
                "postcode",
                "national_insurance_number",
                "support_needs",
            )
        },
    ).items():
        errors.setdefault(name, messages)
    if referral.area_id and not programme.areas.filter(pk=referral.area_id).exists():
        errors["area"] = [f"Choose an area covered by {programme.name}"]
    # No check for a referral of the same person already waiting: refusing would tell whoever
    # submits (anyone, on the public form) that the person has applied. Staff see possible
    # duplicates on the referral and link or decline it (docs/decisions/0080).
    if errors:
        raise ValidationError(errors)
    referral.save()
    return referral


def _audit(actor, what: str, referral: Referral, fields=(), actor_label: str = "") -> None:
    """One audit event for a referral received or decided, in the caller's transaction: who,
    what (`referral.<what>`), the participant once there is one, and field names only."""
    record_event(
        actor=actor,
        action=AuditAction.REFERRAL,
        participant=referral.participant,
        purpose=f"referral.{what}",
        changed_fields=fields,
        actor_label=actor_label,
    )


def _submitted(referral: Referral, actor, what: str, fields, actor_label: str = "") -> Referral:
    referral = _validate_and_save(referral)
    schedule_referral(referral)
    _audit(actor, what, referral, fields, actor_label=actor_label)
    return referral


def _new_referral(**fields) -> Referral:
    unknown = set(fields) - {*PERSON_FIELDS, "area"}
    if unknown:
        raise TypeError(f"unexpected referral fields: {sorted(unknown)}")
    now = timezone.now()
    return Referral(received_at=now, agreement_recorded_at=now, **fields)


@transaction.atomic
def submit_referral(*, actor, programme, route: str, agreement_how: str, **fields) -> Referral:
    """A referral partner refers someone who has agreed to it."""
    if not has_permission(actor, Action.MAKE_REFERRAL, programme):
        raise PermissionDenied("Only referral partners can send referrals.")
    if route == Route.SELF_REFERRAL:
        raise ValidationError({"route": ["Choose the service you are referring from"]})
    referral = _new_referral(**fields)
    referral.programme = programme
    referral.channel = Channel.REFERRAL_PARTNER
    referral.route = route
    referral.referring_organisation = actor.organisation
    referral.referred_by = actor
    referral.agreement_how = agreement_how
    return _submitted(referral, actor, "submit", fields)


@transaction.atomic
def record_contact(*, actor, programme, channel: str, route: str, **fields) -> Referral:
    """Staff record someone who asked to join face to face, by phone, email or letter."""
    if not has_permission(actor, Action.EDIT_PARTICIPANT, programme):
        raise PermissionDenied("Your role does not allow you to record contacts.")
    if channel not in STAFF_RECORDED_CHANNELS:
        raise ValidationError({"channel": ["Select how the person contacted you"]})
    referral = _new_referral(**fields)
    referral.programme = programme
    referral.channel = channel
    referral.route = route
    referral.referred_by = actor
    referral.agreement_how = (
        AgreementHow.IN_PERSON
        if channel == Channel.FACE_TO_FACE
        else AgreementHow.PHONE
        if channel == Channel.PHONE
        else AgreementHow.WRITING
    )
    return _submitted(referral, actor, "record_contact", fields)


@transaction.atomic
def submit_expression_of_interest(*, programme, **fields) -> Referral:
    """A person asks to join through the public form, after seeing the privacy notice."""
    referral = _new_referral(**fields)
    referral.programme = programme
    referral.channel = Channel.EXPRESSION_OF_INTEREST
    referral.route = Route.SELF_REFERRAL
    referral.agreement_how = AgreementHow.ONLINE_FORM
    return _submitted(
        referral,
        None,
        "expression_of_interest",
        fields,
        actor_label="public expression of interest",
    )


def _decidable(actor, referral: Referral) -> Referral:
    if not has_permission(actor, Action.EDIT_PARTICIPANT, referral.programme):
        raise PermissionDenied("Your role does not allow you to decide on referrals.")
    locked = referrals_in_reach(actor).select_for_update().filter(pk=referral.pk).first()
    if locked is None:
        raise PermissionDenied("This referral is outside your organisation's areas.")
    if locked.status != ReferralStatus.RECEIVED:
        raise ValidationError(
            {"status": [f"This referral has already been decided: {locked.get_status_display()}"]}
        )
    return locked


def _decide(actor, referral: Referral, status: str, participant=None, reason: str = ""):
    referral.status = status
    referral.decided_by = actor
    referral.decided_at = timezone.now()
    referral.participant = participant
    referral.decline_reason = reason
    referral.save(
        update_fields=["status", "decided_by", "decided_at", "participant", "decline_reason"]
    )
    schedule_referral(referral)
    _audit(actor, status, referral, ["status", "participant", "decline_reason"])
    return referral


@transaction.atomic
def accept_referral(*, actor, referral: Referral, **participant_fields) -> Participant:
    """Accepts the referral as a new participant. The participant's details come from the
    accepting form (pre-filled from the referral)."""
    referral = _decidable(actor, referral)
    participant = participant_services.create_participant(
        actor=actor,
        programme=referral.programme,
        referred_on=timezone.localtime(referral.received_at).date(),
        **participant_fields,
    )
    _decide(actor, referral, ReferralStatus.ACCEPTED, participant=participant)
    return participant


# What a referral can bring to the record of the participant it turns out to be: how to reach
# them now. Names and the date of birth matched already; the rest is for the person's own record.
MERGEABLE_FIELDS = ("email", "phone", "postcode", "national_insurance_number")


def details_to_merge(referral: Referral, participant: Participant) -> dict[str, str]:
    """The referral's contact details that the participant's record lacks or holds differently."""
    return {
        name: getattr(referral, name)
        for name in MERGEABLE_FIELDS
        if getattr(referral, name) and getattr(referral, name) != getattr(participant, name)
    }


@transaction.atomic
def link_referral(
    *, actor, referral: Referral, participant: Participant, take: tuple[str, ...] = ()
) -> Referral:
    """The person is already a participant: the referral joins their record, and the details
    named in `take` (see details_to_merge) replace those on the record, through the participant
    service (validated and audited like any change). All or nothing."""
    referral = _decidable(actor, referral)
    if participant.programme_id != referral.programme_id:
        raise ValidationError({"participant": ["Choose a participant on the same programme"]})
    offered = details_to_merge(referral, participant)
    unknown = set(take) - set(offered)
    if unknown:
        raise ValidationError({"take": ["Choose only details this referral can bring across"]})
    if take:
        participant_services.update_participant(
            actor=actor, participant=participant, **{name: offered[name] for name in take}
        )
    return _decide(actor, referral, ReferralStatus.LINKED, participant=participant)


@transaction.atomic
def decline_referral(*, actor, referral: Referral, reason: str) -> Referral:
    referral = _decidable(actor, referral)
    if not reason.strip():
        raise ValidationError({"reason": ["Enter why the referral is declined"]})
    return _decide(actor, referral, ReferralStatus.DECLINED, reason=reason.strip())
