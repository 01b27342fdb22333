"""Enrolment records the notice given; consents are separate, withdrawable at once, with history."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casework.consents import services
from casework.consents.models import ConsentDecision
from casework.consents.selectors import consent_in_force
from casework.participants.models import Status
from casework.register.models import NoticeAcknowledgement
from casework.testing.auth import sign_in
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def london(world):
    """Local London's register: its purposes on the basis of consent are ics-health and
    cv-sharing; its employers need consent to share with them."""
    return publish_register(world.programme, "local-london.yaml", loaded_at=TODAY)


ICS = "ics-health"  # Local London's own key
ICS_LABEL = "Support with managing their health through the Integrated Care System"


@pytest.fixture
def notice_version(world):
    return publish_register(world.programme, "south-midlands.yaml", loaded_at=TODAY)


def give(world, participant, purpose=ICS, recipient="", actor="specialist_a"):
    return services.give_consent(
        actor=world.user(actor),
        participant=participant,
        purpose=purpose,
        recipient=recipient,
        channel="face_to_face",
    )


def test_each_consent_is_separate_and_withdrawal_takes_effect_at_once(world, participant_a, london):
    give(world, participant_a, "share_with_employer", recipient="Tesco Luton")
    give(world, participant_a, "share_with_employer", recipient="Asda Dunstable")
    give(world, participant_a, ICS)
    assert consent_in_force(participant_a, "share_with_employer", "tesco luton")
    services.withdraw_consent(
        actor=world.user("specialist_a"),
        participant=participant_a,
        purpose="share_with_employer",
        recipient="Tesco Luton",
        channel="phone",
    )
    assert not consent_in_force(participant_a, "share_with_employer", "Tesco Luton")
    assert consent_in_force(participant_a, "share_with_employer", "Asda Dunstable")
    assert consent_in_force(participant_a, ICS)
    assert not consent_in_force(participant_a, "cv-sharing")
    assert ConsentDecision.objects.count() == 4  # history kept: nothing overwritten


def test_sharing_consent_must_name_the_recipient(world, participant_a):
    with pytest.raises(ValidationError, match="name of the employer"):
        give(world, participant_a, "share_with_employer")


def test_nothing_to_withdraw_is_an_error(world, participant_a, london):
    with pytest.raises(ValidationError, match="no consent in force"):
        services.withdraw_consent(
            actor=world.user("specialist_a"),
            participant=participant_a,
            purpose=ICS,
            channel="email",
        )


def test_read_only_roles_cannot_record_consent(world, participant_a, london):
    with pytest.raises(PermissionDenied):
        give(world, participant_a, actor="auditor_a")


@time_machine.travel(TODAY, tick=False)
def test_enrolment_records_the_notice_and_the_chosen_consents_together(
    world, participant_a, notice_version
):
    services.enrol(
        actor=world.user("specialist_a"),
        participant=participant_a,
        on=datetime.date(2026, 11, 20),
        notice_version=notice_version,
        notice_method="paper",
        consents=[("referral", "")],  # South Midlands' consent-based purpose
        without_eligibility_decision=True,
    )
    participant_a.refresh_from_db()
    assert participant_a.status == Status.ENROLLED
    assert participant_a.enrolled_on == datetime.date(2026, 11, 20)
    notice = NoticeAcknowledgement.objects.get(participant=participant_a)
    assert (notice.version, notice.method) == (notice_version, "paper")
    assert consent_in_force(participant_a, "referral")
    assert not consent_in_force(participant_a, "share_with_employer")


@time_machine.travel(TODAY, tick=False)
def test_a_failed_enrolment_leaves_nothing_behind(world, participant_a, notice_version):
    with pytest.raises(ValidationError):
        services.enrol(
            actor=world.user("specialist_a"),
            participant=participant_a,
            on=datetime.date(2026, 11, 20),
            notice_version=notice_version,
            notice_method="paper",
            consents=[("share_with_employer", "")],  # no employer named
        )
    participant_a.refresh_from_db()
    assert participant_a.status == Status.REFERRED
    assert not NoticeAcknowledgement.objects.exists()
    assert not ConsentDecision.objects.exists()


def test_consents_page_shows_what_is_in_force_and_the_history(client, world, participant_a, london):
    give(world, participant_a, ICS)
    sign_in(client, world.user("specialist_a"))
    url = reverse("consents:consents", args=[participant_a.pk])
    html = client.get(url).content.decode()
    assert ICS_LABEL in html
    response = client.post(
        reverse("consents:withdraw", args=[participant_a.pk]),
        {"purpose": ICS, "recipient": "", "channel": "email", "confirm": "yes"},
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "No consents are in force" in html
    assert "Withdrawn (by email)" in html
    assert "Given (face to face)" in html


def test_consent_form_errors_are_on_their_fields(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    html = client.post(
        reverse("consents:consents", args=[participant_a.pk]),
        {"purpose": "share_with_training_provider", "channel": "phone"},
    ).content.decode()
    assert 'href="#recipient"' in html
    assert "Enter the name of the employer or training provider" in html


def test_enrol_page_enrols(client, world, participant_a, notice_version):
    sign_in(client, world.user("specialist_a"))
    url = reverse("consents:enrol", args=[participant_a.pk])
    assert "version 1" in client.get(url).content.decode()
    today = datetime.date.today()
    response = client.post(
        url,
        {
            "enrolled_on-day": today.day,
            "enrolled_on-month": today.month,
            "enrolled_on-year": today.year,
            "notice_method": "face_to_face",
            "consent__referral": "on",
            "without_eligibility_decision": "on",
        },
    )
    assert response.status_code == 302
    participant_a.refresh_from_db()
    assert participant_a.status == Status.ENROLLED
    assert consent_in_force(participant_a, "referral")


@pytest.mark.parametrize("name", ["consents:consents", "consents:enrol"])
def test_other_partners_get_404(client, world, participant_a, name):
    sign_in(client, world.user("team_leader_b"))
    assert client.get(reverse(name, args=[participant_a.pk])).status_code == 404
    assert client.post(reverse("consents:withdraw", args=[participant_a.pk]), {}).status_code == 404


def test_the_consents_offered_are_the_programmes_own_purposes(world, participant_a):
    from casework.consents.selectors import offered_consents

    publish_register(world.programme, "local-london.yaml", loaded_at=TODAY)
    offered = {c.key: c for c in offered_consents(world.programme)}
    assert set(offered) == {
        "ics-health",
        "cv-sharing",
        "share_with_employer",
        "share_with_training_provider",
        # Its Integrated Care System is a recipient that needs consent: a referral there is
        # checked against this consent, so the programme offers it.
        "share_with_health_service",
    }
    assert offered["ics-health"].label == (
        "Support with managing their health through the Integrated Care System"
    )
    assert offered["share_with_employer"].names_a_recipient


def test_the_enrol_page_offers_only_the_programmes_consents(client, world, participant_a):
    publish_register(world.programme, "local-london.yaml", loaded_at=TODAY)
    sign_in(client, world.user("specialist_a"))
    page = client.get(reverse("consents:enrol", args=[participant_a.pk])).content.decode()
    assert "Support with managing their health through the Integrated Care System" in page
    assert "evaluation surveys" not in page
    assert "news and updates" not in page


def test_a_consent_the_programme_does_not_ask_for_is_refused(world, participant_a):
    publish_register(world.programme, "kent-and-medway.yaml", loaded_at=TODAY)
    with pytest.raises(ValidationError) as caught:
        give(world, participant_a, ICS)
    assert caught.value.message_dict["purpose"] == [
        "Select what the consent is for: Test Connect to Work does not ask for consent to this"
    ]


def test_a_consent_given_before_the_programme_stopped_offering_it_can_still_be_withdrawn(
    world, participant_a, london
):
    give(world, participant_a, ICS)
    publish_register(world.programme, "kent-and-medway.yaml", loaded_at=TODAY)
    services.withdraw_consent(
        actor=world.user("specialist_a"),
        participant=participant_a,
        purpose=ICS,
        channel="email",
    )
    assert not consent_in_force(participant_a, ICS)


def test_no_purpose_is_offered_from_code(world, participant_a):
    """Without a programme file there is no purpose of the programme's own to consent to: only
    sharing with a named organisation, which a recipient's `consent_needed` asks for."""
    from casework.consents.selectors import offered_consents

    assert {c.key for c in offered_consents(world.programme)} == {
        "share_with_employer",
        "share_with_training_provider",
        "share_with_support_organisation",
        "share_with_health_service",
    }
    with pytest.raises(ValidationError, match="does not ask for consent"):
        give(world, participant_a, "marketing")  # offered from code before programme files


