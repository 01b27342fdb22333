"""Who supports how many people: team leaders see their team, programme managers their
organisation. Sizes count participants still being supported (not exited)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from casework.access.permissions import Action, roles_with
from casework.access.selectors import participants_visible_to
from casework.caseloads.bands import Band, band_for
from casework.participants.models import Participant, Status
from casework.programmes.models import OrganisationRole, ProgrammeOrganisation
from casework.staff.models import Membership, Role, StaffUser


@dataclass(frozen=True)
class SpecialistCaseload:
    specialist: StaffUser
    size: int
    band: Band


def overseeing_membership(user) -> Membership | None:
    return (
        Membership.objects.filter(user=user, role__in=roles_with(Action.OVERSEE_CASELOADS))
        .select_related("programme", "team")
        .first()
    )


def oversees_every_partner(user, membership: Membership) -> bool:
    """A programme manager at the accountable body oversees every partner on the programme."""
    return (
        membership.role != Role.TEAM_LEADER
        and ProgrammeOrganisation.objects.filter(
            programme=membership.programme,
            organisation_id=user.organisation_id,
            role=OrganisationRole.ACCOUNTABLE_BODY,
        ).exists()
    )


def overseen_name(user, membership: Membership, *, every_partner: bool | None = None) -> str:
    """What the team page lists, in words: the team leader's team, a programme manager's
    organisation, or every delivery partner of the programme (never a team the list is not)."""
    if membership.role == Role.TEAM_LEADER and membership.team:
        return membership.team.name
    if every_partner is None:
        every_partner = oversees_every_partner(user, membership)
    if every_partner:
        return f"Every delivery partner of {membership.programme.name}"
    return user.organisation.name


def specialists_overseen(user, membership: Membership, *, every_partner: bool | None = None):
    """A team leader oversees their team; a programme manager their organisation, or, at the
    accountable body, every partner on the programme. In the order of the staff's name index
    (surname, first name, id: one order, so a page boundary never skips or repeats anyone)."""
    roles = Membership.objects.filter(
        user=OuterRef("pk"), programme=membership.programme, role=Role.EMPLOYMENT_SPECIALIST
    )
    if membership.role == Role.TEAM_LEADER:
        roles = roles.filter(team_id=membership.team_id)
    specialists = StaffUser.objects.filter(Exists(roles), is_active=True)
    if every_partner is None:
        every_partner = oversees_every_partner(user, membership)
    if not every_partner:
        specialists = specialists.filter(organisation_id=user.organisation_id)
    return specialists.order_by(*SPECIALIST_ORDER)


TEAM_PAGE_SIZE = 50
SPECIALIST_ORDER = ("last_name", "first_name", "pk")


@dataclass(frozen=True)
class TeamPage:
    """One page of the specialists overseen. Pages are found from a neighbour (the specialist
    just before or after them), not counted from the start: each costs one ordered read of the
    staff's name index, TEAM_PAGE_SIZE + 1 rows, however many specialists the programme has
    (decision 0220). There is no total: counting 13,600 specialists cost more than the page."""

    caseloads: list[SpecialistCaseload]
    previous_before: int | None  # ?before= for the previous page (its first row's successor)
    next_after: int | None  # ?after= for the next page
    next_from: StaffUser | None  # the first specialist on the next page, for its link's label

    @property
    def first(self) -> StaffUser | None:
        return self.caseloads[0].specialist if self.caseloads else None

    @property
    def last(self) -> StaffUser | None:
        return self.caseloads[-1].specialist if self.caseloads else None


def _beyond(specialists, anchor: StaffUser, *, forward: bool):
    """The specialists strictly after (forward) or before `anchor` in SPECIALIST_ORDER. The
    leading bound on the surname alone lets the database start the index scan at the anchor."""
    name, first, pk = anchor.last_name, anchor.first_name, anchor.pk
    if forward:
        return specialists.filter(last_name__gte=name).filter(
            Q(last_name__gt=name) | Q(first_name__gt=first) | Q(first_name=first, pk__gt=pk)
        )
    return specialists.filter(last_name__lte=name).filter(
        Q(last_name__lt=name) | Q(first_name__lt=first) | Q(first_name=first, pk__lt=pk)
    )


def _anchor(specialists, value) -> StaffUser | None:
    """The specialist a page is found from, only among those overseen (an id of anyone else,
    or not an id, is no anchor: the page starts at the beginning)."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return specialists.filter(pk=pk).only("pk", "last_name", "first_name").first()


def team_caseloads(
    user,
    membership: Membership | None = None,
    *,
    after=None,
    before=None,
    every_partner: bool | None = None,
) -> tuple[Membership | None, TeamPage | None]:
    """One page of the specialists overseen (by name), each with their caseload's size: the
    page after the specialist `after`, the page before `before`, else the first. Only the
    page's specialists are counted, through the participants' index on the assigned specialist,
    so the page costs the same whether the programme holds ten thousand people or half a
    million, 300 specialists or 14,000 (bench/README.md, decision 0220)."""
    membership = membership or overseeing_membership(user)
    if membership is None:
        return None, None
    overseen = specialists_overseen(user, membership, every_partner=every_partner)
    size = TEAM_PAGE_SIZE
    rows, previous_exists, next_exists = None, False, False
    if before is not None and (anchor := _anchor(overseen, before)):
        rows = list(_beyond(overseen, anchor, forward=False).reverse()[: size + 1])[::-1]
        if len(rows) > size:
            rows, previous_exists, next_exists = rows[1:], True, True
        else:
            rows = None  # back at the start: the first page, as it always reads
    elif after is not None and (anchor := _anchor(overseen, after)):
        rows, previous_exists = list(_beyond(overseen, anchor, forward=True)[: size + 1]), True
        if not rows:  # after the last (someone left since): the first page
            rows, previous_exists = None, False
    if rows is None:
        rows = list(overseen[: size + 1])
    next_from = None
    if len(rows) > size:
        next_from, rows, next_exists = rows[size], rows[:size], True
    sizes = dict(
        Participant.objects.filter(
            programme=membership.programme, assigned_specialist__in=[s.pk for s in rows]
        )
        .exclude(status=Status.EXITED)
        .order_by()
        .values_list("assigned_specialist")
        .annotate(n=Count("id"))
    )
    caseloads = [
        SpecialistCaseload(s, sizes.get(s.pk, 0), band_for(sizes.get(s.pk, 0))) for s in rows
    ]
    return membership, TeamPage(
        caseloads=caseloads,
        previous_before=rows[0].pk if previous_exists and rows else None,
        next_after=rows[-1].pk if next_exists and rows else None,
        next_from=next_from,
    )


def caseload_of(user, specialist: StaffUser) -> list[Participant]:
    return list(
        participants_visible_to(user)
        .filter(assigned_specialist=specialist)
        .exclude(status=Status.EXITED)
        .order_by("last_name", "first_name")
    )
