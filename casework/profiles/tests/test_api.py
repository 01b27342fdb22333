"""The profile API: the same rules as the pages, as JSON, scoped and audited the same way."""

import datetime

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.profiles import services
from casework.profiles.models import VocationalProfile
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db


def put(client, url, data):
    return client.put(url, data, content_type="application/json")


@pytest.fixture
def with_profile(world, participant_a, today):
    services.update_profile(
        actor=world.user("specialist_a"),
        participant=participant_a,
        barriers=["digital_skills"],
        health_barriers=["disability"],
        barriers_detail="Uses a wheelchair",
        benefits=["esa"],
    )
    services.add_employment_entry(
        actor=world.user("specialist_a"),
        participant=participant_a,
        employer="Vauxhall",
        role="Assembly line",
        started_on=datetime.date(2010, 9, 1),
        ended_on=datetime.date(2015, 1, 1),
    )
    return participant_a


def test_get_shows_the_profile_with_special_category_parts_to_roles_that_may_see_them(
    client, world, with_profile
):
    url = reverse("profiles:api-profile", args=[with_profile.pk])
    sign_in(client, world.user("specialist_a"))
    before = AuditEvent.objects.filter(participant_id=with_profile.pk).count()
    data = client.get(url).json()
    assert data["barriers"] == ["digital_skills"]
    assert data["health_barriers"] == ["disability"]
    assert data["barriers_detail"] == "Uses a wheelchair"
    assert data["benefits"] == ["esa"]
    assert data["employment_history"][0]["employer"] == "Vauxhall"
    assert data["employment_history"][0]["started_on"] == "2010-09-01"
    assert AuditEvent.objects.filter(participant_id=with_profile.pk).count() == before + 1

    sign_in(client, world.user("manager"))
    data = client.get(url).json()
    assert data["barriers"] == ["digital_skills"]
    for hidden in ("health_barriers", "criminal_record_barrier", "barriers_detail"):
        assert hidden not in data
    assert "wheelchair" not in str(data)


def test_put_replaces_the_lists_and_is_audited(client, world, with_profile, today):
    url = reverse("profiles:api-profile", args=[with_profile.pk])
    sign_in(client, world.user("specialist_a"))
    response = put(
        client,
        url,
        {
            "hours_wanted": 25,
            "travel_distance": "10",
            "health_barriers": [],
            "employment_history": [
                {
                    "employer": "Tesco",
                    "role": "Shelf stacker",
                    "started_on": "2016-02-01",
                    "hours_per_week": "16.0",
                }
            ],
            "qualifications": [{"title": "Level 2 Maths", "level": "2", "year_achieved": 2020}],
        },
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["hours_wanted"] == 25
    assert data["health_barriers"] == []
    assert data["barriers"] == ["digital_skills"]  # left out, so unchanged
    assert [e["employer"] for e in data["employment_history"]] == ["Tesco"]
    assert data["qualifications"][0]["title"] == "Level 2 Maths"
    event = AuditEvent.objects.filter(participant_id=with_profile.pk).order_by("-id")[0]
    assert event.purpose == "profiles.profile.replace"
    assert {"hours_wanted", "health_barriers", "employment_history"} <= set(event.changed_fields)


def test_put_with_a_wrong_entry_changes_nothing(client, world, with_profile, today):
    url = reverse("profiles:api-profile", args=[with_profile.pk])
    sign_in(client, world.user("specialist_a"))
    response = put(
        client,
        url,
        {
            "hours_wanted": 20,
            "employment_history": [
                {
                    "employer": "Tesco",
                    "role": "Cashier",
                    "started_on": "2020-02-01",
                    "ended_on": "2019-01-01",
                }
            ],
        },
    )
    assert response.status_code == 400
    assert "after they started" in response.json()["employment_history.0.ended_on"][0]
    assert [e.employer for e in with_profile.employment_history.all()] == ["Vauxhall"]
    assert VocationalProfile.objects.get(participant=with_profile).hours_wanted is None


def test_put_ignores_special_category_parts_from_a_role_that_may_not_see_them(
    client, world, with_profile
):
    url = reverse("profiles:api-profile", args=[with_profile.pk])
    sign_in(client, world.user("manager"))
    response = put(
        client, url, {"health_barriers": [], "barriers_detail": "", "barriers": ["housing"]}
    )
    assert response.status_code == 200
    profile = VocationalProfile.objects.get(participant=with_profile)
    assert profile.barriers == ["housing"]
    assert services.health_barriers_of(profile) == ["disability"]
    assert profile.barriers_detail == "Uses a wheelchair"


def test_scope_404_and_role_403(client, world, with_profile):
    url = reverse("profiles:api-profile", args=[with_profile.pk])
    sign_in(client, world.user("specialist_b"))
    assert client.get(url).status_code == 404
    assert put(client, url, {"hours_wanted": 30}).status_code == 404
    sign_in(client, world.user("auditor_a"))
    assert client.get(url).status_code == 200
    assert put(client, url, {"hours_wanted": 30}).status_code == 403
    sign_in(client, world.user("dpo"))
    assert put(client, url, {"hours_wanted": 30}).status_code == 403
    assert VocationalProfile.objects.get(participant=with_profile).hours_wanted is None


def test_the_profile_endpoint_is_in_the_openapi_schema(client, world):
    sign_in(client, world.user("specialist_a"))
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    path = schema["paths"]["/api/participants/{participant_id}/profile/"]
    assert set(path) >= {"get", "put"}
    properties = schema["components"]["schemas"]["Profile"]["properties"]
    assert {"barriers", "health_barriers", "benefits", "employment_history"} <= set(properties)
