"""Complaints: the public page, the 30-day acknowledgement, the investigation and the outcome
letter naming the ICO, as the complainant and the data protection officer see them."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.complaints import jobs, selectors, services
from casework.complaints.models import Complaint, ComplaintReminder, Status
from casework.testing.auth import sign_in
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db

RECEIVED = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
PERSON = {
    "complainant_name": "Sam Carter",
    "email": "sam@example.com",
    "phone": "",
    "postal_address": "",
    "details": "My health details were shared with my employer without asking me.",
    "wanted_outcome": "An apology",
}


def _complaint(world, **overrides) -> Complaint:
    return services.submit_complaint(programme=world.programme, **{**PERSON, **overrides})


def test_the_acknowledgement_is_due_30_days_after_the_day_of_receipt_and_then_overdue(world):
    dpo = world.user("dpo")
    with time_machine.travel(RECEIVED, tick=False) as clock:
        complaint = _complaint(world)
        assert complaint.received_on == datetime.date(2026, 3, 2)
        assert complaint.acknowledge_by == datetime.date(2026, 4, 1)
        clock.move_to(datetime.datetime(2026, 3, 28, 9, 0, tzinfo=datetime.UTC))
        waiting = selectors.awaiting_acknowledgement(dpo, today=timezone.localdate())
        assert waiting["due_soon"] == [complaint] and waiting["overdue"] == []
        clock.move_to(datetime.datetime(2026, 4, 1, 16, 0, tzinfo=datetime.UTC))
        waiting = selectors.awaiting_acknowledgement(dpo, today=timezone.localdate())
        assert waiting["overdue"] == [], "the 30th day itself is still in time"
        clock.move_to(datetime.datetime(2026, 4, 2, 9, 0, tzinfo=datetime.UTC))
        waiting = selectors.awaiting_acknowledgement(dpo, today=timezone.localdate())
        assert waiting["overdue"] == [complaint]
        services.acknowledge_complaint(
            actor=dpo, complaint=complaint, acknowledged_on=datetime.date(2026, 4, 2), how="email"
        )
        complaint.refresh_from_db()
        assert complaint.days_to_acknowledge == 31
        waiting = selectors.awaiting_acknowledgement(dpo, today=timezone.localdate())
        assert waiting["overdue"] == []


def test_an_acknowledgement_dated_before_receipt_is_refused(world):
    with time_machine.travel(RECEIVED, tick=False):
        complaint = _complaint(world)
        with pytest.raises(ValidationError) as error:
            services.acknowledge_complaint(
                actor=world.user("dpo"),
                complaint=complaint,
                acknowledged_on=datetime.date(2026, 3, 1),
                how="email",
            )
    assert "cannot be before the complaint was received (2 March 2026)" in str(
        error.value.message_dict["acknowledged_on"]
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED


def test_a_complaint_without_any_way_to_reply_is_refused(world):
    with pytest.raises(ValidationError) as error:
        _complaint(world, email="", phone="", postal_address="")
    assert "Enter an email address, a phone number or a postal address" in str(error.value)
    assert not Complaint.objects.exists()


def test_only_the_dpo_records_and_answers_complaints(world):
    complaint = _complaint(world)
    for name in ("specialist_a", "team_leader_a", "manager", "auditor_a"):
        with pytest.raises(PermissionDenied):
            services.acknowledge_complaint(
                actor=world.user(name),
                complaint=complaint,
                acknowledged_on=timezone.localdate(),
                how="email",
            )
        with pytest.raises(PermissionDenied):
            selectors.get_complaint(world.user(name), complaint.pk)


def test_the_public_page_answers_the_same_for_a_known_and_an_unknown_person(
    world, participant_a, client
):
    publish_register(world.programme)
    url = reverse("complaints:complain", args=[world.programme.slug])
    pages = []
    with time_machine.travel(RECEIVED, tick=False) as clock:
        for name, email in (
            (participant_a.full_name, participant_a.email or "alice@example.com"),
            ("Nobody Known", "nobody@example.com"),
        ):
            c = Client()
            form = c.get(url)
            assert form.status_code == 200
            started = form.content.decode().split('name="started" value="')[1].split('"')[0]
            clock.shift(10)
            sent = c.post(
                url,
                {**PERSON, "complainant_name": name, "email": email, "started": started},
                follow=True,
            )
            body = sent.content.decode()
            reference = Complaint.objects.get(complainant_name=name).reference
            assert reference in body
            pages.append(re.sub(r'nonce="[^"]*"', "", body.replace(reference, "REF")))
    assert pages[0] == pages[1]
    assert Complaint.objects.filter(participant__isnull=False).count() == 0
    assert "Information Commissioner" in pages[0]


def test_the_public_page_is_rate_limited_and_keeps_what_was_typed(world):
    url = reverse("complaints:complain", args=[world.programme.slug])
    c = Client()
    with time_machine.travel(RECEIVED, tick=False) as clock:
        for _ in range(6):
            page = c.get(url).content.decode()
            started = page.split('name="started" value="')[1].split('"')[0]
            clock.shift(10)
            response = c.post(url, {**PERSON, "started": started})
    assert response.status_code == 429
    assert "too many forms" in response.content.decode()
    assert PERSON["details"] in response.content.decode()
    assert Complaint.objects.count() == 5


def test_a_bot_filling_the_hidden_box_is_refused(world):
    url = reverse("complaints:complain", args=[world.programme.slug])
    response = Client().post(url, {**PERSON, "website": "spam", "started": "x"})
    assert "leave the last box empty" in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_dpo_investigates_updates_and_sends_the_outcome_letter_naming_the_ico(world):
    publish_register(world.programme)
    dpo = world.user("dpo")
    client = sign_in(Client(), dpo)
    with time_machine.travel(RECEIVED, tick=False):
        complaint = _complaint(world)
        detail = reverse("complaints:detail", args=[complaint.pk])
        early = client.post(
            reverse("complaints:close", args=[complaint.pk]),
            {
                "outcome": "upheld",
                "outcome_summary": "x",
                "closed_on-day": "2",
                "closed_on-month": "3",
                "closed_on-year": "2026",
                "sent_how": "email",
            },
        )
        assert "Acknowledge the complaint before sending its outcome" in early.content.decode()
        response = client.post(
            reverse("complaints:acknowledge", args=[complaint.pk]),
            {
                "acknowledged_on-day": "2",
                "acknowledged_on-month": "3",
                "acknowledged_on-year": "2026",
                "how": "email",
                "text": "We have your complaint.",
            },
        )
        assert response.status_code == 302
        client.post(
            reverse("complaints:add-entry", args=[complaint.pk]),
            {
                "kind": "note",
                "text": "Spoke to the specialist.",
                "on-day": "2",
                "on-month": "3",
                "on-year": "2026",
            },
        )
        no_how = client.post(
            reverse("complaints:add-entry", args=[complaint.pk]),
            {
                "kind": "update",
                "text": "Still looking.",
                "on-day": "2",
                "on-month": "3",
                "on-year": "2026",
            },
        )
        assert "Select how it was sent" in no_how.content.decode()
        client.post(
            reverse("complaints:close", args=[complaint.pk]),
            {
                "outcome": "upheld",
                "outcome_summary": "The disclosure was wrong. Staff retrained.",
                "closed_on-day": "2",
                "closed_on-month": "3",
                "closed_on-year": "2026",
                "sent_how": "email",
            },
        )
        page = client.get(detail).content.decode()
        assert "Spoke to the specialist." in page and "We have your complaint." in page
        letter = client.get(reverse("complaints:outcome-letter", args=[complaint.pk]))
    text = letter.content.decode()
    assert "Information Commissioner&#39;s Office" in text or "Information Commissioner's" in text
    assert "0303 123 1113" in text and "https://ico.org.uk/make-a-complaint/" in text
    assert "Staff retrained." in text and complaint.reference in text
    assert AuditEvent.objects.filter(action="complaint", purpose="complaint.close").count() == 1


def test_the_dpo_records_a_complaint_from_any_channel_and_it_shows_on_the_participants_record(
    world, participant_a
):
    dpo = world.user("dpo")
    client = sign_in(Client(), dpo)
    response = client.post(
        reverse("complaints:new"),
        {
            "channel": "phone",
            "received_on-day": "",
            "received_on-month": "",
            "received_on-year": "",
            "complainant_name": "Alice Archer",
            "email": "",
            "phone": "",
            "postal_address": "",
            "details": "Wrong letter",
        },
    )
    page = response.content.decode()
    assert "Enter date the complaint was received" in page
    assert "Enter an email address, a phone number or a postal address" in page
    assert "Wrong letter" in page, "nothing typed is lost"
    today = timezone.localdate()
    response = client.post(
        reverse("complaints:new"),
        {
            "channel": "phone",
            "received_on-day": today.day,
            "received_on-month": today.month,
            "received_on-year": today.year,
            "complainant_name": "Alice Archer",
            "phone": "07700 900123",
            "details": "Wrong letter",
        },
    )
    complaint = Complaint.objects.get()
    assert complaint.channel == "phone" and complaint.recorded_by == dpo
    client.post(
        reverse("complaints:link", args=[complaint.pk]),
        {"participant": str(participant_a.pk), "rights_request_reference": "SAR-12", "breach": ""},
    )
    complaint.refresh_from_db()
    assert complaint.participant == participant_a
    client.get(reverse("complaints:list"))
    listed = AuditEvent.objects.filter(purpose="complaint.list").last()
    assert listed.actor == dpo and listed.participant_ids == [str(participant_a.pk)]
    history = client.get(reverse("complaints:participant", args=[participant_a.pk]))
    assert complaint.reference in history.content.decode()
    record = client.get(reverse("participants:detail", args=[participant_a.pk])).content.decode()
    assert reverse("complaints:participant", args=[participant_a.pk]) in record
    specialist = sign_in(Client(), world.user("specialist_a"))
    record = specialist.get(reverse("participants:detail", args=[participant_a.pk]))
    assert reverse("complaints:participant", args=[participant_a.pk]) not in record.content.decode()


def test_reminders_are_sent_once_per_complaint_to_the_programmes_dpo(world, mailoutbox):
    with time_machine.travel(RECEIVED, tick=False) as clock:
        complaint = _complaint(world)
        assert "0 reminders" in jobs.remind_complaints_due(now=timezone.now())
        clock.move_to(datetime.datetime(2026, 3, 26, 7, 0, tzinfo=datetime.UTC))
        summary = jobs.remind_complaints_due(now=timezone.now())
        assert summary.startswith("1 reminders")
        assert jobs.remind_complaints_due(now=timezone.now()).startswith("0 reminders")
        clock.move_to(datetime.datetime(2026, 4, 2, 7, 0, tzinfo=datetime.UTC))
        assert jobs.remind_complaints_due(now=timezone.now()).startswith("1 reminders")
    assert [m.to for m in mailoutbox] == [[world.user("dpo").email]] * 2
    assert complaint.reference in mailoutbox[1].body
    assert PERSON["complainant_name"] not in mailoutbox[1].body
    assert ComplaintReminder.objects.count() == 2
