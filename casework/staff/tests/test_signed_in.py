"""Who is signed in, read in one statement with their authenticator app (decision 0226), and
every refusal the two separate reads gave still given."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from casework.testing.auth import authenticator_app, sign_in
from casework.testing.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def _statements(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries]


def test_a_page_reads_the_user_with_their_authenticator_app_in_one_statement(
    client, world, participant_a
):
    sign_in(client, world.user("specialist_a"))
    response, statements = _statements(
        client, reverse("participants:detail", args=[participant_a.pk])
    )
    assert response.status_code == 200 and "Alice" in response.content.decode()
    device_reads = [s for s in statements if "otp_totp_totpdevice" in s]
    assert len(device_reads) == 1
    assert 'JOIN "staff_staffuser"' in device_reads[0]
    user_alone = [s for s in statements if s.lstrip().startswith('SELECT "staff_staffuser"."id"')]
    assert user_alone == []


def _session_names(client, persistent_id):
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = persistent_id
    session.save()


def test_a_session_naming_someone_elses_app_has_not_passed_the_second_factor(
    client, world, participant_a
):
    specialist = world.user("specialist_a")
    sign_in(client, specialist)
    _session_names(client, authenticator_app(StaffUserFactory()).persistent_id)
    response = client.get(reverse("participants:detail", args=[participant_a.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("staff:second-factor"))
    assert DEVICE_ID_SESSION_KEY not in client.session  # dropped, as django-otp drops it


def test_an_app_removed_or_unconfirmed_no_longer_passes(client, world, participant_a):
    specialist = world.user("specialist_a")
    detail = reverse("participants:detail", args=[participant_a.pk])
    sign_in(client, specialist)
    device = authenticator_app(specialist)
    device.confirmed = False
    device.save()
    assert client.get(detail).url.startswith(reverse("staff:second-factor-setup"))
    sign_in(client, specialist)
    authenticator_app(specialist).delete()
    assert client.get(detail).url.startswith(reverse("staff:second-factor-setup"))


def test_a_deactivated_member_of_staff_is_signed_out_though_their_app_is_valid(
    client, world, participant_a
):
    specialist = world.user("specialist_a")
    sign_in(client, specialist)
    specialist.is_active = False
    specialist.save()
    response = client.get(reverse("participants:detail", args=[participant_a.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("staff:sign-in"))


def test_a_changed_password_ends_the_session_though_the_app_is_valid(client, world, participant_a):
    specialist = world.user("specialist_a")
    sign_in(client, specialist)
    specialist.set_password("a-new-password-for-this-test")
    specialist.save()
    response = client.get(reverse("participants:detail", args=[participant_a.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("staff:sign-in"))
