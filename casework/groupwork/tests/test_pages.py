"""The group-session pages as staff use them: setting one up, booking, the sign-in register,
and who sees whose names on a session."""

import re

import pytest
from django.urls import reverse

from casework.audit.models import Action, AuditEvent
from casework.groupwork import services
from casework.groupwork.models import BookingStatus, GroupBooking, GroupSession
from casework.groupwork.tests.conftest import at
from casework.testing.auth import sign_in
from casework.testing.exports import csv_rows

pytestmark = pytest.mark.django_db


def signed_in(client, world, name):
    sign_in(client, world.user(name))
    return client


def session_form(**overrides):
    data = {
        "kind": "workshop",
        "title": "CV workshop",
        "description": "Bring your CV",
        "date-day": "26",
        "date-month": "11",
        "date-year": "2026",
        "start_time": "10:00",
        "end_time": "12:30",
        "location": "Luton Library",
        "capacity": "12",
        "facilitator": "",
    }
    data.update(overrides)
    return data


def error_links(html: str) -> list[tuple[str, str]]:
    summary = html.split('class="govuk-error-summary', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)


def test_setting_up_a_session(client, world, clock):
    signed_in(client, world, "specialist_a")
    data = session_form(programme=str(world.programme.pk))
    response = client.post(reverse("groupwork:new"), data)
    session = GroupSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("groupwork:session", args=[session.pk])
    assert (session.starts_at, session.ends_at) == (at(26, 10), at(26, 12, 30))
    page = client.get(response["Location"]).content.decode()
    assert "CV workshop" in page and "Partner A Council" in page and "0 of 12 booked" in page


def test_a_session_ending_before_it_starts_says_so_on_the_end_time(client, world, clock):
    signed_in(client, world, "specialist_a")
    data = session_form(programme=str(world.programme.pk), end_time="9:00", capacity="500")
    response = client.post(reverse("groupwork:new"), data)
    assert response.status_code == 200
    links = error_links(response.content.decode())
    assert ("#end_time", "The session must end after it starts") in links
    assert ("#capacity", "The number of places must be between 1 and 200") in links
    assert not GroupSession.objects.exists()


def test_a_missing_date_and_bad_time_are_named_on_their_fields(client, world, clock):
    signed_in(client, world, "specialist_a")
    data = session_form(programme=str(world.programme.pk), start_time="ten", **{"date-day": ""})
    links = error_links(client.post(reverse("groupwork:new"), data).content.decode())
    assert ("#date-day", "Date of the session must include a day") in links
    assert ("#start_time", "Enter the time like 9:30 or 14:30") in links


def test_booking_through_the_page_refuses_a_second_booking_on_the_field(
    client, world, job_club, enrolled_a
):
    signed_in(client, world, "specialist_a")
    url = reverse("groupwork:book", args=[job_club.pk])
    page = client.get(url).content.decode()
    assert "Alice Archer" in page
    response = client.post(url, {"participant": str(enrolled_a.pk)})
    assert response.status_code == 302
    assert GroupBooking.objects.get().participant == enrolled_a
    # Booked: no longer offered, and a stale form posting them again is refused by the field.
    again = client.post(url, {"participant": str(enrolled_a.pk)}).content.decode()
    assert "Select a participant from the list" in again
    assert GroupBooking.objects.count() == 1


def test_the_sign_in_register_flow(client, world, job_club, enrolled_a, caseload_a2, clock):
    leader = world.user("team_leader_a")
    for someone in (enrolled_a, caseload_a2):
        services.book_participant(actor=leader, session=job_club, participant=someone)
    signed_in(client, world, "team_leader_a")
    url = reverse("groupwork:register", args=[job_club.pk])
    before = client.get(url).content.decode()
    assert "The register opens when the session starts" in before
    assert 'name="attended"' not in before
    refused = client.post(url, {"attended": [str(b.pk) for b in GroupBooking.objects.all()]})
    assert "The register opens when the session starts" in refused.content.decode()
    assert set(GroupBooking.objects.values_list("status", flat=True)) == {BookingStatus.BOOKED}

    clock.move_to(at(25, 10, 10))
    signed_in(client, world, "team_leader_a")  # a new day: signed in afresh
    page = client.get(url).content.decode()
    assert page.count('name="attended"') == 2
    came = GroupBooking.objects.get(participant=enrolled_a)
    response = client.post(url, {"attended": [str(came.pk)]})
    assert response.status_code == 302
    statuses = dict(GroupBooking.objects.values_list("participant__last_name", "status"))
    assert statuses == {"Archer": "attended", "Cooper": "did_not_attend"}
    session_page = client.get(response["Location"]).content.decode()
    assert "Attended" in session_page and "Did not attend" in session_page
    # The ticked box stays ticked when the register is opened again.
    again = client.get(url).content.decode()
    assert re.search(rf'value="{came.pk}"\s+checked', again)


