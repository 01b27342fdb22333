"""The one place that decides which participants a member of staff may see.

A user sees a participant only through their organisation's role in that participant's
programme: the accountable body sees the whole programme; a joint controller or commissioned
provider sees the areas it is responsible for. Caseload-bound roles (employment specialists)
further see only the participants assigned to them; team leaders see their team's caseloads
and the participants not yet assigned to anyone. Roles without the `view participant` action
(referrers, report-only) see none. Everything outside the scope answers 404, so a guessed id
reveals nothing.
"""

from django.db.models import Q, QuerySet

from casework.access.permissions import Action, roles_with
from casework.participants.models import Participant
from casework.programmes.models import OrganisationRole, ProgrammeOrganisation
from casework.staff.models import CASELOAD_BOUND_ROLES, TEAM_BOUND_ROLES, Membership

_AREA_RESPONSIBLE_ROLES = (
    OrganisationRole.JOINT_CONTROLLER,
    OrganisationRole.COMMISSIONED_PROVIDER,
)


def participant_scope(user) -> Q:
    """A filter for the participants `user` may see. Matches nothing for anonymous or
    inactive users and for users without a membership."""
    nothing = Q(pk__in=[])
    if not (user and user.is_authenticated and user.is_active and user.organisation_id):
        return nothing
    scope = nothing
    memberships = Membership.objects.filter(user=user, role__in=roles_with(Action.VIEW_PARTICIPANT))
    for membership in memberships:
        parties = ProgrammeOrganisation.objects.filter(
            programme_id=membership.programme_id, organisation_id=user.organisation_id
        )
        in_programme = Q(programme_id=membership.programme_id)
        if parties.filter(role=OrganisationRole.ACCOUNTABLE_BODY).exists():
            reach = in_programme
        else:
            area_ids = list(
                parties.filter(role__in=_AREA_RESPONSIBLE_ROLES).values_list("areas", flat=True)
            )
            area_ids = [a for a in area_ids if a is not None]
            if not area_ids:
                continue
            reach = in_programme & Q(area_id__in=area_ids)
        if membership.role in CASELOAD_BOUND_ROLES:
            reach &= Q(assigned_specialist_id=user.pk)
        elif membership.role in TEAM_BOUND_ROLES:
            reach &= _team_caseloads(user, membership)
        scope |= reach
    return scope


def _team_caseloads(user, membership: Membership) -> Q:
    """The team leader's own caseload, their team's caseloads, and nobody's caseload yet."""
    caseload_holders = [user.pk]
    if membership.team_id:
        caseload_holders += Membership.objects.filter(
            programme_id=membership.programme_id, team_id=membership.team_id
        ).values_list("user_id", flat=True)
    return Q(assigned_specialist_id__in=caseload_holders) | Q(assigned_specialist__isnull=True)


def participants_visible_to(user) -> QuerySet[Participant]:
    return Participant.objects.filter(participant_scope(user))


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("programme", "team")
