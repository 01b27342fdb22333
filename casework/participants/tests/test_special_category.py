"""Special category data (health, ethnicity, religion, sexual orientation, offending history):
encrypted at rest, seen and changed only by roles with `view special category data`."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse

from casework.participants import services
from casework.participants.forms import ParticipantForm
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db

HEALTH = "Type 1 diabetes; needs regular breaks"


@pytest.fixture
def disclosed(participant_a):
    participant_a.health_conditions = HEALTH
    participant_a.disability = "yes"
    participant_a.ethnicity = "Mixed: White and Black Caribbean"
    participant_a.offending_history = "Spent conviction, 2015"
    participant_a.save()
    return participant_a


def test_every_special_category_field_is_encrypted_at_rest(disclosed):
    columns = ", ".join(services.SPECIAL_CATEGORY_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM participants_participant WHERE id = %s",  # noqa: S608
            [disclosed.pk.hex if connection.vendor == "sqlite" else disclosed.pk],
        )
        row = cursor.fetchone()
    assert "diabetes" not in " ".join(v for v in row if v)
    assert all(value.startswith("gAAAA") for value in row if value)


@pytest.mark.parametrize("name", ["specialist_a", "team_leader_a", "dpo"])
def test_caseworkers_and_the_dpo_see_health_and_background(client, world, disclosed, name):
    sign_in(client, world.user(name))
    page = client.get(reverse("participants:detail", args=[disclosed.pk]))
    assert b"Health and background" in page.content
    assert b"Type 1 diabetes" in page.content
    data = client.get(reverse("api:participant", args=[disclosed.pk])).json()
    assert data["health_conditions"] == HEALTH
    assert data["disability"] == "yes"


@pytest.mark.parametrize("name", ["manager", "auditor_a"])
def test_other_roles_never_see_it_on_the_page_or_the_api(client, world, disclosed, name):
    sign_in(client, world.user(name))
    page = client.get(reverse("participants:detail", args=[disclosed.pk]))
    assert page.status_code == 200
    assert b"Alice" in page.content
    for marker in (b"diabetes", b"Caribbean", b"conviction", b"Health and background"):
        assert marker not in page.content
    data = client.get(reverse("api:participant", args=[disclosed.pk])).json()
    assert data["first_name"] == "Alice"
    assert not set(services.SPECIAL_CATEGORY_FIELDS) & set(data)
    listing = client.get(reverse("api:participants")).json()["results"]
    assert not set(services.SPECIAL_CATEGORY_FIELDS) & set(listing[0])


def test_a_manager_cannot_write_it_through_the_form_api_or_service(client, world, disclosed):
    manager = world.user("manager")
    sign_in(client, manager)
    edit = reverse("participants:edit", args=[disclosed.pk])
    form_page = client.get(edit)
    assert b"health_conditions" not in form_page.content
    post = ParticipantForm.initial_from(disclosed)
    fields = {k: v for k, v in post.items() if v is not None and k != "date_of_birth"}
    fields.update(
        {
            "area": disclosed.area_id,
            "responsible_organisation": disclosed.responsible_organisation_id,
            "assigned_specialist": "",  # a manager may only pick staff of their own body
            "date_of_birth-day": disclosed.date_of_birth.day,
            "date_of_birth-month": disclosed.date_of_birth.month,
            "date_of_birth-year": disclosed.date_of_birth.year,
            "health_conditions": "overwritten",
            "first_name": "Alicia",
        }
    )
    response = client.post(edit, fields)
    assert response.status_code == 302, response.content
    client.patch(
        reverse("api:participant", args=[disclosed.pk]),
        {"ethnicity": "overwritten"},
        content_type="application/json",
    )
    disclosed.refresh_from_db()
    assert disclosed.first_name == "Alicia"
    assert disclosed.health_conditions == HEALTH
    assert disclosed.ethnicity == "Mixed: White and Black Caribbean"
    with pytest.raises(PermissionDenied):
        services.update_participant(actor=manager, participant=disclosed, ethnicity="x")


def test_a_specialist_records_it_through_the_form(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    edit = reverse("participants:edit", args=[participant_a.pk])
    assert b'name="health_conditions"' in client.get(edit).content
    response = client.patch(
        reverse("api:participant", args=[participant_a.pk]),
        {"disability": "not_said", "religion_or_belief": "Quaker"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    participant_a.refresh_from_db()
    assert (participant_a.disability, participant_a.religion_or_belief) == ("not_said", "Quaker")
    bad = client.patch(
        reverse("api:participant", args=[participant_a.pk]),
        {"disability": "maybe"},
        content_type="application/json",
    )
    assert bad.status_code == 400
