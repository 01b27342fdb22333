"""Who supports how many people: team leaders see their team, programme managers their
organisation. Sizes count participants still being supported (not exited)."""

from dataclasses import dataclass

from django.db.models import Count, Q

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


def team_caseloads(user) -> tuple[Membership | None, list[SpecialistCaseload]]:
    membership = overseeing_membership(user)
    if membership is None:
        return None, []
    specialists = specialists_overseen(user, membership).annotate(
        active=Count(
            "caseload",
            filter=Q(caseload__programme=membership.programme) & ~Q(caseload__status=Status.EXITED),
        )
    )
    return membership, [SpecialistCaseload(s, s.active, band_for(s.active)) for s in specialists]


def caseload_of(user, specialist: StaffUser) -> list[Participant]:
    return list(
        participants_visible_to(user)
        .filter(assigned_specialist=specialist)
        .exclude(status=Status.EXITED)
        .order_by("last_name", "first_name")
    )
