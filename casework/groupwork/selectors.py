"""Every read of group sessions and their bookings, scoped to the acting user.

Which sessions: the accountable body's staff see every session in the programme; a delivery
partner's staff see their own organisation's sessions; anyone also sees a session on which a
participant they may see is booked (so a participant's timeline can point to it). Roles that may
not see participants see none. Who is on a session: only the participants in the viewer's own
scope (casework.access.selectors.participant_scope); the others are counted, never named, because
a name on a register says that person is on the programme. A session or booking outside the
user's scope answers 404."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from casework.access.permissions import Action, roles_with
from casework.access.selectors import participants_visible_to
from casework.audit.models import Purpose
from casework.groupwork.models import HOLDS_A_PLACE, GroupBooking, GroupSession
from casework.participants.models import Participant, Status
from casework.participants.selectors import record_listed
from casework.programmes.models import OrganisationRole, Programme, ProgrammeOrganisation
from casework.rights.selectors import without_restricted
from casework.staff.models import Membership

_DELIVERING_ROLES = (OrganisationRole.JOINT_CONTROLLER, OrganisationRole.COMMISSIONED_PROVIDER)
_NOTHING = Q(pk__in=[])


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.organisation_id)


def _reach_by_programme(user, action: Action) -> dict[int, int | None]:
    """For each programme where the user's role allows `action`: None if the user's organisation
    is the accountable body (the whole programme), else the organisation (its own sessions)."""
    if not _signed_in(user):
        return {}
    reach: dict[int, int | None] = {}
    for programme_id in Membership.objects.filter(
        user=user, role__in=roles_with(action)
    ).values_list("programme_id", flat=True):
        roles = set(
            ProgrammeOrganisation.objects.filter(
                programme_id=programme_id, organisation_id=user.organisation_id
            ).values_list("role", flat=True)
        )
        if OrganisationRole.ACCOUNTABLE_BODY in roles:
            reach[programme_id] = None
        elif roles & set(_DELIVERING_ROLES):
            reach[programme_id] = user.organisation_id
    return reach


def _organisation_reach(user, action: Action) -> Q:
    reach = _NOTHING
    for programme_id, organisation_id in _reach_by_programme(user, action).items():
        if organisation_id is None:
            reach |= Q(programme_id=programme_id)
        else:
            reach |= Q(programme_id=programme_id, organisation_id=organisation_id)
    return reach


def programmes_for_new_sessions(user) -> list:
    """The programmes in which the user may set up a session run by their organisation."""
    ids = _reach_by_programme(user, Action.EDIT_PARTICIPANT)
    return list(Programme.objects.filter(pk__in=ids).order_by("name"))


def session_scope(user) -> Q:
    if not _reach_by_programme(user, Action.VIEW_PARTICIPANT):
        return _NOTHING
    reach = _organisation_reach(user, Action.VIEW_PARTICIPANT)
    booked = GroupBooking.objects.filter(participant__in=participants_visible_to(user))
    return reach | Q(pk__in=booked.values("session_id"))


def sessions_visible_to(user) -> QuerySet[GroupSession]:
    return GroupSession.objects.filter(session_scope(user)).select_related(
        "organisation", "facilitator", "programme"
    )


def may_manage(user, session: GroupSession) -> bool:
    """Whether the user may change the session, book onto it and keep its register: an editing
    role in the organisation that runs it, or in the programme's accountable body."""
    reach = _reach_by_programme(user, Action.EDIT_PARTICIPANT)
    if session.programme_id not in reach:
        return False
    return reach[session.programme_id] in (None, session.organisation_id)


def may_run_sessions(user) -> bool:
    """Whether the user may set up a session in any programme."""
    return bool(_reach_by_programme(user, Action.EDIT_PARTICIPANT))


def get_session(user, session_id) -> GroupSession:
    try:
        return sessions_visible_to(user).get(pk=session_id)
    except (GroupSession.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404("No group session found") from None


def get_booking(user, booking_id) -> GroupBooking:
    """A booking of a participant the user may see, on a session they may see."""
    try:
        return (
            GroupBooking.objects.filter(
                participant__in=participants_visible_to(user),
                session__in=sessions_visible_to(user),
            )
            .select_related("session", "participant")
            .get(pk=booking_id)
        )
    except (GroupBooking.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404("No booking found") from None


@dataclass(frozen=True)
class Attendees:
    """The bookings of a session the viewer may see, and how many others there are."""

    bookings: list[GroupBooking]
    others: int

    @property
    def holding_places(self) -> list[GroupBooking]:
        return [b for b in self.bookings if b.holds_a_place]


def attendees(
    user,
    session: GroupSession,
    *,
    purpose: str = Purpose.CASE_MANAGEMENT,
    register: bool = False,
) -> Attendees:
    """The session's bookings of participants in the user's scope (audited as a read of them),
    and a count of the rest. For the `register` (the sign-in sheet on screen, printed or as
    CSV), participants whose processing is restricted (Art 18) are left out."""
    every = GroupBooking.objects.filter(session=session)
    shown = without_restricted(every, "participant__") if register else every
    visible = list(
        shown.filter(participant__in=participants_visible_to(user))
        .select_related("participant", "recorded_by")
        .order_by("participant__last_name", "participant__first_name", "pk")
    )
    if visible:
        record_listed(user, [b.participant for b in visible], purpose=purpose)
    return Attendees(visible, every.count() - len(visible))


def places_taken(session: GroupSession) -> int:
    """A count, naming nobody."""
    return GroupBooking.objects.filter(session=session, status__in=HOLDS_A_PLACE).count()


def bookable_participants(user, session: GroupSession) -> list[Participant]:
    """Participants the user may see, on the session's programme, still being supported and not
    already holding a place (audited as a read: their names fill the list)."""
    holding = GroupBooking.objects.filter(session=session, status__in=HOLDS_A_PLACE)
    participants = list(
        without_restricted(participants_visible_to(user))
        .filter(programme_id=session.programme_id)
        .exclude(status=Status.EXITED)
        .exclude(pk__in=holding.values("participant_id"))
        .order_by("last_name", "first_name", "pk")
    )
    if participants:
        record_listed(user, participants, purpose=Purpose.CASE_MANAGEMENT)
    return participants


def attendances_of(user, participant: Participant) -> list[GroupBooking]:
    """The participant's bookings (the caller has read the participant through a scoped,
    audited selector)."""
    return list(
        GroupBooking.objects.filter(participant__in=participants_visible_to(user))
        .filter(participant=participant)
        .select_related("session", "session__organisation")
        .order_by("-session__starts_at")
    )


def sessions_for_api(user) -> QuerySet[GroupSession]:
    return sessions_visible_to(user).order_by("starts_at", "pk")
