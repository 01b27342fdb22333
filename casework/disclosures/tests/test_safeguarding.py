"""Safeguarding and crime-prevention disclosures without consent: the reasons the notices
promise to record, a second person's approval unless urgent, and the decision to tell."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework.disclosures import jobs, services
from casework.disclosures.models import (
    Basis,
    Disclosure,
    DisclosureKind,
    ExpiryWarning,
    SafeguardingStatus,
)
from casework.disclosures.services import DisclosureRefused
from casework.rights import services as rights

pytestmark = pytest.mark.django_db

FIRST, LAST = services.NAME_FIELDS
ADDRESS = "participants.Participant.address_line_1"


def request(by, participant, **overrides):
    arguments = {
        "by": by,
        "participant": participant,
        "reason": "safeguarding",
        "risk": "Told me her partner threatened to hurt her tonight.",
        "why_override": "Immediate risk of serious harm to her.",
        "asked_first": False,
        "not_asked_reason": "Asking would alert the partner, who reads her messages.",
        "recipient_key": "law-safeguarding",
        "recipient_name": "Luton Adult Social Care",
        "recipient_email": "mash@luton.example",
        "fields": [FIRST, LAST, ADDRESS],
        "what_was_shared": "Her name and address, and what she told me of the threat.",
        "delivery": "email",
        "inform": "not_yet",
        "not_yet_reason": "Telling her now could put her at more risk.",
        "review_on": timezone.localdate() + datetime.timedelta(days=14),
        **overrides,
    }
    return services.request_safeguarding_disclosure(**arguments)


def test_a_request_waits_for_a_second_person_and_nothing_leaves_until_approved(
    register, world, participant_a
):
    record = request(world.user("specialist_a"), participant_a)
    assert record.status == SafeguardingStatus.AWAITING_APPROVAL
    assert not Disclosure.objects.exists() and mail.outbox == []
    with pytest.raises(PermissionDenied, match="second person"):
        services.approve_safeguarding_disclosure(by=world.user("specialist_a"), record=record)
    with pytest.raises(PermissionDenied):
        services.approve_safeguarding_disclosure(by=world.user("specialist_a2"), record=record)
    record = services.approve_safeguarding_disclosure(
        by=world.user("team_leader_a"), record=record, note="Agreed: urgent referral to MASH."
    )
    assert record.status == SafeguardingStatus.DISCLOSED
    assert record.approved_by == world.user("team_leader_a")
    disclosure = record.disclosure
    assert disclosure.kind == DisclosureKind.SAFEGUARDING
    assert disclosure.basis == Basis.LEGAL_GATEWAY
    assert disclosure.fields == [FIRST, LAST, ADDRESS]
    assert mail.outbox[0].to == ["mash@luton.example"]
    with pytest.raises(ValidationError):
        services.approve_safeguarding_disclosure(by=world.user("dpo"), record=record)


def test_an_urgent_disclosure_goes_at_once_with_its_urgency_recorded(
    register, world, participant_a
):
    with pytest.raises(ValidationError) as error:
        request(world.user("specialist_a"), participant_a, urgent=True)
    assert "urgency_reason" in error.value.message_dict
    record = request(
        world.user("specialist_a"),
        participant_a,
        urgent=True,
        urgency_reason="She is in danger tonight; no team leader could be reached.",
        delivery="recorded",
    )
    assert record.status == SafeguardingStatus.DISCLOSED
    assert record.approved_by is None
    assert record.disclosure.status == "recorded"


def test_declined_requests_share_nothing(register, world, participant_a):
    record = request(world.user("specialist_a"), participant_a)
    with pytest.raises(ValidationError):
        services.decline_safeguarding_disclosure(by=world.user("dpo"), record=record, note="")
    record = services.decline_safeguarding_disclosure(
        by=world.user("dpo"), record=record, note="Not serious enough; talk to her first."
    )
    assert record.status == SafeguardingStatus.DECLINED
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"risk": " "}, "risk"),
        ({"why_override": ""}, "why_override"),
        ({"asked_first": None}, "asked_first"),
        ({"asked_first": False, "not_asked_reason": ""}, "not_asked_reason"),
        ({"what_was_shared": ""}, "what_was_shared"),
        ({"fields": []}, "fields"),
        ({"inform": ""}, "inform"),
        ({"inform": "will_tell", "inform_on": None}, "inform_on"),
        ({"inform": "not_yet", "not_yet_reason": ""}, "not_yet_reason"),
        ({"inform": "not_yet", "review_on": None}, "review_on"),
    ],
)
def test_the_reasons_the_notice_promises_are_required(
    register, world, participant_a, overrides, field
):
    with pytest.raises(ValidationError) as error:
        request(world.user("specialist_a"), participant_a, **overrides)
    assert field in error.value.message_dict


def test_a_request_the_gate_would_refuse_is_refused_at_once(register, world, participant_a):
    with pytest.raises(DisclosureRefused, match="recipient_not_declared"):
        request(world.user("specialist_a"), participant_a, recipient_key="police-direct")


def test_a_safeguarding_disclosure_goes_ahead_while_restricted(register, world, participant_a):
    rights.restrict(actor=world.user("dpo"), participant=participant_a, reason="Contested")
    record = request(
        world.user("specialist_a"), participant_a, urgent=True, urgency_reason="Danger tonight"
    )
    assert record.disclosure.despite_restriction


def test_the_review_of_not_telling_them_is_reminded_once_and_can_be_revisited(
    register, world, participant_a
):
    record = request(
        world.user("specialist_a"), participant_a, urgent=True, urgency_reason="Danger tonight"
    )
    mail.outbox.clear()
    now = timezone.now()
    assert jobs.remind_inform_reviews(now=now).startswith("reminded of 0")
    later = now + datetime.timedelta(days=15)
    with time_machine.travel(later, tick=False):
        assert jobs.remind_inform_reviews(now=later).startswith("reminded of 1")
        assert jobs.remind_inform_reviews(now=later).startswith("reminded of 0")
    assert world.user("specialist_a").email in mail.outbox[0].to
    assert world.user("dpo").email in mail.outbox[0].to
    assert participant_a.last_name not in mail.outbox[0].body
    with time_machine.travel(later, tick=False):
        services.record_inform_decision(by=world.user("specialist_a"), record=record, inform="told")
    record.refresh_from_db()
    assert record.inform == "told" and record.review_on is None


def test_the_dpo_is_warned_once_sixty_days_before_an_agreement_expires(register, world):
    early = timezone.make_aware(datetime.datetime(2030, 1, 29, 8, 0))
    assert jobs.warn_of_expiring_agreements(now=early).startswith("warned of 0")
    due = timezone.make_aware(datetime.datetime(2030, 1, 30, 8, 0))  # 60 days before 31 March
    summary = jobs.warn_of_expiring_agreements(now=due)
    assert summary.startswith("warned of 6")  # every South Midlands agreement ends that day
    assert jobs.warn_of_expiring_agreements(now=due).startswith("warned of 0")
    assert ExpiryWarning.objects.count() == 6
    assert all(m.to == [world.user("dpo").email] for m in mail.outbox)
    assert any("SMCTW-DSA-EMP" in m.subject for m in mail.outbox)
