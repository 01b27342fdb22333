"""Reads of referrals, scoped to the acting user: referrers see only the referrals they sent
(and only their status); staff see referrals in their organisation's programmes and areas."""

from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import NullIf, Trim
from django.http import Http404

from casework.access.permissions import Action, has_permission
from casework.access.selectors import area_scope, participants_visible_to
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.participants.matching import same_person
from casework.participants.models import Participant
from casework.programmes.models import OrganisationRole, ProgrammeOrganisation
from casework.referrals.models import Referral, ReferralStatus
from casework.register.selectors import current_config

_UNDECIDED_OR_DECLINED = (ReferralStatus.RECEIVED, ReferralStatus.DECLINED)
_BECAME_A_PARTICIPANT = (ReferralStatus.ACCEPTED, ReferralStatus.LINKED)


def referrals_in_reach(user) -> QuerySet[Referral]:
    """Referrals staff may decide on: their organisation's programmes and areas."""
    return Referral.objects.filter(area_scope(user))


def _in_sight(user) -> Q:
    """What staff may read in full. Waiting (or declined, so never a participant): the areas
    their organisation answers for. Accepted or linked: exactly those who may see the
    participant it became, since its support needs are now part of that person's record."""
    return (Q(status__in=_UNDECIDED_OR_DECLINED) & area_scope(user)) | Q(
        status__in=_BECAME_A_PARTICIPANT,
        participant__in=participants_visible_to(user).values("pk"),
    )


def referrals_in_sight(user) -> QuerySet[Referral]:
    return Referral.objects.filter(_in_sight(user))


def _sent_by_me(user) -> Q:
    return Q(referred_by_id=user.pk) if user.is_authenticated else Q(pk__in=[])


