"""Group sessions for the demo: for each organisation with staff who run sessions, two past
sessions with their registers kept and three coming up with places booked. Idempotent: nothing
is added if the programme already has sessions.

Upcoming sessions are set up and booked through casework.groupwork.services. The services refuse
to set up or book a session in the past (they are for live work), so the past sessions and
their bookings are written as history, as a fixture would be; their registers are then kept
through the register service, which audits them."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from casework.access.permissions import Action, roles_with
from casework.groupwork import services
from casework.groupwork.models import GroupBooking, GroupSession, SessionKind
from casework.participants.models import Participant, Status
from casework.programmes.models import OrganisationRole, ProgrammeOrganisation
from casework.staff.models import Membership, Role

# (days from today, start hour, hours long, kind, title, online, places)
_SESSIONS = (
    (-21, 10, 2, SessionKind.JOB_CLUB, "Job club", False, 12),
    (-9, 13, 3, SessionKind.WORKSHOP, "CV and cover letter workshop", False, 10),
    (3, 14, 1, SessionKind.WORKSHOP, "Interview skills", True, 15),
    (7, 10, 2, SessionKind.JOB_CLUB, "Job club", False, 12),
    (14, 10, 5, SessionKind.COURSE, "Confidence at work: a one-day course", False, 8),
)
_VENUES = {
    "Luton Borough Council": "Luton Central Library, meeting room 2",
    "Milton Keynes City Council": "Milton Keynes Central Library, training room",
    "West Northamptonshire Council": "Northampton Guildhall, Court Room",
}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@transaction.atomic
def load_group_sessions(programme, *, manager, seed: int) -> int:
    """Returns how many sessions it created."""
    if GroupSession.objects.filter(programme=programme).exists():
        return 0
    rng = random.Random(f"{seed}-groupwork")
    today = timezone.localdate()
    runners = ProgrammeOrganisation.objects.filter(
        programme=programme,
        role__in=(OrganisationRole.JOINT_CONTROLLER, OrganisationRole.ACCOUNTABLE_BODY),
    ).values("organisation_id")
    organisers = {}  # organisation -> a member of its staff who may run sessions
    for membership in (
        Membership.objects.filter(
            programme=programme,
            role__in=roles_with(Action.EDIT_PARTICIPANT) - {Role.PROGRAMME_MANAGER},
            user__organisation_id__in=runners,
        )
        .select_related("user__organisation")
        .order_by("user__email")
    ):
        organisers.setdefault(membership.user.organisation, membership.user)
    created = 0
    for organisation, organiser in organisers.items():
        supported = list(
            Participant.objects.filter(
                programme=programme,
                responsible_organisation=organisation,
                status__in=(Status.ENROLLED, Status.IN_WORK),
            ).order_by("local_authority_identifier")
        )
        for days, hour, length, kind, title, online, places in _SESSIONS:
            day = today + datetime.timedelta(days=days)
            values = {
                "kind": kind,
                "title": title,
                "description": "",
                "starts_at": _at(day, hour),
                "ends_at": _at(day, hour + length),
                "online": online,
                "location": "" if online else _VENUES.get(organisation.name, "Council offices"),
                "capacity": places,
                "facilitator": organiser,
            }
            attendees = rng.sample(supported, min(len(supported), rng.randrange(3, places - 1)))
            if days > 0:
                session = services.create_session(actor=organiser, programme=programme, **values)
                for participant in attendees:
                    services.book_participant(
                        actor=manager, session=session, participant=participant
                    )
            else:
                session = GroupSession.objects.create(
                    programme=programme, organisation=organisation, created_by=organiser, **values
                )
                bookings = [
                    GroupBooking.objects.create(
                        session=session, participant=participant, booked_by=organiser
                    )
                    for participant in attendees
                ]
                services.record_register(
                    actor=manager,
                    session=session,
                    attended={b.pk for b in bookings if rng.random() < 0.75},
                )
            created += 1
    return created
