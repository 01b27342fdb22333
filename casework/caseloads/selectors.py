"""Who supports how many people: team leaders see their team, programme managers their
organisation. Sizes count participants still being supported (not exited)."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count

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


def _oversees_every_partner(user, membership: Membership) -> bool:
    """A programme manager at the accountable body oversees every partner on the programme."""
    return (
        membership.role != Role.TEAM_LEADER
        and ProgrammeOrganisation.objects.filter(
            programme=membership.programme,
            organisation_id=user.organisation_id,
            role=OrganisationRole.ACCOUNTABLE_BODY,
        ).exists()
    )


def overseen_name(user, membership: Membership) -> str:
    """What the team page lists, in words: the team leader's team, a programme manager's
    organisation, or every delivery partner of the programme (never a team the list is not)."""
    if membership.role == Role.TEAM_LEADER and membership.team:
        return membership.team.name
    if _oversees_every_partner(user, membership):
        return f"Every delivery partner of {membership.programme.name}"
    return user.organisation.name


def specialists_overseen(user, membership: Membership):
    """A team leader oversees their team; a programme manager their organisation, or, at the
    accountable body, every partner on the programme."""
    specialists = Membership.objects.filter(
        programme=membership.programme, role=Role.EMPLOYMENT_SPECIALIST, user__is_active=True
    )
    if not _oversees_every_partner(user, membership):
        specialists = specialists.filter(user__organisation_id=user.organisation_id)
    if membership.role == Role.TEAM_LEADER:
        specialists = specialists.filter(team_id=membership.team_id)
    return StaffUser.objects.filter(pk__in=specialists.values("user_id")).order_by(
        "last_name", "first_name"
    )


TEAM_PAGE_SIZE = 50


def team_caseloads(user, page_number=None) -> tuple[Membership | None, Page | None]:
    """One page of the specialists overseen (by name), each with their caseload's size. Only the
    page's specialists are counted, through the participants' index on the assigned specialist,
    so the page costs the same whether the programme holds ten thousand people or half a million
    (bench/README.md)."""
    membership = overseeing_membership(user)
    if membership is None:
        return None, None
    page = Paginator(specialists_overseen(user, membership), TEAM_PAGE_SIZE).get_page(page_number)
    specialists = list(page.object_list)
    sizes = dict(
        Participant.objects.filter(
            programme=membership.programme, assigned_specialist__in=[s.pk for s in specialists]
        )
        .exclude(status=Status.EXITED)
        .order_by()
        .values_list("assigned_specialist")
        .annotate(n=Count("id"))
    )
    page.object_list = [
        SpecialistCaseload(s, sizes.get(s.pk, 0), band_for(sizes.get(s.pk, 0))) for s in specialists
    ]
    return membership, page


def caseload_of(user, specialist: StaffUser) -> list[Participant]:
    return list(
        participants_visible_to(user)
        .filter(assigned_specialist=specialist)
        .exclude(status=Status.EXITED)
        .order_by("last_name", "first_name")
    )
