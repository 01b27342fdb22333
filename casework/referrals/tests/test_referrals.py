"""Intake: partners refer, staff record contacts, the public expresses interest, and staff
accept (new participant), link (existing participant) or decline."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.participants.models import Participant
from casework.referrals import services
from casework.referrals.models import Channel, Referral, ReferralStatus
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


def person(world, **overrides):
    data = {
        "first_name": "Ngozi",
        "last_name": "Adeyemi",
        "date_of_birth": datetime.date(1992, 5, 17),
        "email": "ngozi@example.com",
        "phone": "",
        "postcode": "LU2 0AB",
        "area": world.area_a,
        "national_insurance_number": "",
        "support_needs": "Anxiety; wants part-time work in retail.",
    }
    data.update(overrides)
    return data


def refer(world, **overrides):
    return services.submit_referral(
        actor=world.user("referrer"),
        programme=world.programme,
        route="jobcentre_plus",
        agreement_how="in_person",
        **person(world, **overrides),
    )


def test_a_partner_referral_records_who_referred_and_how_the_person_agreed(world):
    referral = refer(world)
    assert referral.channel == Channel.REFERRAL_PARTNER
    assert referral.referring_organisation.name == "Jobcentre Plus Test"
    assert referral.agreement_how == "in_person"
    assert referral.agreement_recorded_at is not None
    assert referral.status == ReferralStatus.RECEIVED


def test_only_referral_partners_send_referrals(world):
    with pytest.raises(PermissionDenied):
        services.submit_referral(
            actor=world.user("specialist_a"),
            programme=world.programme,
            route="health",
            agreement_how="phone",
            **person(world),
        )


def test_a_second_referral_of_the_same_person_is_accepted_the_same_way(world):
    """Issue 9.1: refusing it would tell the referrer that someone else had referred them."""
    first = refer(world, national_insurance_number="QQ 22 33 44 A")
    second = refer(world, first_name="N", national_insurance_number="qq223344a", last_name="Other")
    third = refer(world, national_insurance_number="")  # same last name and date of birth
    assert {r.status for r in (first, second, third)} == {ReferralStatus.RECEIVED}
    assert Referral.objects.count() == 3


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"postcode": "nowhere"}, "postcode"),
        ({"national_insurance_number": "BG123456A"}, "national_insurance_number"),
        ({"date_of_birth": datetime.date(2099, 1, 1)}, "date_of_birth"),
        ({"email": "not an email"}, "email"),
    ],
)
def test_bad_referral_input_is_refused_on_its_field(world, overrides, field):
    with pytest.raises(ValidationError) as caught:
        refer(world, **overrides)
    assert field in caught.value.message_dict
    assert Referral.objects.count() == 0


def test_staff_record_a_contact_with_its_channel(world):
    referral = services.record_contact(
        actor=world.user("specialist_a"),
        programme=world.programme,
        channel="phone",
        route="self_referral",
        **person(world),
    )
    assert referral.channel == Channel.PHONE
    assert referral.agreement_how == "phone"
    with pytest.raises(ValidationError, match="how the person contacted"):
        services.record_contact(
            actor=world.user("specialist_a"),
            programme=world.programme,
            channel="expression_of_interest",
            route="self_referral",
            **person(world, last_name="Other"),
        )


def test_accepting_creates_the_participant_and_closes_the_referral(world):
    referral = refer(world)
    participant = services.accept_referral(
        actor=world.user("specialist_a"),
        referral=referral,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a"),
        first_name=referral.first_name,
        last_name=referral.last_name,
        date_of_birth=referral.date_of_birth,
        gender="woman",
        address_line_1="4 Bury Park Road",
        town="Luton",
        postcode=referral.postcode,
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.participant == participant
    assert referral.decided_by == world.user("specialist_a")
    assert participant.referred_on == referral.received_at.date()
    with pytest.raises(ValidationError, match="already been decided"):
        services.decline_referral(actor=world.user("specialist_a"), referral=referral, reason="x")


def test_a_failed_accept_leaves_the_referral_waiting(world):
    referral = refer(world)
    with pytest.raises(ValidationError):
        services.accept_referral(
            actor=world.user("specialist_a"),
            referral=referral,
            area=world.area_a,
            responsible_organisation=world.org_a,
            first_name="X",
            last_name="Y",
            date_of_birth=referral.date_of_birth,
            gender="woman",
            address_line_1="1 Road",
            town="Luton",
            postcode="bad",
        )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED
    assert Participant.objects.count() == 0


def test_another_partner_cannot_decide_and_the_referrer_cannot_either(world):
    referral = refer(world)
    for name in ("specialist_b", "team_leader_b", "referrer", "auditor_a"):
        with pytest.raises(PermissionDenied):
            services.decline_referral(actor=world.user(name), referral=referral, reason="no")


def test_declining_needs_a_reason(world):
    referral = refer(world)
    with pytest.raises(ValidationError, match="Enter why"):
        services.decline_referral(actor=world.user("team_leader_a"), referral=referral, reason=" ")
    services.decline_referral(
        actor=world.user("team_leader_a"), referral=referral, reason="On Restart already"
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED


# Pages -----------------------------------------------------------------------------------
def test_referrer_sees_only_the_status_of_their_own_referrals(client, world):
    referral = refer(world)
    sign_in(client, world.user("referrer"))
    listing = client.get(reverse("referrals:list")).content.decode()
    assert "Ngozi Adeyemi" in listing
    assert "Waiting for a decision" in listing
    detail = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Waiting for a decision" in detail
    assert "Anxiety" not in detail
    assert client.get(reverse("referrals:accept", args=[referral.pk])).status_code == 403


def test_opening_a_referral_is_recorded_in_the_audit_trail(client, world):
    from casework.audit.models import AuditEvent

    referral = refer(world)
    sign_in(client, world.user("specialist_a"))
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 200
    event = AuditEvent.objects.latest("id")
    assert (event.actor, event.action, event.purpose) == (
        world.user("specialist_a"),
        "referral",
        "referral.read",
    )


def test_staff_inbox_shows_referrals_in_their_area_only(client, world):
    refer(world)
    refer(world, first_name="Bea", last_name="Brook", area=world.area_b)
    sign_in(client, world.user("team_leader_a"))
    html = client.get(reverse("referrals:list")).content.decode()
    assert "Ngozi Adeyemi" in html
    assert "Bea Brook" not in html
    other = Referral.objects.get(last_name="Brook")
    assert client.get(reverse("referrals:detail", args=[other.pk])).status_code == 404


def test_detail_warns_of_a_possible_duplicate_and_links_it(client, world, participant_a):
    referral = refer(
        world,
        national_insurance_number=participant_a.national_insurance_number,
        last_name="Different",
    )
    sign_in(client, world.user("specialist_a"))
    html = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "already a participant" in html
    assert "Alice Archer" in html
    response = client.post(
        reverse("referrals:link", args=[referral.pk]), {"participant": participant_a.pk}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.LINKED
    assert referral.participant == participant_a


def test_linking_can_bring_the_referrals_newer_contact_details_across(client, world, participant_a):
    referral = refer(
        world,
        first_name=participant_a.first_name,
        last_name=participant_a.last_name,
        date_of_birth=participant_a.date_of_birth,
        email="alice.new@example.com",
        phone="07700 900123",
    )
    sign_in(client, world.user("specialist_a"))
    html = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Email address: alice.new@example.com" in html
    assert "Phone number: 07700 900123" in html
    response = client.post(
        reverse("referrals:link", args=[referral.pk]),
        {"participant": participant_a.pk, "take": ["email"]},
    )
    assert response.status_code == 302
    participant_a.refresh_from_db()
    assert participant_a.email == "alice.new@example.com"
    assert participant_a.phone != "07700 900123"  # not chosen, so not changed
    change = AuditEvent.objects.filter(action="participant.update").latest("id")
    assert change.changed_fields == ["email"]


def test_a_detail_not_offered_cannot_be_brought_across(client, world, participant_a):
    referral = refer(
        world,
        last_name=participant_a.last_name,
        date_of_birth=participant_a.date_of_birth,
        email=participant_a.email or "same@example.com",
    )
    sign_in(client, world.user("specialist_a"))
    response = client.post(
        reverse("referrals:link", args=[referral.pk]),
        {"participant": participant_a.pk, "take": ["first_name"]},
        follow=True,
    )
    assert "Choose only details this referral can bring across" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED


def test_a_duplicate_out_of_sight_is_not_mentioned_and_goes_to_who_sees_both(
    client, world, participant_b
):
    """Issue 9.1: staff outside the participant's scope learn nothing of them; the programme
    manager, who sees both, finds the referral flagged in the inbox."""
    referral = refer(
        world, last_name=participant_b.last_name, date_of_birth=participant_b.date_of_birth
    )
    unrelated = refer(world, first_name="Sam", last_name="Unique")
    sign_in(client, world.user("team_leader_a"))
    html = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "another partner" not in html and "Bob" not in html
    assert html.count("No participant you can see") == 1
    inbox = client.get(reverse("referrals:list")).content.decode()
    assert "Possible duplicate" not in inbox
    client.logout()
    sign_in(client, world.user("manager"))
    inbox = client.get(reverse("referrals:list")).content.decode()
    row_of = {r: inbox.split(r.full_name, 1)[1].split("</tr>", 1)[0] for r in (referral, unrelated)}
    assert "Possible duplicate" in row_of[referral]
    assert "Possible duplicate" not in row_of[unrelated]
    html = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Bob Baker" in html


def test_accepting_over_a_hidden_duplicate_is_refused_with_a_neutral_message(world, participant_b):
    referral = refer(
        world, last_name=participant_b.last_name, date_of_birth=participant_b.date_of_birth
    )
    with pytest.raises(ValidationError) as caught:
        services.accept_referral(
            actor=world.user("team_leader_a"),
            referral=referral,
            area=world.area_a,
            responsible_organisation=world.org_a,
            first_name=referral.first_name,
            last_name=referral.last_name,
            date_of_birth=referral.date_of_birth,
            gender="woman",
            address_line_1="4 Bury Park Road",
            town="Luton",
            postcode=referral.postcode,
        )
    message = " ".join(caught.value.messages)
    assert "programme manager" in message
    assert "already" not in message and "partner" not in message
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED


def test_another_waiting_referral_of_the_same_person_is_shown_to_staff(client, world):
    first = refer(world)
    second = refer(world, email="other@example.com")
    sign_in(client, world.user("team_leader_a"))
    html = client.get(reverse("referrals:detail", args=[second.pk])).content.decode()
    assert "Another referral waiting may be the same person" in html
    assert reverse("referrals:detail", args=[first.pk]) in html


def test_the_accepted_referral_keeps_its_reason_on_the_record_and_links_back(client, world):
    """The reason and support needed stay with the new participant's record (shown to those who
    may see special category data) and the record links back to the referral."""
    referral = refer(world)
    participant = services.accept_referral(
        actor=world.user("specialist_a"),
        referral=referral,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a"),
        first_name=referral.first_name,
        last_name=referral.last_name,
        date_of_birth=referral.date_of_birth,
        gender="woman",
        address_line_1="4 Bury Park Road",
        town="Luton",
        postcode=referral.postcode,
    )
    detail = reverse("participants:detail", args=[participant.pk])
    back = f'href="{reverse("referrals:detail", args=[referral.pk])}"'
    sign_in(client, world.user("specialist_a"))
    html = client.get(detail).content.decode()
    assert "Reason for referral and support needed" in html
    assert "Anxiety; wants part-time work in retail." in html
    assert back in html and referral.reference in html
    sign_in(client, world.user("manager"))  # sees the record, not special category data
    html = client.get(detail).content.decode()
    assert back in html
    assert "Anxiety" not in html


def test_accept_page_is_prefilled_from_the_referral(client, world):
    referral = refer(world, national_insurance_number="QQ 98 76 54 A")
    sign_in(client, world.user("specialist_a"))
    html = client.get(reverse("referrals:accept", args=[referral.pk])).content.decode()
    assert 'value="Ngozi"' in html
    assert 'value="QQ987654A"' in html
    assert 'value="1992"' in html
    # The specialist who accepts takes the person onto their own caseload unless they choose.
    specialist = world.user("specialist_a")
    assert re.search(rf'<option value="{specialist.pk}" selected>', html)


# The public expression-of-interest form --------------------------------------------------
def interest_form(client, world):
    html = client.get(reverse("referrals:interest", args=[world.programme.slug])).content.decode()
    return html.split('name="started" value="', 1)[1].split('"', 1)[0]


def interest_data(world, started, **overrides):
    data = {
        "started": started,
        "first_name": "Lee",
        "last_name": "Summers",
        "date_of_birth-day": "2",
        "date_of_birth-month": "9",
        "date_of_birth-year": "1979",
        "email": "lee@example.com",
        "postcode": "LU1 3AA",
        "area": str(world.area_a.pk),
        "read_notice": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_public_form_needs_no_sign_in_and_shows_the_privacy_notice_first(client, world):
    html = client.get(reverse("referrals:interest", args=[world.programme.slug])).content.decode()
    assert f"/programmes/{world.programme.slug}/privacy-notice" in html
    assert html.index("privacy notice") < html.index('name="first_name"')


def test_a_person_can_express_interest(client, world):
    with time_machine.travel(NOW, tick=False) as clock:
        started = interest_form(client, world)
        clock.shift(datetime.timedelta(seconds=40))
        response = client.post(
            reverse("referrals:interest", args=[world.programme.slug]),
            interest_data(world, started),
        )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.channel == Channel.EXPRESSION_OF_INTEREST
    assert referral.agreement_how == "online_form"
    assert "We have your details" in client.get(response.url).content.decode()


def test_public_form_errors_keep_what_was_typed(client, world):
    with time_machine.travel(NOW, tick=False) as clock:
        started = interest_form(client, world)
        clock.shift(datetime.timedelta(seconds=40))
        html = client.post(
            reverse("referrals:interest", args=[world.programme.slug]),
            interest_data(world, started, email="", read_notice="", postcode="LU1"),
        ).content.decode()
    assert "Enter an email address or a phone number" in html
    assert "Confirm you have read the privacy notice" in html
    assert 'value="Summers"' in html
    assert Referral.objects.count() == 0


def test_the_public_form_accepts_someone_already_waiting_the_same_way(client, world):
    """Issue 9.1: a surname and date of birth typed by anyone must not reveal an application."""
    refer(world, last_name="Summers", date_of_birth=datetime.date(1979, 9, 2))
    with time_machine.travel(NOW, tick=False) as clock:
        started = interest_form(client, world)
        clock.shift(datetime.timedelta(seconds=40))
        response = client.post(
            reverse("referrals:interest", args=[world.programme.slug]),
            interest_data(world, started, email="stranger@example.com"),
        )
    assert response.status_code == 302
    assert response.url == reverse("referrals:interest-sent", args=[world.programme.slug])
    assert Referral.objects.filter(last_name="Summers").count() == 2


def test_a_person_correcting_one_mistake_quickly_is_not_too_quick(client, world):
    """The minimum time is for the first submission of a fresh form: the form shown again after
    a mistake keeps the time it was first shown."""
    url = reverse("referrals:interest", args=[world.programme.slug])
    with time_machine.travel(NOW, tick=False) as clock:
        started = interest_form(client, world)
        clock.shift(datetime.timedelta(seconds=40))
        html = client.post(url, interest_data(world, started, postcode="LU1")).content.decode()
        assert "Enter a real UK postcode" in html
        again = html.split('name="started" value="', 1)[1].split('"', 1)[0]
        clock.shift(datetime.timedelta(seconds=1))
        response = client.post(url, interest_data(world, again))
        assert response.status_code == 302, response.content.decode()
    assert Referral.objects.count() == 1


def test_bots_are_turned_away(client, world):
    url = reverse("referrals:interest", args=[world.programme.slug])
    with time_machine.travel(NOW, tick=False) as clock:
        started = interest_form(client, world)
        fast = client.post(url, interest_data(world, started)).content.decode()
        assert "sent too quickly" in fast
        clock.shift(datetime.timedelta(seconds=40))
        honeypot = client.post(url, interest_data(world, started, website="http://spam"))
        assert "leave the last box empty" in honeypot.content.decode()
        forged = client.post(url, interest_data(world, "forged-token")).content.decode()
        assert "Something went wrong" in forged
        clock.shift(datetime.timedelta(hours=3))
        stale = client.post(url, interest_data(world, started)).content.decode()
        assert "timed out" in stale
    assert Referral.objects.count() == 0


def test_more_than_five_submissions_an_hour_from_one_address_are_refused(client, world):
    url = reverse("referrals:interest", args=[world.programme.slug])
    with time_machine.travel(NOW, tick=False) as clock:
        started = interest_form(client, world)
        clock.shift(datetime.timedelta(seconds=40))
        for i in range(5):
            data = interest_data(world, started, last_name=f"Person{i}")
            assert client.post(url, data).status_code == 302
        refused = client.post(url, interest_data(world, started, last_name="Sixth"))
        assert refused.status_code == 429
        assert "too many forms" in refused.content.decode()
        clock.shift(datetime.timedelta(hours=1))
        started = interest_form(client, world)
        clock.shift(datetime.timedelta(seconds=40))
        assert client.post(url, interest_data(world, started, last_name="Later")).status_code == 302
    assert Referral.objects.count() == 6


# Issue 9.4: once decided, a referral is seen by exactly those who may see its participant ----
def test_an_accepted_referral_is_visible_exactly_to_those_who_see_its_participant(client, world):
    referral = refer(world)
    participant = services.accept_referral(
        actor=world.user("team_leader_a"),
        referral=referral,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a2"),  # on a colleague's caseload
        first_name=referral.first_name,
        last_name=referral.last_name,
        date_of_birth=referral.date_of_birth,
        gender="woman",
        address_line_1="4 Bury Park Road",
        town="Luton",
        postcode=referral.postcode,
    )
    url = reverse("referrals:detail", args=[referral.pk])
    for name in ("specialist_a2", "team_leader_a", "manager", "dpo", "auditor_a"):  # see her
        sign_in(client, world.user(name))
        response = client.get(url)
        assert response.status_code == 200, name
        client.logout()
    sign_in(client, world.user("specialist_a"))  # in the area, but she is not on their caseload
    assert client.get(url).status_code == 404
    assert "Anxiety" not in client.get(reverse("referrals:list")).content.decode()
    client.logout()
    sign_in(client, world.user("specialist_b"))
    assert client.get(url).status_code == 404
    client.logout()
    sign_in(client, world.user("referrer"))  # the referrer still sees only its status
    html = client.get(url).content.decode()
    assert "Accepted" in html and "Anxiety" not in html
    assert participant.pk


def test_staff_who_recorded_a_contact_lose_sight_of_it_with_its_participant(client, world):
    referral = services.record_contact(
        actor=world.user("specialist_a"),
        programme=world.programme,
        channel="phone",
        route="self_referral",
        **person(world),
    )
    services.accept_referral(
        actor=world.user("team_leader_a"),
        referral=referral,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a2"),
        first_name=referral.first_name,
        last_name=referral.last_name,
        date_of_birth=referral.date_of_birth,
        gender="woman",
        address_line_1="4 Bury Park Road",
        town="Luton",
        postcode=referral.postcode,
    )
    sign_in(client, world.user("specialist_a"))
    html = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Anxiety" not in html


def test_the_public_form_is_not_kept_by_browsers_when_it_shows_what_was_typed(client, world):
    """Issue 9.7: a re-rendered form holds the person's details: `Cache-Control: no-store`."""
    with time_machine.travel(NOW, tick=False) as clock:
        started = interest_form(client, world)
        clock.shift(datetime.timedelta(seconds=40))
        response = client.post(
            reverse("referrals:interest", args=[world.programme.slug]),
            interest_data(world, started, postcode="nowhere"),
        )
    assert response.status_code == 200
    assert "Summers" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("declared", "said"),
    [("", None), ("usually within 10 working days", "usually within 10 working days")],
)
def test_the_confirmation_says_when_they_will_hear_only_if_the_programme_declares_it(
    client, world, declared, said
):
    from casework.testing.registers import publish_register

    publish_register(world.programme, reply_to_interest=declared)
    url = reverse("referrals:interest", args=[world.programme.slug])
    with time_machine.travel(NOW, tick=False) as clock:
        started = interest_form(client, world)
        clock.shift(datetime.timedelta(seconds=40))
        sent = client.post(url, interest_data(world, started), follow=True).content.decode()
    text = " ".join(sent.split())
    assert "will contact you" in text
    if said:
        assert said in text
    else:
        assert "working days" not in text