def _with_relations(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.select_related("programme", "area", "referring_organisation", "participant")


def referrals_visible_to(user) -> QuerySet[Referral]:
    """Staff: referrals in sight. Referrers: also those they sent, whose status only is shown."""
    return _with_relations(Referral.objects.filter(_in_sight(user) | _sent_by_me(user)))


def is_referrer(user) -> bool:
    return has_permission(user, Action.MAKE_REFERRAL)


def inbox(user) -> QuerySet[Referral]:
    """The waiting referrals of `referrals_visible_to`, oldest first. A waiting referral is in
    sight through the areas only (it is no one's participant yet), so the participant scope is
    not asked: at 500,000 it made the database list a whole area's caseloads for every page."""
    waiting = Q(status=ReferralStatus.RECEIVED) & (area_scope(user) | _sent_by_me(user))
    return (
        # The inbox lists names, dates, how and the area: only the area is joined, and the
        # number and the support needs stay encrypted, unread.
        Referral.objects.filter(waiting)
        .select_related("area")
        .defer("national_insurance_number", "support_needs")
        .order_by("received_at")
    )


def sent_by(user) -> QuerySet[Referral]:
    return referrals_visible_to(user).filter(referred_by=user).order_by("-received_at")


def get_referral(user, referral_id) -> Referral:
    """One referral the user may see (404 otherwise); opening it is recorded in the audit trail,
    as opening a participant's record is."""
    try:
        referral = referrals_visible_to(user).get(pk=referral_id)
    except (Referral.DoesNotExist, ValidationError, ValueError):
        raise Http404("No referral found") from None
    record_event(
        actor=user,
        action=AuditAction.REFERRAL,
        participant=referral.participant,
        purpose="referral.read",
    )
    return referral


def _matching(referral: Referral) -> Q:
    return same_person(
        referral.programme,
        nino_index=referral.nino_index,
        last_name=referral.last_name,
        date_of_birth=referral.date_of_birth,
    )


def possible_duplicates(user, referral: Referral) -> tuple[list[Participant], list[Referral]]:
    """Who the referred person may be, among what the user may see: participants with the same
    NINO, or the same last name and date of birth, and other referrals of them waiting. Nothing
    is said of matches out of the user's sight (not even that there are some): those are
    flagged to whoever may see both (see flag_possible_duplicates)."""
    match = _matching(referral)
    participants = list(participants_visible_to(user).filter(match).select_related("area"))
    waiting = list(
        referrals_in_sight(user)
        .filter(match, status=ReferralStatus.RECEIVED)
        .exclude(pk=referral.pk)
        .select_related("area")
    )
    return participants, waiting


def _matching_outer() -> Q:
    """`same_person` for the referral of the outer query, so that one query answers for a whole
    page: the same programme, and the same last name (ignoring case, as typed without spaces
    around it) and date of birth, or the same National Insurance number when there is one."""
    return Q(programme=OuterRef("programme")) & (
        Q(last_name__iexact=Trim(OuterRef("last_name")), date_of_birth=OuterRef("date_of_birth"))
        # NULLIF: a referral without a number matches nobody by number, and the database can
        # tell that from the index (compared with "", it read every participant without one).
        | (Q(nino_index=NullIf(OuterRef("nino_index"), Value(""))) & ~Q(nino_index=""))
    )


def flag_possible_duplicates(user, referrals: list[Referral]) -> list[Referral]:
    """Marks `possible_duplicate` on each waiting referral that may be someone already known
    (a participant or another waiting referral), for a user who may see every such match: the
    possible duplicate goes to someone who may see both, and to nobody else. One query for the
    whole page (issue 16), whatever its length."""
    if not referrals:
        return referrals
    reach = area_scope(user)
    match = _matching_outer()
    participants = Participant.objects.filter(match)
    others = Referral.objects.filter(match, status=ReferralStatus.RECEIVED).exclude(
        pk=OuterRef("pk")
    )
    known = Q(Exists(participants)) | Q(Exists(others))
    out_of_sight = Q(Exists(participants.exclude(reach))) | Q(Exists(others.exclude(reach)))
    # CASE, so the out-of-sight matches are looked for only where a match exists at all (in an
    # inbox most referrals have none; in the bench's dataset 48 of a page's 50 have one, so
    # there both are asked as before: 3.1-3.6 ms for the page's 50 at 500,000 participants).
    flagged = Case(
        When(known, then=ExpressionWrapper(~out_of_sight, output_field=BooleanField())),
        default=Value(False),
        output_field=BooleanField(),
    )
    flags = dict(
        Referral.objects.filter(pk__in=[referral.pk for referral in referrals])
        .order_by()  # into a dict: not sorted
        .annotate(flagged=flagged)
        .values_list("pk", "flagged")
    )
    for referral in referrals:
        referral.possible_duplicate = flags.get(referral.pk, False)
    return referrals


def interest_confirmation(referral: Referral) -> dict:
    """What the person who sent the public form is told: their reference, who will contact them
    (the delivery partners for the area they chose) and how. Only what they typed themselves,
    and no personal data beyond whether they gave an email address or a phone number."""
    deliverers = ProgrammeOrganisation.objects.filter(
        programme=referral.programme,
        areas=referral.area,
        role__in=[OrganisationRole.JOINT_CONTROLLER, OrganisationRole.COMMISSIONED_PROVIDER],
    ).select_related("organisation")
    how = [
        label
        for label, given in (("by email", referral.email), ("by phone", referral.phone))
        if given
    ]
    config = current_config(referral.programme)
    return {
        "programme": referral.programme.slug,
        "reference": referral.reference,
        "when": config.reply_to_interest if config else "",
        "contacts": sorted({party.organisation.name for party in deliverers}),
        "how": " or ".join(how),
    }


def referrals_of_participant(participant: Participant) -> list[Referral]:
    """The referrals that became or joined the participant's record, oldest first. For a
    participant already opened through the scoped, audited participant selector: read through
    the relation, like the rest of their record."""
    return list(
        participant.referrals.select_related("referring_organisation", "referred_by").order_by(
            "received_at"
        )
    )
