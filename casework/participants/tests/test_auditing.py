"""Every read of a participant's personal data and every change writes exactly one audit event,
in the same transaction; a guessed out-of-scope id is a recorded denial that reveals nothing."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse
from rest_framework.pagination import PageNumberPagination

from casework.audit.models import Action, AuditEvent, Purpose
from casework.participants import selectors, services
from casework.participants.models import Status
from casework.testing import factories
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db

SIGN_IN_ACTIONS = (Action.SIGN_IN, Action.SIGN_OUT, Action.SIGN_IN_FAILED)


def recorded(**filters) -> list[AuditEvent]:
    """Events other than sign-in/out (the test client's force_login signs in)."""
    return list(AuditEvent.objects.exclude(action__in=SIGN_IN_ACTIONS).filter(**filters))


def test_opening_a_record_is_one_read_with_who_why_and_where(client, world, participant_a):
    user = world.user("specialist_a")
    sign_in(client, user)
    response = client.get(
        reverse("participants:detail", args=[participant_a.pk]), HTTP_USER_AGENT="Test browser"
    )
    assert response.status_code == 200
    [event] = recorded()
    assert event.action == Action.PARTICIPANT_READ
    assert (event.actor, event.participant_id) == (user, participant_a.pk)
    assert event.purpose == Purpose.CASE_MANAGEMENT
    assert (event.source_ip, event.user_agent) == ("127.0.0.1", "Test browser")


def test_the_api_detail_is_one_read(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    assert client.get(reverse("api:participant", args=[participant_a.pk])).status_code == 200
    [event] = recorded()
    assert (event.action, event.participant_id, event.purpose) == (
        Action.PARTICIPANT_READ,
        participant_a.pk,
        Purpose.API,
    )


def test_each_api_list_page_is_one_read_of_the_participants_on_it(
    client, world, participant_a, participant_b, monkeypatch
):
    monkeypatch.setattr(PageNumberPagination, "page_size", 1)
    sign_in(client, world.user("manager"))
    first = client.get(reverse("api:participants")).json()
    client.get(reverse("api:participants"), {"page": 2})
    events = recorded()
    assert len(events) == 2
    assert [e.participant_ids for e in events] == [[str(participant_a.pk)], [str(participant_b.pk)]]
    assert first["results"][0]["first_name"] == "Alice"


def test_a_search_is_one_event_listing_what_it_showed_but_not_the_words(
    client, world, participant_a
):
    sign_in(client, world.user("team_leader_a"))
    nino = participant_a.national_insurance_number
    response = client.post(reverse("participants:search"), {"q": nino}, follow=True)
    assert b"Alice" in response.content
    [event] = recorded()
    assert event.action == Action.PARTICIPANT_SEARCH
    assert event.participant_ids == [str(participant_a.pk)]
    stored = " ".join(str(v) for v in AuditEvent.objects.values_list().get(pk=event.pk))
    assert nino not in stored


def test_the_caseload_is_one_read_of_the_people_on_it(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    client.get(reverse("participants:caseload"))
    [event] = recorded()
    assert (event.purpose, event.participant_ids) == (Purpose.CASELOAD, [str(participant_a.pk)])


def test_a_guessed_out_of_scope_id_is_a_404_recorded_as_a_denial(client, world, participant_b):
    user = world.user("specialist_a")
    sign_in(client, user)
    for url in ("participants:detail", "participants:edit", "api:participant"):
        response = client.get(reverse(url, args=[participant_b.pk]))
        assert response.status_code == 404
        # The page's own words, not the header (which names the signed-in member of staff,
        # whose random name may well be Bob or Baker).
        shown = response.content.decode().split("<main", 1)[-1].split("</main>", 1)[0]
        assert "Bob" not in shown and "Baker" not in shown
    events = recorded()
    assert [e.action for e in events] == [Action.PERMISSION_DENIED] * 3
    assert {(e.actor, e.participant_id) for e in events} == {(user, participant_b.pk)}


def test_an_id_that_does_not_exist_is_a_404_without_an_event(client, world):
    sign_in(client, world.user("specialist_a"))
    url = reverse("participants:detail", args=["00000000-0000-4000-8000-000000000000"])
    assert client.get(url).status_code == 404
    assert recorded() == []


def test_adding_a_participant_records_the_field_names_not_the_values(world):
    specialist = world.user("specialist_a")
    participant = services.create_participant(
        actor=specialist,
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=specialist,
        first_name="Dora",
        last_name="Dean",
        date_of_birth=datetime.date(1990, 5, 1),
        gender="woman",
        address_line_1="1 High Street",
        town="Luton",
        postcode="LU1 2AB",
        national_insurance_number="QQ123456C",
    )
    [event] = recorded()
    assert (event.action, event.participant_id) == (Action.PARTICIPANT_CREATE, participant.pk)
    assert {"first_name", "national_insurance_number", "postcode"} <= set(event.changed_fields)
    stored = " ".join(str(v) for v in AuditEvent.objects.values_list().get(pk=event.pk))
    assert "QQ123456C" not in stored and "Dora" not in stored


def test_a_change_records_only_the_fields_that_changed(world, participant_a):
    services.update_participant(
        actor=world.user("specialist_a"),
        participant=participant_a,
        phone="01582 000000",
        first_name="Alice",
    )
    [event] = recorded()
    assert (event.action, event.changed_fields) == (Action.PARTICIPANT_UPDATE, ["phone"])


def test_a_status_change_is_one_event(world, participant_a):
    services.change_status(
        actor=world.user("specialist_a"),
        participant=participant_a,
        to=Status.ENROLLED,
        on=datetime.date(2026, 2, 1),
    )
    [event] = recorded()
    assert event.action == Action.PARTICIPANT_STATUS_CHANGE
    assert event.changed_fields == ["enrolled_on", "status"]


def test_a_failed_audit_write_fails_the_change(world, participant_a):
    with override_settings(CASEWORK_AUDIT_KEY=""), pytest.raises(ImproperlyConfigured):
        services.update_participant(
            actor=world.user("specialist_a"), participant=participant_a, phone="01582 111111"
        )
    participant_a.refresh_from_db()
    assert participant_a.phone == ""
    assert recorded() == []


def test_a_failed_audit_write_fails_the_read(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    client.raise_request_exception = False
    with override_settings(CASEWORK_AUDIT_KEY=""):
        response = client.get(reverse("participants:detail", args=[participant_a.pk]))
        with pytest.raises(ImproperlyConfigured):
            selectors.get_participant(world.user("specialist_a"), participant_a.pk)
    assert response.status_code == 500
    assert b"Alice" not in response.content


def test_signing_in_failing_and_signing_out_are_recorded(client, world):
    user = world.user("specialist_a")
    sign_in = reverse("staff:sign-in")
    client.post(sign_in, {"username": user.email, "password": "wrong password!"})
    client.post(sign_in, {"username": user.email, "password": factories.PASSWORD})
    client.post(reverse("staff:sign-out"))
    events = list(AuditEvent.objects.filter(actor=user))
    assert [e.action for e in events] == [Action.SIGN_IN_FAILED, Action.SIGN_IN, Action.SIGN_OUT]
    assert events[0].source_ip == "127.0.0.1"


def test_a_failed_sign_in_for_an_unknown_email_keeps_what_was_typed(client, db):
    client.post(reverse("staff:sign-in"), {"username": "nobody@example.com", "password": "x"})
    [event] = AuditEvent.objects.all()
    assert (event.action, event.actor, event.actor_label) == (
        Action.SIGN_IN_FAILED,
        None,
        "nobody@example.com",
    )


def test_a_password_typed_into_the_email_box_is_not_kept(client, db):
    client.post(reverse("staff:sign-in"), {"username": "hunter2-Secret!", "password": "x"})
    [event] = AuditEvent.objects.all()
    assert event.actor_label == "(not an email address)"
