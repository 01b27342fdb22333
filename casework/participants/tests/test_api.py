"""The participants API: the same rules as the pages, as JSON."""

import pytest
from django.urls import reverse

from casework.participants.models import Participant
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db


def payload(world, **overrides):
    data = {
        "programme": world.programme.slug,
        "area": world.area_a.code,
        "responsible_organisation": world.org_a.pk,
        "assigned_specialist": world.user("specialist_a").email,
        "first_name": "Ray",
        "last_name": "Jones",
        "date_of_birth": "1985-06-30",
        "gender": "man",
        "address_line_1": "3 Mill Lane",
        "town": "Luton",
        "postcode": "LU3 1AA",
        "national_insurance_number": "QQ 11 22 33 B",
    }
    data.update(overrides)
    return data


def test_create_read_and_update_through_the_api(client, world):
    sign_in(client, world.user("specialist_a"))
    created = client.post(
        reverse("api:participants"), payload(world), content_type="application/json"
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["national_insurance_number"] == "QQ112233B"
    assert body["status"] == "referred"
    url = reverse("api:participant", args=[body["id"]])
    changed = client.patch(url, {"preferred_name": "Raymond"}, content_type="application/json")
    assert changed.status_code == 200
    assert client.get(url).json()["preferred_name"] == "Raymond"


def test_a_possible_duplicate_is_added_only_once_checked(client, world):
    sign_in(client, world.user("specialist_a"))
    url = reverse("api:participants")
    assert client.post(url, payload(world), content_type="application/json").status_code == 201
    twin = payload(world, national_insurance_number="", first_name="Rae")
    refused = client.post(url, twin, content_type="application/json")
    assert refused.status_code == 400
    assert "already on the programme" in refused.json()["different_person"][0]
    checked = {**twin, "different_person": True}
    assert client.post(url, checked, content_type="application/json").status_code == 201
    assert Participant.objects.count() == 2


def test_bad_input_answers_400_with_messages_on_each_field(client, world):
    sign_in(client, world.user("specialist_a"))
    response = client.post(
        reverse("api:participants"),
        payload(
            world, national_insurance_number="TN123456A", postcode="X", date_of_birth="2090-01-01"
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert "not a prefix" in errors["national_insurance_number"][0]
    assert "real UK postcode" in errors["postcode"][0]
    assert "in the past" in errors["date_of_birth"][0]
    assert Participant.objects.count() == 0


def test_duplicate_nino_is_a_field_error(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    response = client.post(
        reverse("api:participants"),
        payload(world, national_insurance_number=participant_a.national_insurance_number),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert (
        "already has this National Insurance number"
        in response.json()["national_insurance_number"][0]
    )


def test_status_cannot_be_set_through_the_api(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    url = reverse("api:participant", args=[participant_a.pk])
    client.patch(url, {"status": "in_work"}, content_type="application/json")
    participant_a.refresh_from_db()
    assert participant_a.status == "referred"


def test_read_only_roles_cannot_create(client, world):
    sign_in(client, world.user("auditor_a"))
    response = client.post(
        reverse("api:participants"), payload(world), content_type="application/json"
    )
    assert response.status_code == 403
    assert Participant.objects.count() == 0


def test_the_openapi_schema_describes_the_participant_endpoints(client, world):
    sign_in(client, world.user("specialist_a"))
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert "/api/participants/" in schema["paths"]
    assert "/api/participants/{participant_id}/" in schema["paths"]
    assert (
        "national_insurance_number" in schema["components"]["schemas"]["Participant"]["properties"]
    )
