"""Signing in and out, and the idle and absolute session limits, with a moved clock."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from casework.testing.auth import authenticator_app, current_code
from casework.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)


def sign_in(client, user):
    """Password, then the code the user's authenticator app shows (at the moved clock's time)."""
    device = authenticator_app(user)
    client.post(reverse("staff:sign-in"), {"username": user.email, "password": PASSWORD})
    return client.post(reverse("staff:second-factor"), {"token": current_code(device), "next": "/"})


def test_sign_in_with_email_and_password_opens_the_caseload(client, world):
    response = sign_in(client, world.user("specialist_a"))
    assert response.status_code == 302
    assert response.url == reverse("programmes:home")  # which sends each role to its page
    assert client.get(response.url).url == reverse("participants:caseload")
    assert client.get(reverse("participants:caseload")).status_code == 200


def test_a_wrong_password_says_so_without_revealing_which_part_was_wrong(client, world):
    response = client.post(
        reverse("staff:sign-in"), {"username": world.user("specialist_a").email, "password": "x"}
    )
    html = response.content.decode()
    assert "Enter a correct email address and password" in html
    assert 'class="govuk-error-summary' in html


def test_empty_sign_in_form_shows_both_messages(client, world):
    html = client.post(reverse("staff:sign-in"), {}).content.decode()
    assert "Enter your email address" in html
    assert "Enter your password" in html


def test_sign_out_ends_the_session_and_the_old_cookie_is_useless(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    old_cookie = client.cookies["sessionid"].value
    client.post(reverse("staff:sign-out"))
    client.cookies["sessionid"] = old_cookie  # replay the session after sign-out
    response = client.get(reverse("participants:detail", args=[participant_a.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("staff:sign-in"))


def test_idle_for_more_than_30_minutes_signs_you_out(client, world, participant_a):
    detail = reverse("participants:detail", args=[participant_a.pk])
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, world.user("specialist_a"))
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(detail).status_code == 200  # still signed in, and the clock restarts
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(detail).status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(detail)
        assert response.status_code == 302
        assert response.url.startswith(reverse("staff:sign-in"))
        follow = client.get(response.url).content.decode()
        assert "signed out because you had not done anything for 30 minutes" in follow
        # Signed out for good: the next request is not let in either.
        assert client.get(detail).status_code == 302


def test_stay_signed_in_resets_the_idle_clock(client, world, participant_a):
    detail = reverse("participants:detail", args=[participant_a.pk])
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, world.user("specialist_a"))
        clock.shift(datetime.timedelta(minutes=28))
        assert client.post(reverse("staff:keep-alive")).status_code == 204
        clock.shift(datetime.timedelta(minutes=28))
        assert client.get(detail).status_code == 200


def test_keep_alive_cannot_revive_an_expired_session(client, world):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, world.user("specialist_a"))
        clock.shift(datetime.timedelta(minutes=31))
        assert client.post(reverse("staff:keep-alive")).status_code == 302


def test_twelve_hours_is_the_absolute_limit_even_when_active(client, world, participant_a):
    detail = reverse("participants:detail", args=[participant_a.pk])
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, world.user("specialist_a"))
        for _ in range(24):  # active every 25 minutes for 10 hours
            clock.shift(datetime.timedelta(minutes=25))
            assert client.get(detail).status_code == 200
        clock.shift(datetime.timedelta(hours=2, minutes=1))
        response = client.get(detail)
        assert response.status_code == 302
        assert "12 hours" in client.get(response.url).content.decode()


def test_the_api_stops_answering_after_the_idle_limit(client, world):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, world.user("specialist_a"))
        assert client.get(reverse("api:participants")).status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        assert client.get(reverse("api:participants")).status_code == 403


def test_pages_carry_the_timeout_warning_settings(client, world):
    sign_in(client, world.user("specialist_a"))
    html = client.get(reverse("participants:caseload")).content.decode()
    assert 'data-idle-seconds="1800"' in html
    assert 'data-warning-seconds="120"' in html