def test_a_decision_under_a_retired_key_is_named_and_can_be_withdrawn(
    client, world, participant_a, london
):
    """Decisions recorded before consents came from the file (migration consents 0003) keep
    their keys; they are named in words and can still be withdrawn."""
    ConsentDecision.objects.create(
        participant=participant_a,
        purpose="marketing",
        given=True,
        decided_on=datetime.date(2026, 1, 5),
        channel="email",
    )
    sign_in(client, world.user("specialist_a"))
    html = client.get(reverse("consents:consents", args=[participant_a.pk])).content.decode()
    assert "Receiving news and updates about the programme" in html
    services.withdraw_consent(
        actor=world.user("specialist_a"),
        participant=participant_a,
        purpose="marketing",
        channel="phone",
    )
    assert not consent_in_force(participant_a, "marketing")


def test_withdrawing_needs_a_confirmation_where_the_channel_is_chosen(
    client, world, participant_a, london
):
    give(world, participant_a, ICS)
    sign_in(client, world.user("specialist_a"))
    url = reverse("consents:withdraw", args=[participant_a.pk])
    consents = client.get(reverse("consents:consents", args=[participant_a.pk])).content.decode()
    assert 'name="channel"' not in consents.split("Record a consent")[0]  # no default there
    page = client.post(url, {"purpose": ICS, "recipient": ""})  # the Withdraw button
    html = page.content.decode()
    assert page.status_code == 200
    assert f"Withdraw consent to {ICS_LABEL.lower()}" in html
    assert 'name="channel"' in html and "checked" not in html  # nothing chosen for them
    assert ConsentDecision.objects.filter(given=False).count() == 0  # nothing withdrawn yet
    missing = client.post(url, {"purpose": ICS, "recipient": "", "confirm": "yes"})
    assert "Select how the participant withdrew their consent" in missing.content.decode()
    assert ConsentDecision.objects.filter(given=False).count() == 0
    done = client.post(url, {"purpose": ICS, "recipient": "", "channel": "phone", "confirm": "yes"})
    assert done.status_code == 302
    assert ConsentDecision.objects.get(given=False).channel == "phone"


