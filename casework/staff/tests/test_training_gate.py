"""Trained and bound staff only: no personal data without current data protection training and
an acknowledged confidentiality statement; the programme manager sees who is due."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from casework.staff import services
from casework.testing import factories
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db


def test_expired_training_closes_every_personal_data_page_with_a_reason(
    client, world, participant_a
):
    specialist = world.user("specialist_a")
    specialist.data_protection_training_completed_on = datetime.date(2025, 12, 1)
    specialist.data_protection_training_expires_on = datetime.date(2026, 12, 1)
    specialist.save()
    detail = reverse("participants:detail", args=[participant_a.pk])
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC)):
        sign_in(client, specialist)
        assert client.get(detail).status_code == 200
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, tzinfo=datetime.UTC)):
        sign_in(client, specialist)
        page = client.get(detail)
        assert page.status_code == 403
        assert b"Your data protection training expired on 1 December 2026" in page.content
        assert b"Archer" not in page.content
        api = client.get(reverse("api:participant", args=[participant_a.pk]))
        assert api.status_code == 403
        assert "expired" in api.json()["detail"]
        assert client.get(reverse("participants:caseload")).status_code == 403


def test_no_training_record_at_all_is_explained(client, world):
    specialist = world.user("specialist_a")
    specialist.data_protection_training_completed_on = None
    specialist.data_protection_training_expires_on = None
    specialist.save()
    sign_in(client, specialist)
    page = client.get(reverse("participants:caseload"))
    assert page.status_code == 403
    assert b"no record of you completing data protection training" in page.content


def test_acknowledging_the_confidentiality_statement_opens_the_page(client, world, participant_a):
    specialist = world.user("specialist_a")
    specialist.confidentiality_acknowledged_at = None
    specialist.save()
    detail = reverse("participants:detail", args=[participant_a.pk])
    sign_in(client, specialist)
    page = client.get(detail)
    assert page.status_code == 403
    assert b"You have not yet acknowledged the confidentiality statement" in page.content
    assert b"I understand and agree" in page.content
    response = client.post(reverse("staff:confidentiality"), {"next": detail})
    assert response.status_code == 302
    assert response.url == detail
    assert client.get(detail).status_code == 200
    specialist.refresh_from_db()
    assert specialist.confidentiality_acknowledged_at is not None


def test_acknowledgement_never_redirects_off_site(client, world):
    sign_in(client, world.user("specialist_a"))
    response = client.post(reverse("staff:confidentiality"), {"next": "https://evil.example/"})
    assert response.url == reverse("programmes:home")


@time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC))
def test_the_programme_manager_sees_who_is_due_or_overdue(client, world):
    def trained(name, expires_on):
        user = world.user(name)
        user.data_protection_training_completed_on = (
            expires_on - datetime.timedelta(days=365) if expires_on else None
        )
        user.data_protection_training_expires_on = expires_on
        user.save()
        return user

    trained("specialist_a", datetime.date(2026, 11, 1))  # overdue
    trained("specialist_a2", datetime.date(2026, 12, 10))  # due within 30 days
    trained("team_leader_a", None)  # never trained
    trained("specialist_b", datetime.date(2027, 6, 1))  # fine
    elsewhere = factories.StaffUserFactory(data_protection_training_expires_on=None)
    factories.MembershipFactory(user=elsewhere)  # another programme: not this manager's

    sign_in(client, world.user("manager"))
    page = client.get(reverse("staff:training-due")).content.decode()
    assert page.index("team_leader_a@") < page.index("specialist_a@") < page.index("specialist_a2@")
    assert "Overdue" in page and "Due soon" in page and "No record" in page
    assert "specialist_b@" not in page
    assert elsewhere.email not in page

    sign_in(client, world.user("team_leader_a"))
    assert client.get(reverse("staff:training-due")).status_code == 403


def test_recording_training_sets_a_year_long_expiry(world):
    specialist = world.user("specialist_a")
    services.record_training(
        actor=world.user("manager"), user=specialist, completed_on=datetime.date(2026, 11, 2)
    )
    specialist.refresh_from_db()
    assert specialist.data_protection_training_expires_on == datetime.date(2027, 11, 2)


def test_the_manager_records_training_from_the_page(client, world):
    specialist = world.user("specialist_a")
    specialist.data_protection_training_expires_on = None
    specialist.save()
    sign_in(client, world.user("manager"))
    page = client.get(reverse("staff:training-due"))
    record = reverse("staff:record-training", args=[specialist.pk])
    assert record.encode() in page.content
    bad = client.post(record, {"completed_on-day": "31", "completed_on-month": "2"})
    assert b"must include a year" in bad.content
    response = client.post(
        record,
        {"completed_on-day": "2", "completed_on-month": "11", "completed_on-year": "2026"},
    )
    assert response.status_code == 302
    specialist.refresh_from_db()
    assert specialist.data_protection_training_expires_on == datetime.date(2027, 11, 2)
    stranger = factories.MembershipFactory().user  # on another programme
    assert client.get(reverse("staff:record-training", args=[stranger.pk])).status_code == 404