def _inbox(client):
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("referrals:list")).content.decode()
    return len(queries), html


def test_the_inbox_asks_the_database_as_often_for_twenty_referrals_as_for_one(
    client, world, participant_a, participant_b
):
    """Issue 16: the possible duplicates of a whole page are found in one go, not per row."""
    refer(world, last_name=participant_b.last_name, date_of_birth=participant_b.date_of_birth)
    sign_in(client, world.user("manager"))
    client.get(reverse("referrals:list"))  # the first page after signing in also saves the session
    one, html = _inbox(client)
    assert html.count("Possible duplicate") == 1
    for n in range(19):  # matches of participants in and out of the area, of each other, and none
        match = (participant_a, participant_b, None)[n % 3]
        if match is None:
            refer(world, first_name=f"Person{n}", last_name=f"Unique{n}")
        else:
            refer(world, last_name=match.last_name, date_of_birth=match.date_of_birth)
    twenty, html = _inbox(client)
    assert html.count("Possible duplicate") == 14  # the first, 7 of Alice and 6 of Bob
    assert twenty == one <= 12
    client.logout()
    sign_in(client, world.user("team_leader_a"))  # Bob is out of their sight
    client.get(reverse("referrals:list"))
    one_leader, html = _inbox(client)
    assert html.count("Possible duplicate") == 7
    assert one_leader <= 12


