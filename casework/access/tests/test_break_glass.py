"""Break-glass: opening a record outside one's caseload, only by an exact identifier and a
reason, for a limited time, reviewed by the DPO."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from casework.access.models import BreakGlassGrant
from casework.testing import factories
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def colleagues_case(world):
    """On specialist_a2's caseload, so outside specialist_a's."""
    return factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a2"),
        first_name="Carol",
        last_name="Cooper",
        date_of_birth=datetime.date(1990, 3, 27),
    )


def _break_glass(client, **fields):
    data = {"reason": "covering_caseload", "reason_detail": ""}
    data.update(fields)
    return client.post(reverse("access:break-glass"), data)


def _by_name(participant):
    return {
        "first_name": participant.first_name.upper(),
        "last_name": participant.last_name,
        "date_of_birth-day": participant.date_of_birth.day,
        "date_of_birth-month": participant.date_of_birth.month,
        "date_of_birth-year": participant.date_of_birth.year,
    }


def test_a_record_opened_by_breaking_glass_is_visible_for_an_hour_only(
    client, world, colleagues_case
):
    detail = reverse("participants:detail", args=[colleagues_case.pk])
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, world.user("specialist_a"))
        assert client.get(detail).status_code == 404
        response = _break_glass(
            client, national_insurance_number=colleagues_case.national_insurance_number.lower()
        )
        assert response.status_code == 302
        assert response.url == detail
        page = client.get(detail)
        assert page.status_code == 200
        assert b"Cooper" in page.content
        assert b"You opened it by breaking glass and can see it until" in page.content
        assert b"until 10:00" in page.content or b"until 11:00" in page.content
        for minutes in (25, 25, 9):  # working on the record: 59 minutes in
            clock.shift(datetime.timedelta(minutes=minutes))
            assert client.get(detail).status_code == 200
        clock.shift(datetime.timedelta(minutes=2))
        assert client.get(detail).status_code == 404
    grant = BreakGlassGrant.objects.get()
    assert (grant.user, grant.participant, grant.reason) == (
        world.user("specialist_a"),
        colleagues_case,
        "covering_caseload",
    )


def test_records_in_scope_carry_no_break_glass_warning(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    page = client.get(reverse("participants:detail", args=[participant_a.pk]))
    assert b"breaking glass" not in page.content


def test_the_time_limit_is_a_setting(client, world, colleagues_case, settings):
    settings.CASEWORK_BREAK_GLASS_MINUTES = 5
    detail = reverse("participants:detail", args=[colleagues_case.pk])
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, world.user("specialist_a"))
        _break_glass(client, **_by_name(colleagues_case))
        assert client.get(detail).status_code == 200
        clock.shift(datetime.timedelta(minutes=6))
        assert client.get(detail).status_code == 404


def test_only_an_exact_identifier_finds_someone_never_browsing(client, world, colleagues_case):
    sign_in(client, world.user("specialist_a"))
    search = client.post(reverse("participants:search"), {"q": "Carol Cooper"}, follow=True)
    assert b"No participants found" in search.content
    partial = _by_name(colleagues_case) | {"last_name": "Coop"}
    response = _break_glass(client, **partial)
    assert response.status_code == 200
    assert b"No participant outside your caseload matches" in response.content
    no_birthday = {"first_name": "Carol", "last_name": "Cooper"}
    response = _break_glass(client, **no_birthday)
    assert b"Enter their National Insurance number, or their full name" in response.content
    assert not BreakGlassGrant.objects.exists()


def test_breaking_glass_never_crosses_into_another_organisation(client, world, participant_b):
    sign_in(client, world.user("specialist_a"))
    response = _break_glass(
        client, national_insurance_number=participant_b.national_insurance_number
    )
    assert b"No participant outside your caseload matches" in response.content
    assert b"Baker" not in response.content
    assert client.get(reverse("participants:detail", args=[participant_b.pk])).status_code == 404


def test_another_reason_must_be_explained(client, world, colleagues_case):
    sign_in(client, world.user("specialist_a"))
    response = _break_glass(client, reason="other", **_by_name(colleagues_case))
    assert b"Explain why you need to open this record" in response.content
    assert not BreakGlassGrant.objects.exists()
    response = _break_glass(
        client,
        reason="other",
        reason_detail="Participant phoned the office",
        **_by_name(colleagues_case),
    )
    assert response.status_code == 302


def test_roles_without_break_glass_get_a_clear_refusal(client, world):
    for name in ("manager", "auditor_a", "dpo", "referrer"):
        sign_in(client, world.user(name))
        response = client.get(reverse("access:break-glass"))
        assert response.status_code == 403
        assert b"open a record outside your caseload" in response.content


def test_the_dpo_reviews_every_use(client, world, colleagues_case):
    sign_in(client, world.user("specialist_a"))
    _break_glass(client, reason="safeguarding", **_by_name(colleagues_case))
    grant = BreakGlassGrant.objects.get()

    sign_in(client, world.user("dpo"))
    listing = client.get(reverse("access:break-glass-reviews"))
    assert b"Carol Cooper" in listing.content
    assert b"A safeguarding concern" in listing.content
    review = reverse("access:break-glass-review", args=[grant.pk])
    response = client.post(review, {"outcome": "not_justified", "note": ""})
    assert b"Say what you have done" in response.content
    response = client.post(review, {"outcome": "not_justified", "note": "Raised with TL"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert (grant.review_outcome, grant.reviewed_by) == ("not_justified", world.user("dpo"))
    assert grant.reviewed_at <= timezone.now()
    assert b"Not justified" in client.get(reverse("access:break-glass-reviews")).content