def test_a_session_shows_only_the_attendees_in_the_viewers_scope(
    client, world, job_club, enrolled_a, enrolled_b, caseload_a2
):
    manager = world.user("manager")
    for someone in (enrolled_a, enrolled_b, caseload_a2):
        services.book_participant(actor=manager, session=job_club, participant=someone)
    url = reverse("groupwork:session", args=[job_club.pk])

    everyone = client.get(signed_in(client, world, "manager") and url).content.decode()
    assert all(n in everyone for n in ("Alice Archer", "Bob Baker", "Carol Cooper"))
    assert "3 of 8 booked" in everyone

    client.logout()
    own = client.get(signed_in(client, world, "specialist_a") and url).content.decode()
    assert "Alice Archer" in own
    assert "Bob Baker" not in own and "Carol Cooper" not in own
    assert "2 other bookings are for participants outside your caseload" in own

    client.logout()
    leader = client.get(signed_in(client, world, "team_leader_a") and url).content.decode()
    assert "Alice Archer" in leader and "Carol Cooper" in leader and "Bob Baker" not in leader
    assert "1 other booking is" in leader
    event = AuditEvent.objects.filter(action=Action.PARTICIPANT_READ).order_by("-id")[0]
    assert {str(p) for p in event.participant_ids} == {str(enrolled_a.pk), str(caseload_a2.pk)}


def test_partner_b_sees_partner_as_session_only_for_its_own_participant(
    client, world, job_club, enrolled_a, enrolled_b
):
    manager = world.user("manager")
    url = reverse("groupwork:session", args=[job_club.pk])
    signed_in(client, world, "specialist_b")
    assert client.get(url).status_code == 404
    assert "Tuesday job club" not in client.get(reverse("groupwork:sessions")).content.decode()
    services.book_participant(actor=manager, session=job_club, participant=enrolled_a)
    services.book_participant(actor=manager, session=job_club, participant=enrolled_b)
    page = client.get(url).content.decode()
    assert "Bob Baker" in page and "Alice Archer" not in page
    assert "Book a participant" not in page  # partner B does not run partner A's session
    assert client.get(reverse("groupwork:book", args=[job_club.pk])).status_code == 403


def test_the_printable_register_and_its_csv(client, world, job_club, enrolled_a):
    enrolled_a.preferred_name = "=HYPERLINK(1)"
    enrolled_a.save()
    services.book_participant(
        actor=world.user("specialist_a"), session=job_club, participant=enrolled_a
    )
    signed_in(client, world, "specialist_a")
    printed = client.get(reverse("groupwork:register-print", args=[job_club.pk]))
    assert "groupwork/register.css" in printed.content.decode()
    assert "=HYPERLINK(1) Archer" in printed.content.decode()
    response = client.get(reverse("groupwork:register-csv", args=[job_club.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="register-2026-11-25.csv"'
    rows = csv_rows(response)
    assert rows[0][:3] == ["Session", "Date", "Name"]
    assert rows[1][2] == "'=HYPERLINK(1) Archer"
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == Action.EXPORT
    assert [str(p) for p in event.participant_ids] == [str(enrolled_a.pk)]


def test_cancelling_a_place_and_the_session(client, world, job_club, enrolled_a):
    booking = services.book_participant(
        actor=world.user("specialist_a"), session=job_club, participant=enrolled_a
    )
    signed_in(client, world, "specialist_a")
    url = reverse("groupwork:cancel-booking", args=[booking.pk])
    assert "Select who cancelled" in client.post(url, {}).content.decode()
    client.post(url, {"status": "cancelled_by_participant"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED_BY_PARTICIPANT
    cancel = reverse("groupwork:cancel", args=[job_club.pk])
    assert "Enter why the session is cancelled" in client.post(cancel, {}).content.decode()
    response = client.post(cancel, {"reason": "Venue closed"})
    page = client.get(response["Location"]).content.decode()
    assert "This session was cancelled: Venue closed" in page


def test_the_participants_sessions_and_timeline_show_their_attendance(
    client, world, job_club, enrolled_a, clock
):
    specialist = world.user("specialist_a")
    booking = services.book_participant(actor=specialist, session=job_club, participant=enrolled_a)
    clock.move_to(at(25, 10, 5))
    services.record_register(actor=specialist, session=job_club, attended={booking.pk})
    signed_in(client, world, "specialist_a")
    detail = client.get(reverse("participants:detail", args=[enrolled_a.pk])).content.decode()
    listing_url = reverse("groupwork:participant", args=[enrolled_a.pk])
    assert listing_url in detail
    listing = client.get(listing_url).content.decode()
    assert "Tuesday job club" in listing and "Attended" in listing
    timeline = client.get(reverse("journey:timeline", args=[enrolled_a.pk])).content.decode()
    assert "Job club: Tuesday job club" in timeline
    assert reverse("groupwork:session", args=[job_club.pk]) in timeline


def test_the_list_splits_upcoming_and_past(client, world, job_club, clock):
    signed_in(client, world, "specialist_a")
    page = client.get(reverse("groupwork:sessions")).content.decode()
    assert page.index("Upcoming sessions") < page.index("Tuesday job club")
    clock.move_to(at(26, 9))
    signed_in(client, world, "specialist_a")
    page = client.get(reverse("groupwork:sessions")).content.decode()
    assert "No sessions are coming up" in page
    assert page.index("Past sessions") < page.index("Tuesday job club")
