"""The disclosure pages: what a specialist and a DPO see and do."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from casework.consents.models import ConsentPurpose
from casework.disclosures import services
from casework.disclosures.models import Disclosure
from casework.disclosures.testing import PDF, consent_to, pending_safeguarding
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db


def post_cv(client, participant, cv, **overrides):
    data = {
        "document": str(cv.pk),
        "recipient": "employers-training",
        "recipient_name": "Acme Foods",
        "delivery": "email",
        "recipient_email": "jobs@acme.example",
        **overrides,
    }
    return client.post(reverse("disclosures:send-document", args=[participant.pk]), data)


def test_a_specialist_sends_a_cv_from_the_page(
    client, register, specialist, participant_a, cv, consented
):
    sign_in(client, specialist)
    response = post_cv(client, participant_a, cv)
    assert response.status_code == 302
    assert mail.outbox[0].attachments[0][1] == PDF
    page = client.get(response["Location"]).content.decode()
    assert "Acme Foods" in page and "Sent" in page
    assert "The document (file)" in page  # Art 19: who received each detail


def test_the_download_hands_over_the_file(
    client, register, specialist, participant_a, cv, consented
):
    sign_in(client, specialist)
    response = post_cv(client, participant_a, cv, delivery="download", recipient_email="")
    assert response.content == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert Disclosure.objects.get().status == "handed_over"


def test_a_refusal_is_a_clear_page_and_nothing_is_sent(
    client, register, specialist, participant_a, cv
):
    sign_in(client, specialist)
    response = post_cv(client, participant_a, cv)
    page = response.content.decode()
    assert "The disclosure was refused" in page
    assert "has not consented to sharing with Acme Foods" in page
    assert mail.outbox == []


def test_bad_input_names_the_field_and_keeps_what_was_typed(
    client, register, specialist, participant_a, cv, consented
):
    sign_in(client, specialist)
    page = post_cv(client, participant_a, cv, recipient_email="").content.decode()
    assert "Enter the email address to send it to" in page
    assert 'value="Acme Foods"' in page


def test_the_dpo_log_filters_and_exports_formula_safe(
    client, register, world, participant_a, cv, consented
):
    participant_a.first_name = "=HYPERLINK(1)"
    participant_a.save()
    services.send_document(
        by=world.user("specialist_a"),
        participant=participant_a,
        document=cv,
        recipient_key="employers-training",
        recipient_name="Acme Foods",
        delivery="download",
    )
    services.answer_statutory_request(
        by=world.user("dpo"),
        participant=participant_a,
        recipient_key="law-safeguarding",
        recipient_name="Bedfordshire Police",
        request_reference="DP/1",
        purpose_key="crime_prevention",
        fields=["participants.Participant.last_name"],
        delivery="download",
    )
    sign_in(client, world.user("dpo"))
    url = reverse("disclosures:log", args=[world.programme.slug])
    page = client.get(url).content.decode()
    assert "Acme Foods" in page and "Bedfordshire Police" in page
    page = client.get(url, {"kind": "statutory_request"}).content.decode()
    assert "Bedfordshire Police" in page and "Acme Foods" not in page
    page = client.get(url, {"agreement": "SMCTW-DSA-EMP"}).content.decode()
    assert "Acme Foods" in page and "Bedfordshire Police" not in page
    csv = b"".join(client.get(reverse("disclosures:log-csv", args=[world.programme.slug]))).decode()
    assert csv.startswith("\ufeff")
    assert "'=HYPERLINK(1) Archer" in csv
    assert "DP/1" in csv


def test_the_agreements_page_warns_sixty_days_before_expiry(client, register, world):
    sign_in(client, world.user("dpo"))
    url = reverse("disclosures:agreements", args=[world.programme.slug])
    assert "expires on" not in client.get(url).content.decode()
    with time_machine.travel(datetime.datetime(2030, 2, 1, 10, 0), tick=False):
        sign_in(client, world.user("dpo"))
        page = client.get(url).content.decode()
    assert (
        "The agreement SMCTW-DSA-EMP with Employers and training providers expires on 31 March 2030"
        in page
    )


def test_a_team_leader_approves_from_their_disclosures_page(client, register, world, participant_a):
    record = pending_safeguarding(participant_a, requested_by=world.user("specialist_a"))
    sign_in(client, world.user("team_leader_a"))
    page = client.get(reverse("disclosures:approvals")).content.decode()
    assert "Alice Archer" in page
    url = reverse("disclosures:safeguarding-record", args=[participant_a.pk, record.pk])
    response = client.post(url, {"approval-decision": "approve", "approval-note": "Agreed"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "disclosed"
    assert record.disclosure.recipient_name == "Adult social care"


def test_the_timeline_shows_disclosures(client, register, world, participant_a, cv):
    consent_to(participant_a, ConsentPurpose.SHARE_WITH_EMPLOYER, "Acme Foods")
    services.send_document(
        by=world.user("specialist_a"),
        participant=participant_a,
        document=cv,
        recipient_key="employers-training",
        recipient_name="Acme Foods",
        delivery="download",
    )
    sign_in(client, world.user("specialist_a"))
    page = client.get(reverse("journey:timeline", args=[participant_a.pk])).content.decode()
    assert "Disclosed: document to an employer or training provider" in page
    assert "To Acme Foods" in page


def test_correcting_a_shared_detail_asks_to_tell_who_received_it(
    client, register, specialist, participant_a, cv, consented
):
    import datetime as dt

    from casework.disclosures.selectors import recipients_to_tell
    from casework.participants.forms import ParticipantForm

    services.send_document(
        by=specialist,
        participant=participant_a,
        document=cv,
        recipient_key="employers-training",
        recipient_name="Acme Foods",
        delivery="download",
    )
    last_name = "participants.Participant.last_name"
    assert recipients_to_tell(specialist, participant_a, [last_name]) == [
        ("employers-training", "Acme Foods")
    ]
    assert recipients_to_tell(specialist, participant_a, ["participants.Participant.phone"]) == []
    data = {}
    for name, value in ParticipantForm.initial_from(participant_a).items():
        if isinstance(value, dt.date):
            data |= {
                f"{name}-day": value.day,
                f"{name}-month": value.month,
                f"{name}-year": value.year,
            }
        elif value not in (None, False):
            data[name] = getattr(value, "pk", value)
    data["last_name"] = "Archer-Smith"
    sign_in(client, specialist)
    response = client.post(reverse("participants:edit", args=[participant_a.pk]), data, follow=True)
    page = response.content.decode()
    assert "shared with Acme Foods" in page


def test_the_dpo_produces_a_data_matching_extract_where_the_programme_declares_one(
    client, world, participant_a
):
    from casework.register.selectors import current_config
    from casework.testing.registers import publish_register

    from .test_gate import DATA_MATCHING

    config = current_config(publish_register(world.programme).programme)
    url = reverse("disclosures:data-matching", args=[world.programme.slug])
    sign_in(client, world.user("dpo"))
    assert "declares no statutory data-matching recipient" in client.get(url).content.decode()
    publish_register(
        world.programme,
        recipients=[*(r.model_dump(mode="json") for r in config.recipients), DATA_MATCHING],
    )
    response = client.post(
        url,
        {
            "recipient": "national-fraud-initiative",
            "fields_shared": ["participants.Participant.last_name"],
        },
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "Archer" in response.content.decode("utf-8-sig")
    disclosure = Disclosure.objects.get()
    assert disclosure.kind == "data_matching" and disclosure.participant_count == 1


def test_a_downloaded_referral_is_exactly_what_was_hashed(
    client, register, specialist, participant_a
):
    import hashlib

    consent_to(participant_a, ConsentPurpose.SHARE_WITH_SUPPORT_ORGANISATION, "Luton Foodbank")
    sign_in(client, specialist)
    response = client.post(
        reverse("disclosures:refer", args=[participant_a.pk]),
        {
            "recipient": "support-organisations",
            "recipient_name": "Luton Foodbank",
            "fields_shared": ["participants.Participant.first_name"],
            "message": "Needs food support.",
            "delivery": "download",
        },
    )
    disclosure = Disclosure.objects.get()
    assert hashlib.sha256(response.content).hexdigest() == disclosure.content_sha256
    assert b"Needs food support." in response.content


def test_an_enquiry_sends_exactly_the_name_and_nino_and_refuses_more(
    client, world, specialist, participant_a
):
    from casework.testing.registers import publish_register

    publish_register(world.programme, "local-london.yaml")
    participant_a.national_insurance_number = "QQ123456C"
    participant_a.email = "alice@example.com"
    participant_a.save()
    sign_in(client, specialist)
    url = reverse("disclosures:enquiry", args=[participant_a.pk])
    data = {
        "recipient": "employers-education-checks",
        "recipient_name": "Acme Foods",
        "purpose": "eligibility",
        "fields_shared": [
            "participants.Participant.first_name",
            "participants.Participant.last_name",
            "participants.Participant.national_insurance_number",
        ],
        "question": "Do they work for you?",
        "delivery": "email",
        "recipient_email": "hr@acme.example",
    }
    assert client.post(url, data).status_code == 302
    assert "QQ123456C" in mail.outbox[0].body
    assert Disclosure.objects.get().fields == data["fields_shared"]
    page = client.post(
        url, {**data, "fields_shared": [*data["fields_shared"], "participants.Participant.email"]}
    ).content.decode()
    assert "The disclosure was refused" in page
    assert "LL-CTW-DSA-VER does not cover contact details and address" in page
    assert len(mail.outbox) == 1
