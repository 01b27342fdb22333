"""The read API: sessions and a participant's attendance, scoped and audited."""

import pytest
from django.urls import reverse

from casework.audit.models import Action, AuditEvent
from casework.groupwork import services
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db


def test_sessions_are_listed_with_a_count_not_names(client, world, job_club, enrolled_a):
    services.book_participant(
        actor=world.user("specialist_a"), session=job_club, participant=enrolled_a
    )
    sign_in(client, world.user("specialist_a"))
    body = client.get(reverse("groupwork:api-sessions")).json()
    assert body["count"] == 1
    (session,) = body["results"]
    assert session["title"] == "Tuesday job club"
    assert session["places_taken"] == 1
    assert session["organisation"] == "Partner A Council"
    assert "Archer" not in str(body)


def test_another_partners_sessions_are_not_listed(client, world, job_club):
    sign_in(client, world.user("specialist_b"))
    assert client.get(reverse("groupwork:api-sessions")).json()["count"] == 0


def test_a_participants_attendance_is_read_and_audited(client, world, job_club, enrolled_a):
    services.book_participant(
        actor=world.user("specialist_a"), session=job_club, participant=enrolled_a
    )
    sign_in(client, world.user("specialist_a"))
    url = reverse("groupwork:api-participant", args=[enrolled_a.pk])
    (booking,) = client.get(url).json()
    assert booking["status"] == "booked"
    assert booking["session"]["title"] == "Tuesday job club"
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, str(event.participant_id), event.purpose) == (
        Action.PARTICIPANT_READ,
        str(enrolled_a.pk),
        "api",
    )
    sign_in(client, world.user("specialist_b"))
    assert client.get(url).status_code == 404


def test_the_endpoints_are_in_the_openapi_schema(client, world):
    sign_in(client, world.user("specialist_a"))
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    assert "/api/group-sessions/" in schema["paths"]
    assert "/api/participants/{participant_id}/group-sessions/" in schema["paths"]
