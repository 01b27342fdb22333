"""Signing in: password, then a second factor (set up on first sign-in, with recovery codes);
lockout after repeated failures; disabled users and ended sessions are signed out."""

import datetime
import re

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.staff import services
from casework.testing import factories
from casework.testing.auth import authenticator_app, current_code, sign_in

pytestmark = pytest.mark.django_db

CASELOAD = "/caseload"


def _password(client, user, password=factories.PASSWORD):
    return client.post(reverse("staff:sign-in"), {"username": user.email, "password": password})


def test_first_sign_in_sets_up_an_authenticator_app_and_gives_recovery_codes(client, world):
    specialist = world.user("specialist_a")
    assert _password(client, specialist).status_code == 302
    response = client.get(CASELOAD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("staff:second-factor-setup"))
    setup = client.get(response.url)
    assert b'src="data:image/svg+xml;base64,' in setup.content
    assert b'name="csrfmiddlewaretoken"' in setup.content
    menu_link = b'class="govuk-service-navigation__link" href="/caseload"'
    assert menu_link not in setup.content  # no menu before the second factor
    device = TOTPDevice.objects.get(user=specialist, confirmed=False)
    wrong = client.post(reverse("staff:second-factor-setup"), {"token": "000000"})
    assert b"The code is not right" in wrong.content
    done = client.post(
        reverse("staff:second-factor-setup"), {"token": current_code(device), "next": "/"}
    )
    codes = re.findall(r"<code>([a-z0-9]+)</code>", done.content.decode())
    assert len(codes) == 10
    page = client.get(reverse("participants:search"))
    assert page.status_code == 200
    assert menu_link in page.content


def test_a_password_alone_opens_no_page_and_no_api(client, world, participant_a):
    specialist = world.user("specialist_a")
    authenticator_app(specialist)
    _password(client, specialist)
    detail = reverse("participants:detail", args=[participant_a.pk])
    response = client.get(detail)
    assert response.status_code == 302
    assert response.url.startswith(reverse("staff:second-factor"))
    assert client.get(reverse("api:participants")).status_code == 403
    assert client.get("/admin/").status_code == 302


def test_the_code_from_the_app_or_a_recovery_code_once_completes_sign_in(world, participant_a):
    specialist = world.user("specialist_a")
    device = authenticator_app(specialist)
    codes = services.replace_recovery_codes(user=specialist)
    detail = reverse("participants:detail", args=[participant_a.pk])

    app_user = Client()
    _password(app_user, specialist)
    second = reverse("staff:second-factor")
    response = app_user.post(second, {"token": current_code(device), "next": detail})
    assert response.url == detail
    assert app_user.get(detail).status_code == 200

    for attempt in range(2):
        phone_lost = Client()
        _password(phone_lost, specialist)
        response = phone_lost.post(second, {"token": codes[0], "next": detail})
        if attempt == 0:
            assert response.url == detail
        else:
            assert b"The code is not right" in response.content  # each code works once


def test_ten_failed_passwords_lock_the_account_with_a_clear_message(client, world):
    specialist = world.user("specialist_a")
    start = datetime.datetime(2026, 11, 23, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for attempt in range(10):
            email = specialist.email.upper() if attempt % 2 else specialist.email
            response = client.post(
                reverse("staff:sign-in"), {"username": email, "password": "wrong-guess"}
            )
        assert response.status_code == 429
        locked = _password(client, specialist)  # even the right password
        assert locked.status_code == 429
        assert b"Your account is locked" in locked.content
        assert b"try again in 30 minutes" in locked.content
        other = Client()
        assert _password(other, world.user("specialist_a2")).status_code == 302
        clock.shift(datetime.timedelta(minutes=31))
        assert _password(client, specialist).status_code == 302


def test_nine_failures_then_success_does_not_lock(client, world):
    specialist = world.user("specialist_a")
    for _ in range(9):
        _password(client, specialist, password="wrong-guess")
    assert _password(client, specialist).status_code == 302


def _sessions_of(user):
    return [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def test_disabling_a_user_ends_every_session(world, participant_a):
    specialist = world.user("specialist_a")
    desk, phone = sign_in(Client(), specialist), sign_in(Client(), specialist)
    colleague = sign_in(Client(), world.user("specialist_a2"))
    assert len(_sessions_of(specialist)) == 2
    services.disable_user(actor=world.user("manager"), user=specialist)
    assert _sessions_of(specialist) == []
    for client in (desk, phone):
        response = client.get(reverse("participants:detail", args=[participant_a.pk]))
        assert response.status_code == 302
        assert response.url.startswith(reverse("staff:sign-in"))
    assert colleague.get(CASELOAD).status_code == 200


def test_an_administrator_ends_a_users_sessions_from_the_admin(world):
    specialist = world.user("specialist_a")
    their_client = sign_in(Client(), specialist)
    admin_user = factories.StaffUserFactory(is_staff=True, is_superuser=True)
    admin_client = sign_in(Client(), admin_user)
    response = admin_client.post(
        reverse("admin:staff_staffuser_changelist"),
        {"action": "end_sessions", "_selected_action": [specialist.pk]},
    )
    assert response.status_code == 302
    assert their_client.get(CASELOAD).status_code == 302
    specialist.refresh_from_db()
    assert specialist.is_active  # signed out, not disabled


def test_disabling_from_the_admin_signs_the_user_out(world):
    specialist = world.user("specialist_a")
    their_client = sign_in(Client(), specialist)
    admin_client = sign_in(Client(), factories.StaffUserFactory(is_staff=True, is_superuser=True))
    admin_client.post(
        reverse("admin:staff_staffuser_changelist"),
        {"action": "disable_and_sign_out", "_selected_action": [specialist.pk]},
    )
    specialist.refresh_from_db()
    assert not specialist.is_active
    assert _sessions_of(specialist) == []
    assert their_client.get(CASELOAD).status_code == 302


def test_the_admin_signs_in_through_casework_sign_in(client):
    response = client.get(reverse("admin:login"), {"next": "/admin/"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("staff:sign-in"))


def test_a_session_replayed_after_sign_out_is_rejected(world, participant_a):
    specialist = world.user("specialist_a")
    client = sign_in(Client(), specialist)
    detail = reverse("participants:detail", args=[participant_a.pk])
    assert client.get(detail).status_code == 200
    stolen = client.cookies["sessionid"].value
    client.post(reverse("staff:sign-out"))
    replay = Client()
    replay.cookies["sessionid"] = stolen
    response = replay.get(detail)
    assert response.status_code == 302
    assert response.url.startswith(reverse("staff:sign-in"))
    forged = Client()
    forged.cookies["sessionid"] = "x" * 32
    assert forged.get(detail).status_code == 302
