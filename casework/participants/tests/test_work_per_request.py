"""The participant pages and API do their work once per request, whatever the number of rows:
the scope once, the programme's configuration validated once per register version, the API list
in a number of queries that does not grow with the page (issue 16, item 2)."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.access import selectors as access_selectors
from casework.register import selectors as register_selectors
from casework.register.config import ProgrammeConfig
from casework.testing import factories
from casework.testing.auth import sign_in
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db


def on_caseload(world, count: int) -> list:
    return [
        factories.ParticipantFactory(
            programme=world.programme,
            area=world.area_a,
            responsible_organisation=world.org_a,
            assigned_specialist=world.user("specialist_a"),
        )
        for _ in range(count)
    ]


def test_the_participant_page_works_out_the_scope_once(client, world, participant_a):
    """The page asks twice who the specialist may see (to find the participant, and whether
    they see them through break-glass): both answers come from one working-out."""
    sign_in(client, world.user("specialist_a"))
    with mock.patch.object(
        access_selectors, "_scope_parts", wraps=access_selectors._scope_parts
    ) as worked_out:
        response = client.get(reverse("participants:detail", args=[participant_a.pk]))
    assert response.status_code == 200
    assert worked_out.call_count == 1


def test_the_scope_with_and_without_break_glass_differ_only_by_the_grant(world, participant_a):
    """One working-out, two answers: without break-glass, a participant opened by a grant is
    not in the scope; with it, they are."""
    from casework.access.services import open_break_glass
    from casework.participants.models import Participant

    elsewhere = factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a2"),
    )
    specialist = world.user("specialist_a")
    open_break_glass(actor=specialist, participant=elsewhere, reason="safeguarding")
    with_glass = Participant.objects.filter(access_selectors.participant_scope(specialist))
    without = Participant.objects.filter(
        access_selectors.participant_scope(specialist, break_glass=False)
    )
    assert set(with_glass) == {participant_a, elsewhere}
    assert set(without) == {participant_a}


def test_the_programme_configuration_is_validated_once_per_register_version(
    client, world, participant_a
):
    publish_register(world.programme)
    register_selectors._CONFIGS.clear()
    sign_in(client, world.user("specialist_a"))
    url = reverse("participants:detail", args=[participant_a.pk])
    validate = ProgrammeConfig.model_validate
    with mock.patch.object(ProgrammeConfig, "model_validate", side_effect=validate) as validated:
        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 200
    assert validated.call_count == 1
    # A newly published version is read (and validated once) from the next page on.
    publish_register(world.programme, "kent-and-medway.yaml")
    with mock.patch.object(ProgrammeConfig, "model_validate", side_effect=validate) as validated:
        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 200
    assert validated.call_count == 1


def api_list_queries(client, world, rows: int) -> tuple[int, int]:
    on_caseload(world, rows)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("api:participants"))
    assert response.status_code == 200
    return len(response.json()["results"]), len(queries)


def test_the_api_list_costs_the_same_queries_for_one_row_as_for_twenty(client, world):
    publish_register(world.programme)
    sign_in(client, world.user("specialist_a"))
    # The first request after signing in does more, and so does the first in this process to
    # need the programme's configuration (read and validated once per version: config_of).
    on_caseload(world, 1)
    client.get(reverse("api:participants"))
    one_row, with_one = api_list_queries(client, world, 0)
    twenty_rows, with_twenty = api_list_queries(client, world, 19)
    assert (one_row, twenty_rows) == (1, 20)
    assert with_twenty == with_one


def test_the_api_list_of_twenty_rows_stays_within_a_small_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    """Session and user (3), roles and scope (5), count and page (2), the audit event (3 on
    SQLite, 1 on PostgreSQL) and the register (1): 14, where it was one register query a row."""
    publish_register(world.programme)
    sign_in(client, world.user("specialist_a"))
    client.get(reverse("api:participants"))  # the first request after signing in does more
    on_caseload(world, 20)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("api:participants"))
    assert len(response.json()["results"]) == 20


@pytest.mark.parametrize("page", ["participants:caseload", "participants:detail"])
def test_the_specialists_day_pages_make_at_most_twelve_queries_whatever_the_caseload(
    client, world, participant_a, page
):
    """Issue 16.2: the caseload and a participant's page each make at most 12 queries (session,
    user and device; memberships and the organisation's parts, once; the page's own reads; one
    INSERT for the audited read), the same for a caseload of 1 as of 12."""
    from casework.journey.models import Job

    publish_register(world.programme)
    sign_in(client, world.user("specialist_a"))
    args = [participant_a.pk] if page == "participants:detail" else []

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(page, args=args)).status_code == 200
        return len(queries.captured_queries)

    def in_work(participant) -> None:  # so the caseload works out the milestones due
        Job.objects.create(
            participant=participant,
            employer="Luton Airport",
            job_title="Baggage handler",
            employment_type="employed",
            hours_per_week=Decimal("20"),
            hourly_pay=Decimal("12.60"),
            started_on=datetime.date(2026, 9, 1),
        )

    in_work(participant_a)
    # The first request after signing in does more, and so does the first in this process to
    # need the programme's configuration (read and validated once per version: config_of).
    client.get(reverse(page, args=args))
    small = counted()
    for participant in on_caseload(world, 11):
        in_work(participant)
    large = counted()
    assert large == small <= 12


@pytest.mark.parametrize("page", ["participants:caseload", "referrals:list"])
def test_a_list_of_people_decrypts_nothing_it_does_not_show(client, world, page):
    """Issue 16.2: a list shows names and dates, so the health conditions, ethnicity, National
    Insurance numbers and support needs of the people on it are never decrypted for it (they
    were, for every row: 188 decryptions on a 37-row caseload)."""
    from casework.core import crypto
    from casework.referrals import services as referral_services

    for participant in on_caseload(world, 5):
        participant.health_conditions = "Epilepsy"
        participant.ethnicity = "White British"
        participant.national_insurance_number = "QQ123456C"
        participant.save()
    for n in range(3):
        referral_services.submit_referral(
            actor=world.user("referrer"),
            programme=world.programme,
            route="jobcentre_plus",
            agreement_how="in_person",
            first_name="Ada",
            last_name=f"Waiting{n}",
            date_of_birth=datetime.date(1990, 1, 1 + n),
            email="ada@example.com",
            phone="",
            postcode="LU2 0AB",
            area=world.area_a,
            national_insurance_number="QQ123456C",
            support_needs="Anxiety; wants part-time work in retail.",
        )
    sign_in(
        client, world.user("specialist_a" if page == "participants:caseload" else "team_leader_a")
    )
    client.get(reverse(page))
    with mock.patch.object(crypto, "decrypt", wraps=crypto.decrypt) as decrypt:
        html = client.get(reverse(page)).content.decode()
    assert "Waiting0" in html or "You are supporting 5 people" in html
    assert decrypt.call_count == 0