# Eligibility before enrolment (decision 0086) ------------------------------------------------
def enrol_form(**extra):
    today = datetime.date.today()
    return {
        "enrolled_on-day": today.day,
        "enrolled_on-month": today.month,
        "enrolled_on-year": today.year,
        "notice_method": "face_to_face",
        **extra,
    }


def test_enrolling_with_no_eligibility_decision_warns_and_needs_a_confirmation(
    client, world, participant_a, notice_version
):
    sign_in(client, world.user("specialist_a"))
    url = reverse("consents:enrol", args=[participant_a.pk])
    html = client.get(url).content.decode()
    assert "No eligibility decision is recorded for Alice Archer" in html
    assert reverse("eligibility:eligibility", args=[participant_a.pk]) in html
    refused = client.post(url, enrol_form()).content.decode()
    assert "Record their eligibility first, or confirm you are enrolling them" in refused
    participant_a.refresh_from_db()
    assert participant_a.status == Status.REFERRED
    assert client.post(url, enrol_form(without_eligibility_decision="on")).status_code == 302
    participant_a.refresh_from_db()
    assert participant_a.status == Status.ENROLLED


def test_the_service_refuses_an_unconfirmed_enrolment_without_a_decision(
    world, participant_a, notice_version
):
    with pytest.raises(ValidationError) as refused:
        services.enrol(
            actor=world.user("specialist_a"),
            participant=participant_a,
            on=datetime.date.today(),
            notice_version=notice_version,
            notice_method="paper",
        )
    assert "without_eligibility_decision" in refused.value.message_dict


@pytest.mark.parametrize("decision", ["not_eligible", "referred_elsewhere"])
def test_a_participant_decided_not_eligible_cannot_be_enrolled(
    client, world, participant_a, notice_version, decision
):
    from casework.demo.intake import decide_eligibility

    specialist = world.user("specialist_a")
    decide_eligibility(specialist, participant_a, datetime.date.today(), decision=decision)
    with pytest.raises(ValidationError) as refused:
        services.enrol(
            actor=specialist,
            participant=participant_a,
            on=datetime.date.today(),
            notice_version=notice_version,
            notice_method="paper",
            without_eligibility_decision=True,
        )
    assert "Record a new eligibility decision" in str(refused.value)
    sign_in(client, specialist)
    url = reverse("consents:enrol", args=[participant_a.pk])
    html = client.get(url).content.decode()
    assert "Alice Archer cannot be enrolled yet" in html
    assert 'name="notice_method"' not in html
    assert "Check eligibility again" in html
    client.post(url, enrol_form(without_eligibility_decision="on"))
    participant_a.refresh_from_db()
    assert participant_a.status == Status.REFERRED


def test_an_eligible_decision_leads_on_to_enrolment(client, world, participant_a, notice_version):
    from casework.demo.intake import decide_eligibility

    specialist = world.user("specialist_a")
    decide_eligibility(specialist, participant_a, datetime.date.today())
    sign_in(client, specialist)
    html = client.get(reverse("eligibility:eligibility", args=[participant_a.pk])).content.decode()
    assert f'href="{reverse("consents:enrol", args=[participant_a.pk])}"' in html
    assert "Enrol Alice Archer" in html
    enrol_page = client.get(reverse("consents:enrol", args=[participant_a.pk])).content.decode()
    assert "No eligibility decision" not in enrol_page
    assert (
        client.post(reverse("consents:enrol", args=[participant_a.pk]), enrol_form()).status_code
        == 302
    )
