"""Reads of referrals, scoped to the acting user: referrers see only the referrals they sent
(and only their status); staff see referrals in their organisation's programmes and areas."""

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import (
    Q,
    QuerySet,
)
from django.http import Http404

from casework.access.permissions import Action, has_permission
from casework.access.selectors import area_scope, area_scope_sql, participants_visible_to
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
        # Then by id: referrals received at the same moment (a batch, an import) keep one order
        # from page to page, whatever plan the database picks (it varied between plans of the
        # same statement, so a referral could show on two pages and another on none).
        .order_by("received_at", "pk")
    )


def sent_by(user) -> QuerySet[Referral]:
    return referrals_visible_to(user).filter(referred_by=user).order_by("-received_at", "-pk")


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


def flag_possible_duplicates(user, referrals: list[Referral]) -> list[Referral]:
    """Marks `possible_duplicate` on each waiting referral that may be someone already known
    (a participant or another waiting referral), for a user who may see every such match: the
    possible duplicate goes to someone who may see both, and to nobody else. One statement for
    the whole page (issue 16), whatever its length.

    The statement is written by hand (decision 0230): built through the ORM it took 7-10 ms to
    build and compile for 1.3 ms in the database. "The same person" is
    casework.participants.matching.same_person, for each referral of the page: the same
    programme, and the same last name (ignoring case, as typed without spaces around it) and
    date of birth, or the same National Insurance number when there is one (NULLIF: a referral
    without one matches nobody by number, and the database can tell that from the index).
    Where the user's organisation answers is casework.access.selectors.area_scope, compiled by
    the ORM; a test holds the flags to the ORM's reading of both rules."""
    if not referrals:
        return referrals
    using = router.db_for_read(Referral)
    connection = connections[using]
    participants_reach, participants_params = area_scope_sql(user, Participant)
    referrals_reach, referrals_params = area_scope_sql(user, Referral)
    key = Referral._meta.pk
    ids = [key.get_db_prep_value(referral.pk, connection) for referral in referrals]
    waiting = ReferralStatus.RECEIVED.value
    participant, other = _same_person_as_page(connection)
    # CASE, so the out-of-sight matches are looked for only where a match exists at all (in an
    # inbox most referrals have none).
    sql = (
        f"SELECT page.id, CASE WHEN (EXISTS ({participant}) OR EXISTS ({other})) "  # noqa: S608
        f"THEN NOT (EXISTS ({participant} AND NOT ({participants_reach})) "
        f"OR EXISTS ({other} AND NOT ({referrals_reach}))) ELSE 1 = 0 END "
        f"FROM {connection.ops.quote_name(Referral._meta.db_table)} page "
        f"WHERE {_ids_of_page(connection, len(ids))}"
    )
    params = [waiting, *participants_params, waiting, *referrals_params]
    params += [ids] if connection.vendor == "postgresql" else ids
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        flags = {key.to_python(pk): bool(flagged) for pk, flagged in cursor.fetchall()}
    for referral in referrals:
        referral.possible_duplicate = flags.get(referral.pk, False)
    return referrals


def _ids_of_page(connection, count: int) -> str:
    """The page's referrals: one array parameter on PostgreSQL, so the statement is the same
    for every length of page (casework.core.lookups.AnyOf), one parameter each elsewhere."""
    if connection.vendor == "postgresql":
        return "page.id = ANY(%s)"
    return f"page.id IN ({', '.join(['%s'] * count)})"


def _same_person_as_page(connection) -> tuple[str, str]:
    """The two reads of `same_person` for the outer referral (`page`): participants, and other
    referrals still waiting (one parameter: the waiting status). Each reads its table under the
    table's own name, so a condition compiled for that table applies to its rows."""
    quote = connection.ops.quote_name

    def matching(table: str) -> str:
        return (  # table names from the models; the values are parameters
            f"SELECT 1 FROM {table} WHERE {table}.programme_id = page.programme_id AND "  # noqa: S608
            f"((UPPER({table}.last_name) = UPPER(TRIM(page.last_name)) "
            f"AND {table}.date_of_birth = page.date_of_birth) "
            f"OR ({table}.nino_index = NULLIF(page.nino_index, '') "
            f"AND NOT ({table}.nino_index = '')))"
        )

    referrals = quote(Referral._meta.db_table)
    return (
        matching(quote(Participant._meta.db_table)),
        f"{matching(referrals)} AND {referrals}.status = %s AND NOT ({referrals}.id = page.id)",
    )


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
