"""The rules of group sessions: setting one up, booking places, cancelling, the register."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casework.audit.models import AuditEvent
from casework.groupwork import services
from casework.groupwork.models import BookingStatus, GroupBooking, GroupSession
from casework.groupwork.tests.conftest import at, new_session
from casework.participants.models import Status
from casework.testing import factories

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_a_session_is_run_by_the_organisation_of_whoever_sets_it_up(world, job_club):
    assert job_club.organisation == world.org_a
    assert job_club.programme == world.programme
    assert job_club.where == "Luton Central Library, room 2"
    event = AuditEvent.objects.order_by("-id").first()
    assert event.purpose == "groupwork.session.create"
    assert event.action == "group_session"
    assert event.participant_id is None
    assert event.actor == world.user("specialist_a")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": at(25, 10)}, "ends_at", "The session must end after it starts"),
        ({"ends_at": at(25, 9)}, "ends_at", "The session must end after it starts"),
        ({"capacity": 0}, "capacity", "between 1 and 200"),
        ({"capacity": 201}, "capacity", "between 1 and 200"),
        ({"location": "  "}, "location", "or say it is online"),
        ({"title": ""}, "title", "Enter a title"),
        ({"kind": "party"}, "kind", "Select the kind of session"),
        ({"starts_at": at(23, 9), "ends_at": at(23, 11)}, "starts_at", "start in the future"),
    ],
)
def test_a_session_that_does_not_add_up_is_refused_on_its_field(
    world, clock, overrides, field, message
):
    with pytest.raises(ValidationError) as excinfo:
        new_session(world.user("specialist_a"), world.programme, **overrides)
    assert message in " ".join(errors_of(excinfo)[field])
    assert not GroupSession.objects.exists()


def test_an_online_session_needs_no_venue_and_keeps_none(world, clock):
    session = new_session(
        world.user("specialist_a"), world.programme, online=True, location="ignored"
    )
    assert session.where == "Online"
    assert session.location == ""


def test_the_facilitator_must_work_for_the_organisation_running_it(world, clock):
    with pytest.raises(ValidationError) as excinfo:
        new_session(
            world.user("specialist_a"), world.programme, facilitator=world.user("specialist_b")
        )
    assert "facilitator" in errors_of(excinfo)


def test_roles_that_do_not_edit_cannot_set_up_sessions(world, clock):
    for name in ("dpo", "auditor_a", "referrer", "report_only"):
        with pytest.raises(PermissionDenied):
            new_session(world.user(name), world.programme, facilitator=None)


def test_booking_takes_a_place_and_is_audited_with_the_participant(world, job_club, enrolled_a):
    booking = services.book_participant(
        actor=world.user("specialist_a"), session=job_club, participant=enrolled_a
    )
    assert booking.status == BookingStatus.BOOKED
    event = AuditEvent.objects.order_by("-id").first()
    assert event.purpose == "groupwork.booking.book"
    assert str(event.participant_id) == str(enrolled_a.pk)


def test_a_participant_cannot_be_booked_twice(world, job_club, enrolled_a):
    specialist = world.user("specialist_a")
    services.book_participant(actor=specialist, session=job_club, participant=enrolled_a)
    with pytest.raises(ValidationError) as excinfo:
        services.book_participant(actor=specialist, session=job_club, participant=enrolled_a)
    assert "already booked" in errors_of(excinfo)["participant"][0]
    assert GroupBooking.objects.count() == 1


def test_a_full_session_takes_no_more_bookings(world, clock, enrolled_a, caseload_a2):
    manager = world.user("team_leader_a")
    session = new_session(manager, world.programme, capacity=1, facilitator=None)
    services.book_participant(actor=manager, session=session, participant=enrolled_a)
    with pytest.raises(ValidationError) as excinfo:
        services.book_participant(actor=manager, session=session, participant=caseload_a2)
    assert errors_of(excinfo)["participant"] == ["This session is full"]


def test_a_cancelled_place_frees_it_and_the_participant_can_book_again(
    world, clock, enrolled_a, caseload_a2
):
    leader = world.user("team_leader_a")
    session = new_session(leader, world.programme, capacity=1, facilitator=None)
    booking = services.book_participant(actor=leader, session=session, participant=enrolled_a)
    services.cancel_booking(
        actor=leader, booking=booking, status=BookingStatus.CANCELLED_BY_PARTICIPANT
    )
    services.book_participant(actor=leader, session=session, participant=caseload_a2)
    services.cancel_booking(
        actor=leader,
        booking=GroupBooking.objects.get(participant=caseload_a2),
        status=BookingStatus.CANCELLED_BY_PROVIDER,
    )
    again = services.book_participant(actor=leader, session=session, participant=enrolled_a)
    assert again.pk == booking.pk
    assert again.status == BookingStatus.BOOKED


def test_an_exited_participant_cannot_be_booked(world, job_club, enrolled_a):
    enrolled_a.status = Status.EXITED
    enrolled_a.save()
    with pytest.raises(ValidationError) as excinfo:
        services.book_participant(
            actor=world.user("specialist_a"), session=job_club, participant=enrolled_a
        )
    assert "has exited" in errors_of(excinfo)["participant"][0]


def test_no_booking_on_a_session_that_has_started_or_was_cancelled(
    world, job_club, enrolled_a, clock
):
    specialist = world.user("specialist_a")
    clock.move_to(at(25, 10, 5))
    with pytest.raises(ValidationError) as excinfo:
        services.book_participant(actor=specialist, session=job_club, participant=enrolled_a)
    assert errors_of(excinfo)["participant"] == ["This session has already started"]
    clock.move_to(at(24, 9))
    services.cancel_session(actor=specialist, session=job_club, reason="Venue flooded")
    job_club.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.book_participant(actor=specialist, session=job_club, participant=enrolled_a)
    assert errors_of(excinfo)["participant"] == ["This session has been cancelled"]


def test_only_participants_in_scope_can_be_booked(world, job_club, enrolled_b, caseload_a2):
    specialist = world.user("specialist_a")
    for someone in (enrolled_b, caseload_a2):  # another partner's; a colleague's caseload
        with pytest.raises(PermissionDenied):
            services.book_participant(actor=specialist, session=job_club, participant=someone)


def test_another_organisations_staff_cannot_run_the_session(world, job_club, enrolled_b):
    with pytest.raises(PermissionDenied):
        services.book_participant(
            actor=world.user("specialist_b"), session=job_club, participant=enrolled_b
        )


def test_the_programme_manager_books_anyone_in_the_programme(world, job_club, enrolled_b):
    booking = services.book_participant(
        actor=world.user("manager"), session=job_club, participant=enrolled_b
    )
    assert booking.participant == enrolled_b


def test_places_cannot_drop_below_the_places_booked(world, job_club, enrolled_a, caseload_a2):
    leader = world.user("team_leader_a")
    for someone in (enrolled_a, caseload_a2):
        services.book_participant(actor=leader, session=job_club, participant=someone)
    values = {
        "kind": job_club.kind,
        "title": job_club.title,
        "starts_at": job_club.starts_at,
        "ends_at": job_club.ends_at,
        "location": job_club.location,
        "facilitator": None,
    }
    with pytest.raises(ValidationError) as excinfo:
        services.update_session(actor=leader, session=job_club, capacity=1, **values)
    assert "2 places are already booked" in errors_of(excinfo)["capacity"][0]
    updated = services.update_session(
        actor=leader, session=job_club, capacity=2, **{**values, "title": "Job club"}
    )
    assert (updated.title, updated.capacity) == ("Job club", 2)


def test_cancelling_the_session_cancels_every_place_by_the_provider(world, job_club, enrolled_a):
    specialist = world.user("specialist_a")
    services.book_participant(actor=specialist, session=job_club, participant=enrolled_a)
    services.cancel_session(actor=specialist, session=job_club, reason="Facilitator ill")
    booking = GroupBooking.objects.get()
    assert booking.status == BookingStatus.CANCELLED_BY_PROVIDER
    with pytest.raises(ValidationError):
        services.cancel_session(actor=specialist, session=job_club, reason="again")


def test_the_register_opens_when_the_session_starts(world, job_club, enrolled_a, clock):
    specialist = world.user("specialist_a")
    booking = services.book_participant(actor=specialist, session=job_club, participant=enrolled_a)
    with pytest.raises(ValidationError) as excinfo:
        services.record_register(actor=specialist, session=job_club, attended={booking.pk})
    assert errors_of(excinfo)["attended"] == ["The register opens when the session starts"]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_ticked_attended_and_unticked_did_not_attend(
    world, clock, job_club, enrolled_a, caseload_a2
):
    leader = world.user("team_leader_a")
    came = services.book_participant(actor=leader, session=job_club, participant=enrolled_a)
    absent = services.book_participant(actor=leader, session=job_club, participant=caseload_a2)
    clock.move_to(at(25, 10, 20))
    services.record_register(actor=leader, session=job_club, attended={str(came.pk)})
    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.status, came.signed_in_at) == (BookingStatus.ATTENDED, at(25, 10, 20))
    assert (absent.status, absent.signed_in_at) == (BookingStatus.DID_NOT_ATTEND, None)
    assert came.recorded_by == leader
    event = AuditEvent.objects.order_by("-id").first()
    assert event.purpose == "groupwork.register"
    assert {str(p) for p in event.participant_ids} == {str(enrolled_a.pk), str(caseload_a2.pk)}
    # Saved again later: the first sign-in time stays.
    clock.move_to(at(25, 11))
    services.record_register(actor=leader, session=job_club, attended={came.pk, absent.pk})
    came.refresh_from_db()
    absent.refresh_from_db()
    assert came.signed_in_at == at(25, 10, 20)
    assert (absent.status, absent.signed_in_at) == (BookingStatus.ATTENDED, at(25, 11))


def test_the_register_leaves_alone_places_the_facilitator_cannot_see(
    world, clock, job_club, enrolled_a, caseload_a2
):
    leader = world.user("team_leader_a")
    services.book_participant(actor=leader, session=job_club, participant=enrolled_a)
    colleague = services.book_participant(actor=leader, session=job_club, participant=caseload_a2)
    clock.move_to(at(25, 10, 30))
    services.record_register(actor=world.user("specialist_a"), session=job_club, attended=set())
    colleague.refresh_from_db()
    assert colleague.status == BookingStatus.BOOKED
    with pytest.raises(ValidationError) as excinfo:  # a ticked id from outside their scope
        services.record_register(
            actor=world.user("specialist_a"), session=job_club, attended={colleague.pk}
        )
    assert "Tick only" in errors_of(excinfo)["attended"][0]


def test_a_session_in_another_programme_cannot_take_the_participant(world, clock, enrolled_a):
    other = factories.ProgrammeFactory()
    session = GroupSession.objects.create(
        programme=other,
        organisation=world.org_a,
        kind="course",
        title="Elsewhere",
        starts_at=at(26, 10),
        ends_at=at(26, 11),
        location="x",
        capacity=5,
    )
    with pytest.raises(PermissionDenied):  # not an organisation running sessions there
        services.book_participant(
            actor=world.user("specialist_a"), session=session, participant=enrolled_a
        )