def test_the_inbox_is_paginated_oldest_first(client, world, monkeypatch):
    from casework.referrals import views

    monkeypatch.setattr(views, "INBOX_PAGE_SIZE", 2)
    for n, day in enumerate((20, 21, 22)):
        with time_machine.travel(datetime.datetime(2026, 11, day, 9, 0, tzinfo=datetime.UTC)):
            refer(world, first_name=f"Person{n}", last_name=f"Unique{n}")
    sign_in(client, world.user("manager"))
    first = client.get(reverse("referrals:list")).content.decode()
    assert "Person0 Unique0" in first and "Person1 Unique1" in first
    assert "Person2 Unique2" not in first and "?page=2" in first
    second = client.get(reverse("referrals:list"), {"page": 2}).content.decode()
    assert "Person2 Unique2" in second and "Person0 Unique0" not in second


def test_referrals_received_at_the_same_moment_each_show_on_exactly_one_page(
    client, world, monkeypatch
):
    """Seven referrals of one moment (a batch, an import) over four pages of two: each once,
    in one order that does not depend on the plan the database picks for the page (their ids
    settle it: staff see them oldest first, the referrer newest first)."""
    from casework.referrals import views

    monkeypatch.setattr(views, "INBOX_PAGE_SIZE", 2)
    moment = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        sent = [refer(world, first_name=f"Person{n}", last_name=f"Same{n}") for n in range(7)]
    assert len({r.received_at for r in sent}) == 1
    by_id = [r.full_name for r in sorted(sent, key=lambda r: r.pk)]
    name = re.compile(r"Person\d Same\d")
    for who, expected in (("manager", by_id), ("referrer", by_id[::-1])):
        sign_in(client, world.user(who))
        shown = []
        for page in (1, 2, 3, 4):
            html = client.get(reverse("referrals:list"), {"page": page}).content.decode()
            shown += name.findall(html)
        assert shown == expected, who
        client.logout()


def test_a_partner_reaches_every_referral_they_have_sent_a_page_at_a_time(
    client, world, monkeypatch
):
    """The list of referrals sent stopped at 200: the older ones could not be reached at all."""
    from casework.referrals import views

    monkeypatch.setattr(views, "INBOX_PAGE_SIZE", 2)
    for n, day in enumerate((20, 21, 22)):
        with time_machine.travel(datetime.datetime(2026, 11, day, 9, 0, tzinfo=datetime.UTC)):
            refer(world, first_name=f"Person{n}", last_name=f"Unique{n}")
    sign_in(client, world.user("referrer"))
    first = client.get(reverse("referrals:list")).content.decode()
    assert "Person2 Unique2" in first and "Person1 Unique1" in first  # newest first
    assert "Person0 Unique0" not in first and "?page=2" in first
    assert 'aria-label="Pages of referrals you have sent"' in first
    second = client.get(reverse("referrals:list"), {"page": 2}).content.decode()
    assert "Person0 Unique0" in second and "Person2 Unique2" not in second
