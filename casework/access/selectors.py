"""The one place that decides which participants a member of staff may see.

A user sees a participant only through their organisation's role in that participant's
programme: the accountable body sees the whole programme; a joint controller or commissioned
provider sees the areas it is responsible for. Caseload-bound roles (employment specialists)
further see only the participants assigned to them. Referrers see none. Everything outside the
scope answers 404, so a guessed id reveals nothing.
"""

from django.db.models import Q, QuerySet

from casework.participants.models import Participant
from casework.programmes.models import OrganisationRole, ProgrammeOrganisation
from casework.staff.models import CASELOAD_BOUND_ROLES, NO_PARTICIPANT_ACCESS_ROLES, Membership

_AREA_RESPONSIBLE_ROLES = (
    OrganisationRole.JOINT_CONTROLLER,
    OrganisationRole.COMMISSIONED_PROVIDER,
)


_NOTHING = Q(pk__in=[])


def _reaches(user):
    """For each of the user's memberships that reaches participants: the membership and a filter
    on programme_id/area_id for the programme and areas their organisation answers for."""
    if not (user and user.is_authenticated and user.is_active and user.organisation_id):
        return
    memberships = Membership.objects.filter(user=user).exclude(role__in=NO_PARTICIPANT_ACCESS_ROLES)
    for membership in memberships:
        parties = ProgrammeOrganisation.objects.filter(
            programme_id=membership.programme_id, organisation_id=user.organisation_id
        )
        in_programme = Q(programme_id=membership.programme_id)
        if parties.filter(role=OrganisationRole.ACCOUNTABLE_BODY).exists():
            yield membership, in_programme
            continue
        area_ids = [
            a
            for a in parties.filter(role__in=_AREA_RESPONSIBLE_ROLES).values_list(
                "areas", flat=True
            )
            if a is not None
        ]
        if area_ids:
            yield membership, in_programme & Q(area_id__in=area_ids)


def participant_scope(user) -> Q:
    """A filter for the participants `user` may see. Matches nothing for anonymous or
    inactive users and for users without a membership."""
    scope = _NOTHING
    for membership, reach in _reaches(user):
        if membership.role in CASELOAD_BOUND_ROLES:
            reach &= Q(assigned_specialist_id=user.pk)
        scope |= reach
    return scope


def area_scope(user) -> Q:
    """The programmes and areas the user's organisation answers for, whatever their caseload:
    for records not yet on anyone's caseload, such as referrals waiting for a decision."""
    scope = _NOTHING
    for _membership, reach in _reaches(user):
        scope |= reach
    return scope


def participants_visible_to(user) -> QuerySet[Participant]:
    return Participant.objects.filter(participant_scope(user))


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("programme", "team")
