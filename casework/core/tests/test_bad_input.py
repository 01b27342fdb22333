"""Issue 9.6: bytes PostgreSQL cannot store (NUL) and JSON too deep to parse answer 400 with a
clear message, never 500, on pages and the API."""

import pytest
from django.urls import reverse

from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "contains a character that cannot be stored"


def test_a_nul_byte_in_a_search_or_a_form_is_refused_with_a_message(client, world):
    sign_in(client, world.user("specialist_a"))
    response = client.post(reverse("participants:search"), {"q": "Arch\x00er"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    response = client.post(reverse("participants:create"), {"first_name": "A\x00"})
    assert response.status_code == 400
    response = client.get(reverse("participants:search"), {"next": "\x00"})
    assert response.status_code == 400


def test_a_nul_byte_on_the_public_form_is_refused(client, world):
    response = client.post(
        reverse("referrals:interest", args=[world.programme.slug]), {"last_name": "\x00"}
    )
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_nul_byte_in_an_api_field_is_a_400_naming_the_problem(client, world):
    sign_in(client, world.user("referrer"))
    response = client.post(
        reverse("api:referrals"),
        {"programme": "test-\u0000programme", "area": "E06000032"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert NUL_MESSAGE in str(response.json())


def test_json_nested_5000_deep_is_a_400_not_a_crash(client, world):
    sign_in(client, world.user("specialist_a"))
    body = "[" * 5000 + "]" * 5000
    response = client.post(reverse("api:participants"), body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in str(response.json())
