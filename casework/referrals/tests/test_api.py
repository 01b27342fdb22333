"""The referral API: a referral partner's system sends referrals and follows their status, with
the same rules and messages as the referral form, and sees nothing else."""

import datetime

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.referrals import services
from casework.referrals.models import Channel, Referral, ReferralStatus
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db


def body(**overrides):
    data = {
        "area": "E06000032",
        "route": "health",
        "agreement_how": "phone",
        "person_agreed": True,
        "first_name": "Tomasz",
        "last_name": "Nowak",
        "date_of_birth": "1988-02-29",
        "phone": "01582 000000",
        "postcode": "lu1 2ab",
        "support_needs": "Back injury; would like warehouse work with adjustments.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def referrer_client(client, world):
    sign_in(client, world.user("referrer"))
    return client


def post(client, data):
    return client.post(reverse("api:referrals"), data, content_type="application/json")


def test_a_partner_refers_someone_and_reads_back_the_status_only(referrer_client, world):
    response = post(referrer_client, body())
    assert response.status_code == 201, response.json()
    sent = response.json()
    assert sent["status"] == "received"
    assert sent["first_name"] == "Tomasz"
    # What was sent about the person stays with the programme team.
    assert "support_needs" not in sent and "postcode" not in sent
    referral = Referral.objects.get(pk=sent["id"])
    assert referral.channel == Channel.REFERRAL_PARTNER
    assert referral.referred_by == world.user("referrer")
    assert referral.agreement_how == "phone"
    assert referral.postcode == "LU1 2AB"
    event = AuditEvent.objects.filter(action="referral").latest("id")
    assert event.actor == world.user("referrer")
    assert event.purpose == "referral.submit"
    assert "support_needs" in event.changed_fields


def test_the_status_follows_the_decision(referrer_client, world):
    referral_id = post(referrer_client, body()).json()["id"]
    services.decline_referral(
        actor=world.user("specialist_a"),
        referral=Referral.objects.get(pk=referral_id),
        reason="Lives outside the programme area",
    )
    listed = referrer_client.get(reverse("api:referrals")).json()
    assert [(r["id"], r["status"]) for r in listed["results"]] == [
        (referral_id, ReferralStatus.DECLINED)
    ]
    one = referrer_client.get(reverse("api:referral", args=[referral_id])).json()
    assert one["status"] == "declined" and one["decided_at"]
    read = AuditEvent.objects.latest("id")
    assert (read.actor, read.purpose) == (world.user("referrer"), "referral.read")
    # The reason is for the programme team: the referrer sees the status.
    assert "decline_reason" not in one


def test_a_referral_someone_else_sent_is_not_found(referrer_client, world):
    other = services.record_contact(
        actor=world.user("specialist_a"),
        programme=world.programme,
        channel="phone",
        route="self_referral",
        first_name="Aisha",
        last_name="Khan",
        date_of_birth=datetime.date(1990, 1, 1),
        email="",
        phone="01582 111111",
        postcode="LU2 0AB",
        area=world.area_a,
        national_insurance_number="",
        support_needs="",
    )
    assert referrer_client.get(reverse("api:referral", args=[other.pk])).status_code == 404
    assert referrer_client.get(reverse("api:referrals")).json()["results"] == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"person_agreed": False}, "person_agreed", "refer only people who agreed"),
        ({"area": "E06000062"}, "area", "does not exist"),
        ({"date_of_birth": "2031-01-01"}, "date_of_birth", "in the past"),
        ({"postcode": "NOT A CODE"}, "postcode", "postcode"),
        ({"national_insurance_number": "DA123456C"}, "national_insurance_number", "Insurance"),
        ({"phone": None}, "email", "an email address or a phone number"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(
    referrer_client, overrides, field, message
):
    response = post(referrer_client, body(**overrides))
    assert response.status_code == 400
    assert message.lower() in " ".join(response.json()[field]).lower()
    assert not Referral.objects.exists()


def test_a_second_referral_of_the_same_person_is_accepted_the_same_way(referrer_client):
    first = post(referrer_client, body())
    again = post(referrer_client, body(first_name="Tom"))
    assert (first.status_code, again.status_code) == (201, 201)
    assert set(first.json()) == set(again.json())
    assert again.json()["status"] == "received"
    assert Referral.objects.count() == 2


def test_an_area_outside_the_programme_is_refused(referrer_client, world):
    from casework.testing import factories

    factories.AreaFactory(code="E06000062", name="West Northamptonshire")
    response = post(referrer_client, body(area="E06000062"))
    assert response.status_code == 400
    assert response.json()["area"] == [f"Choose an area covered by {world.programme.name}"]


def test_staff_use_the_pages_not_this_api(client, world):
    sign_in(client, world.user("specialist_a"))
    assert client.get(reverse("api:referrals")).status_code == 403
    assert post(client, body()).status_code == 403


def test_the_endpoints_are_in_the_openapi_schema(referrer_client):
    schema = referrer_client.get(reverse("api:schema")).content.decode()
    assert "/api/referrals/" in schema
    assert "/api/referrals/{referral_id}/" in schema
    assert "person_agreed" in schema


def test_a_referrer_cannot_learn_of_another_referrers_referral(referrer_client, world):
    """Issue 9.1: the same person referred by someone else is accepted exactly the same way."""
    services.record_contact(
        actor=world.user("specialist_a"),
        programme=world.programme,
        channel="phone",
        route="self_referral",
        first_name="Tomasz",
        last_name="Nowak",
        date_of_birth=datetime.date(1988, 2, 29),
        email="",
        phone="01582 111111",
        postcode="LU1 2AB",
        area=world.area_a,
        national_insurance_number="",
        support_needs="",
    )
    response = post(referrer_client, body())
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "received"


def test_a_referral_linked_to_an_existing_participant_reads_as_accepted_to_the_referrer(
    referrer_client, world, participant_a
):
    """Issue 9.1: "linked to an existing participant" would tell the referrer the person was
    already known to the programme."""
    sent = post(referrer_client, body()).json()
    services.link_referral(
        actor=world.user("specialist_a"),
        referral=Referral.objects.get(pk=sent["id"]),
        participant=participant_a,
    )
    read = referrer_client.get(reverse("api:referral", args=[sent["id"]])).json()
    assert read["status"] == "accepted"
    listed = referrer_client.get(reverse("api:referrals")).json()["results"]
    assert [r["status"] for r in listed] == ["accepted"]
    for page in (reverse("referrals:list"), reverse("referrals:detail", args=[sent["id"]])):
        html = referrer_client.get(page).content.decode()
        assert "Accepted" in html
        assert "Linked" not in html and "existing" not in html
