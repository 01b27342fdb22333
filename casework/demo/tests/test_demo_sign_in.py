"""`make run` stays usable: every demo user signs in with the printed password and the demo
second-factor key, trained and bound, and lands on a page they may see."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from casework.demo import data, services

pytestmark = pytest.mark.django_db


def test_every_demo_user_signs_in_with_the_documented_second_factor(capsys):
    programme = services.load_programmes()
    services.load_staff(programme)
    call_command("demo_logins")
    assert "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" in capsys.readouterr().out
    for local_part, *_rest in data.STAFF:
        client = Client()
        response = client.post(
            reverse("staff:sign-in"),
            {"username": data.staff_email(local_part), "password": data.DEMO_PASSWORD},
        )
        assert response.status_code == 302, local_part
        code = f"{totp(bytes.fromhex(data.DEMO_TOTP_KEY_HEX)):06d}"
        response = client.post(reverse("staff:second-factor"), {"token": code, "next": "/"})
        assert response.status_code == 302, local_part
        # Every demo user has a home page (report-only: the reports).
        assert client.get("/", follow=True).status_code == 200, local_part
