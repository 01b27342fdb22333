"""The disclosure gate: what it lets through, what it records, and every refusal, each naming
the check that failed, with nothing sent."""

import datetime
import hashlib

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework.audit.models import Action as AuditAction
from casework.audit.models import AuditEvent
from casework.consents.models import ConsentPurpose
from casework.consents.services import give_consent, withdraw_consent
from casework.disclosures import rules, services
from casework.disclosures.models import Basis, Disclosure, DisclosureKind, DisclosureStatus
from casework.disclosures.services import DisclosureRefused
from casework.disclosures.testing import PDF, consent_to
from casework.register.selectors import current_config
from casework.rights import services as rights
from casework.testing import factories
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db

FIRST, LAST = services.NAME_FIELDS
NINO = "participants.Participant.national_insurance_number"
HEALTH = "participants.Participant.health_conditions"
EMAIL = "participants.Participant.email"


def send_cv(by, participant, cv, name="Acme Foods", **overrides):
    arguments = {
        "by": by,
        "participant": participant,
        "document": cv,
        "recipient_key": "employers-training",
        "recipient_name": name,
        "delivery": "email",
        "recipient_email": "jobs@acme.example",
        **overrides,
    }
    return services.send_document(**arguments)


def refused(code):
    return pytest.raises(DisclosureRefused, match=f"^{code}:")


def nothing_left():
    return not Disclosure.objects.exists() and not mail.outbox


def test_a_cv_to_a_consented_employer_is_emailed_with_the_file_and_logged(
    register, specialist, participant_a, cv, consented
):
    disclosure, _ = send_cv(specialist, participant_a, cv)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jobs@acme.example"]
    assert message.attachments == [("cv.pdf", PDF, "application/pdf")]
    assert "Alice Archer" in message.body
    disclosure.refresh_from_db()
    assert disclosure.status == DisclosureStatus.SENT
    assert disclosure.basis == Basis.CONSENT
    assert disclosure.consent_decision == consented
    assert disclosure.agreement_reference == "SMCTW-DSA-EMP"
    assert disclosure.purpose == "support"
    assert disclosure.fields == [FIRST, LAST, rules.DOCUMENT_CONTENT]
    assert disclosure.categories == ["identity", "employment_education"]
    # What left is recorded by hash, never as a copy.
    assert disclosure.content_sha256 == hashlib.sha256(message.body.encode()).hexdigest()
    assert disclosure.attachments == [
        {
            "sha256": hashlib.sha256(PDF).hexdigest(),
            "size": len(PDF),
            "content_type": "application/pdf",
        }
    ]
    assert list(disclosure.participants.all()) == [participant_a]
    event = AuditEvent.objects.get(action=AuditAction.DISCLOSURE)
    assert event.participant_id == participant_a.pk
    assert event.changed_fields == sorted(disclosure.fields)
    assert event.actor == specialist


def test_a_cv_handed_over_as_a_download_is_logged_with_the_files_hash(
    register, specialist, participant_a, cv, consented
):
    disclosure, content = send_cv(specialist, participant_a, cv, delivery="download")
    assert content == PDF
    assert disclosure.status == DisclosureStatus.HANDED_OVER
    assert disclosure.content_sha256 == hashlib.sha256(PDF).hexdigest()
    assert mail.outbox == []


def test_an_email_that_fails_is_recorded_as_not_sent(
    settings, register, specialist, participant_a, cv, consented
):
    settings.EMAIL_BACKEND = "casework.disclosures.testing.FailingEmailBackend"
    disclosure, _ = send_cv(specialist, participant_a, cv)
    disclosure.refresh_from_db()
    assert disclosure.status == DisclosureStatus.NOT_SENT
    assert "could not be sent" in disclosure.failure
    assert not disclosure.left


def test_refused_without_consent_to_that_employer(register, specialist, participant_a, cv):
    consent_to(participant_a, ConsentPurpose.SHARE_WITH_EMPLOYER, "Other Ltd")
    with refused("no_consent"):
        send_cv(specialist, participant_a, cv)
    assert nothing_left()
    denial = AuditEvent.objects.get(action=AuditAction.PERMISSION_DENIED)
    assert denial.purpose == "disclosure refused: no_consent"
    assert denial.participant_id == participant_a.pk


def test_refused_once_consent_is_withdrawn(register, specialist, participant_a, cv):
    for change in (give_consent, withdraw_consent):
        change(
            actor=specialist,
            participant=participant_a,
            purpose=ConsentPurpose.SHARE_WITH_EMPLOYER,
            recipient="Acme Foods",
            channel="phone",
        )
    with refused("consent_withdrawn"):
        send_cv(specialist, participant_a, cv)
    assert nothing_left()


def test_refused_for_a_recipient_the_register_does_not_declare(
    register, specialist, participant_a, cv, consented
):
    with refused("recipient_not_declared"):
        send_cv(specialist, participant_a, cv, recipient_key="recruitment-agency")
    assert nothing_left()


def test_refused_for_a_recipient_of_the_wrong_type(
    register, specialist, participant_a, cv, consented
):
    with refused("wrong_recipient_type"):
        send_cv(specialist, participant_a, cv, recipient_key="health-services")


def test_refused_once_the_agreement_has_expired_and_before_it_starts(
    register, specialist, participant_a, cv, consented
):
    with (
        time_machine.travel(datetime.datetime(2030, 4, 1, 10, 0), tick=False),
        refused("agreement_expired"),
    ):
        send_cv(specialist, participant_a, cv)
    with time_machine.travel(datetime.datetime(2030, 3, 31, 10, 0), tick=False):
        send_cv(specialist, participant_a, cv)  # its last day
    with (
        time_machine.travel(datetime.datetime(2025, 3, 31, 10, 0), tick=False),
        refused("agreement_not_started"),
    ):
        send_cv(specialist, participant_a, cv)
    assert Disclosure.objects.count() == 1


def test_refused_for_a_purpose_the_agreement_does_not_cover(
    register, specialist, participant_a, cv, consented
):
    with refused("purpose_not_in_agreement"):
        send_cv(specialist, participant_a, cv, purpose_key="monitoring")
    with refused("purpose_not_declared"):
        send_cv(specialist, participant_a, cv, purpose_key="marketing")


def refer(by, participant, fields, **overrides):
    return services.refer(
        **{
            "by": by,
            "participant": participant,
            "recipient_key": "support-organisations",
            "recipient_name": "Luton Foodbank",
            "fields": fields,
            "message": "Needs help with food while job hunting.",
            "delivery": "email",
            "recipient_email": "help@foodbank.example",
            **overrides,
        }
    )


def test_a_referral_sends_exactly_the_fields_chosen(register, specialist, participant_a):
    participant_a.email = "alice@example.com"
    participant_a.phone = "07700 900123"
    participant_a.save()
    consent_to(participant_a, ConsentPurpose.SHARE_WITH_SUPPORT_ORGANISATION, "Luton Foodbank")
    disclosure, letter = refer(specialist, participant_a, [FIRST, LAST, EMAIL])
    assert disclosure.fields == [FIRST, LAST, EMAIL]
    body = mail.outbox[0].body
    assert letter == body.encode()
    assert disclosure.content_sha256 == hashlib.sha256(letter).hexdigest()
    assert "alice@example.com" in body
    assert "07700 900123" not in body


def test_refused_for_a_category_outside_the_agreement(register, specialist, participant_a):
    consent_to(participant_a, ConsentPurpose.SHARE_WITH_SUPPORT_ORGANISATION, "Luton Foodbank")
    with refused("category_not_in_agreement"):
        refer(specialist, participant_a, [FIRST, HEALTH])
    assert nothing_left()


def test_only_the_fields_the_purpose_needs_leave(world, specialist, participant_a):
    """Local London: name and NINO to an employer to check eligibility go, exactly those two;
    the same two for the outcomes purpose are refused (outcomes needs neither)."""
    publish_register(world.programme, "local-london.yaml")
    participant_a.email = "alice@example.com"
    participant_a.national_insurance_number = "QQ123456C"
    participant_a.save()
    arguments = {
        "by": specialist,
        "participant": participant_a,
        "recipient_key": "employers-education-checks",
        "recipient_name": "Acme Foods",
        "fields": [FIRST, LAST, NINO],
        "question": "Please confirm they work for you.",
        "delivery": "email",
        "recipient_email": "hr@acme.example",
    }
    disclosure, _ = services.make_enquiry(purpose_key="eligibility", **arguments)
    assert disclosure.fields == [FIRST, LAST, NINO]
    assert disclosure.basis == Basis.AGREEMENT  # no consent needed for this recipient
    assert "QQ123456C" in mail.outbox[0].body
    assert "alice@example.com" not in mail.outbox[0].body
    with refused("field_outside_purpose"):
        services.make_enquiry(purpose_key="outcomes", **arguments)


def test_refused_for_a_field_the_programme_does_not_collect_or_the_register_lacks(
    world, specialist, participant_a
):
    config = current_config(publish_register(world.programme).programme)
    kept = [c.model_dump(mode="json") for c in config.data_collected if c.category != "contact"]
    publish_register(world.programme, data_collected=kept)
    consent_to(participant_a, ConsentPurpose.SHARE_WITH_SUPPORT_ORGANISATION, "Luton Foodbank")
    with refused("field_not_collected"):
        refer(specialist, participant_a, [FIRST, EMAIL])
    with refused("unknown_field"):
        refer(specialist, participant_a, [FIRST, "participants.Participant.shoe_size"])


def test_refused_while_processing_is_restricted_and_allowed_once_lifted(
    register, world, specialist, participant_a, cv, consented
):
    restriction = rights.restrict(
        actor=world.user("dpo"), participant=participant_a, reason="Accuracy contested"
    )
    with refused("restricted"):
        send_cv(specialist, participant_a, cv)
    assert nothing_left()
    rights.lift_restriction(
        actor=world.user("dpo"),
        restriction=restriction,
        told_on=timezone.localdate(),
        told_how="Letter",
    )
    send_cv(specialist, participant_a, cv)
    assert len(mail.outbox) == 1


def test_refused_for_a_purpose_the_participant_objected_to(
    register, world, specialist, participant_a, cv, consented
):
    objection = rights.record_objection(
        actor=world.user("dpo"), participant=participant_a, purpose="support"
    )
    with refused("objected"):
        send_cv(specialist, participant_a, cv)
    rights.decide_objection(
        actor=world.user("dpo"), objection=objection, decision="not_upheld", reasons="Grounds"
    )
    send_cv(specialist, participant_a, cv)
    assert len(mail.outbox) == 1


def test_refused_for_a_participant_outside_the_users_scope(
    register, specialist, participant_b, world
):
    consent_to(participant_b, ConsentPurpose.SHARE_WITH_SUPPORT_ORGANISATION, "Luton Foodbank")
    with refused("not_in_scope"):
        refer(specialist, participant_b, [FIRST])


def test_refused_without_a_register(specialist, participant_a, cv):
    with refused("no_register"):
        send_cv(specialist, participant_a, cv)


def test_roles_without_the_permission_are_refused(register, world, participant_a, cv, consented):
    with pytest.raises(PermissionDenied):
        send_cv(world.user("auditor_a"), participant_a, cv)
    with pytest.raises(PermissionDenied):
        statutory(world.user("specialist_a"), participant_a)
    assert nothing_left()


def test_an_email_needs_an_address(register, specialist, participant_a, cv, consented):
    with pytest.raises(ValidationError, match="email address"):
        send_cv(specialist, participant_a, cv, recipient_email="not-an-address")


def statutory(by, participant, **overrides):
    return services.answer_statutory_request(
        **{
            "by": by,
            "participant": participant,
            "recipient_key": "law-safeguarding",
            "recipient_name": "Bedfordshire Police",
            "request_reference": "DP/2026/0042",
            "purpose_key": "crime_prevention",
            "fields": [FIRST, LAST, "participants.Participant.date_of_birth"],
            "delivery": "download",
            **overrides,
        }
    )


def test_a_statutory_request_is_answered_under_the_legal_gateway(register, world, participant_a):
    disclosure, content = statutory(world.user("dpo"), participant_a)
    assert disclosure.basis == Basis.LEGAL_GATEWAY
    assert "Schedule 2 paragraph 2" in disclosure.legal_gateway
    assert disclosure.request_reference == "DP/2026/0042"
    assert b"DP/2026/0042" in content
    assert disclosure.content_sha256 == hashlib.sha256(content).hexdigest()


def test_a_statutory_request_needs_a_gateway_purpose_and_a_declared_gateway(
    register, world, participant_a
):
    dpo = world.user("dpo")
    with refused("gateway_purpose"):
        statutory(dpo, participant_a, purpose_key="support")
    config = current_config(world.programme)
    recipients = [
        {**r.model_dump(mode="json"), "legal_gateway": ""}
        if r.key == "law-safeguarding"
        else r.model_dump(mode="json")
        for r in config.recipients
    ]
    publish_register(world.programme, recipients=recipients)
    with refused("no_agreement_or_gateway"):
        statutory(dpo, participant_a)
    with pytest.raises(ValidationError, match="reference"):
        statutory(dpo, participant_a, request_reference=" ")


def test_a_court_order_goes_ahead_while_restricted_and_says_so(register, world, participant_a):
    dpo = world.user("dpo")
    rights.restrict(actor=dpo, participant=participant_a, reason="Contested")
    disclosure, _ = statutory(dpo, participant_a, purpose_key="required_by_law")
    assert disclosure.despite_restriction


DATA_MATCHING = {
    "key": "national-fraud-initiative",
    "description": "The Cabinet Office's National Fraud Initiative",
    "type": "statutory_data_matching",
    "consent_needed": False,
    "legal_gateway": "Local Audit and Accountability Act 2014, Schedule 9",
}


def test_a_data_matching_extract_is_one_disclosure_of_many_people(world, participant_a):
    config = current_config(publish_register(world.programme).programme)
    publish_register(
        world.programme,
        recipients=[*(r.model_dump(mode="json") for r in config.recipients), DATA_MATCHING],
    )
    others = factories.ParticipantFactory.create_batch(
        2, programme=world.programme, area=world.area_b, responsible_organisation=world.org_b
    )
    restricted = factories.ParticipantFactory(programme=world.programme, area=world.area_a)
    dpo = world.user("dpo")
    rights.restrict(actor=dpo, participant=restricted, reason="Contested")
    from casework.disclosures.selectors import extract_population

    population = extract_population(dpo, world.programme)
    assert restricted not in population and len(population) == 3
    arguments = {
        "by": dpo,
        "programme": world.programme,
        "kind": DisclosureKind.DATA_MATCHING,
        "recipient_key": "national-fraud-initiative",
        "purpose_key": "data_matching",
        "fields": [FIRST, LAST, NINO],
    }
    disclosure, content = services.produce_extract(participants=population, **arguments)
    assert disclosure.participant_count == 3
    assert set(disclosure.participants.all()) == {participant_a, *others}
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig").count("\n") == 4  # a header and three rows
    event = AuditEvent.objects.get(action=AuditAction.DISCLOSURE)
    assert len(event.participant_ids) == 3
    with refused("restricted"):
        services.produce_extract(participants=[*population, restricted], **arguments)


def test_each_refusal_leaves_nothing_behind_but_its_audit_event(
    register, specialist, participant_a, cv
):
    with refused("no_consent"):
        send_cv(specialist, participant_a, cv)
    assert nothing_left()
    assert AuditEvent.objects.filter(action=AuditAction.DISCLOSURE).count() == 0


# --- A file of many people given as a queryset (a monthly return, an evaluation extract) ------

REFERRED = "participants.Participant.referred_on"


def dwp_extract(by, programme, participants, **overrides):
    return services.disclose(
        **{
            "by": by,
            "programme": programme,
            "kind": DisclosureKind.EXTRACT,
            "recipient_key": "government-departments",
            "purpose_key": "reporting",
            "participants": participants,
            "fields": [REFERRED],
            "delivery": "download",
            "content": b"a file",
            **overrides,
        }
    )


def test_a_queryset_of_people_is_one_disclosure_each_person_sees_as_with_a_list(
    register, world, participant_a
):
    from casework.disclosures import selectors
    from casework.participants.models import Participant

    factories.ParticipantFactory.create_batch(
        3, programme=world.programme, area=world.area_b, responsible_organisation=world.org_b
    )
    dpo = world.user("dpo")
    everyone = Participant.objects.filter(programme=world.programme)
    from_query = dwp_extract(dpo, world.programme, everyone)
    from_list = dwp_extract(dpo, world.programme, list(everyone))
    for disclosure in (from_query, from_list):
        assert disclosure.participant_count == 4
        assert set(disclosure.participants.all()) == set(everyone)
    # Each person's disclosures, their Art 19 table and whom a correction must tell.
    assert selectors.disclosures_of(dpo, participant_a) == [from_list, from_query]
    table = selectors.recipients_by_field(dpo, participant_a)
    assert [(row.field, [r[0] for r in row.recipients]) for row in table] == [
        (REFERRED, ["government-departments"])
    ]
    assert selectors.recipients_to_tell(dpo, participant_a, [REFERRED]) == [
        ("government-departments", "")
    ]
    # The audit event lists everyone, whichever way they were given.
    events = AuditEvent.objects.filter(action=AuditAction.DISCLOSURE).order_by("sequence")
    assert [sorted(e.participant_ids) for e in events] == [sorted(str(p.pk) for p in everyone)] * 2


def test_a_queryset_is_refused_for_the_same_reasons_as_a_list(register, world, participant_a):
    from casework.participants.models import Participant

    dpo = world.user("dpo")
    other = factories.ParticipantFactory(programme=world.programme, area=world.area_b)
    elsewhere = factories.ParticipantFactory()
    with refused("other_programme"):
        dwp_extract(
            dpo, world.programme, Participant.objects.filter(pk__in=[other.pk, elsewhere.pk])
        )
    with refused("no_participants"):
        dwp_extract(dpo, world.programme, Participant.objects.none())
    with refused("one_participant"):
        dwp_extract(
            dpo,
            world.programme,
            Participant.objects.filter(programme=world.programme),
            kind=DisclosureKind.DOCUMENT,
        )
    mine = Participant.objects.filter(programme=world.programme)
    objection = rights.record_objection(actor=dpo, participant=other, purpose="reporting")
    with refused("objected"):
        dwp_extract(dpo, world.programme, mine)
    rights.decide_objection(actor=dpo, objection=objection, decision="not_upheld", reasons="No")
    rights.restrict(actor=dpo, participant=other, reason="Contested")
    with refused("restricted"):
        dwp_extract(dpo, world.programme, mine)
    assert not Disclosure.objects.exists()
    refusal = AuditEvent.objects.filter(purpose="disclosure refused: restricted").get()
    assert sorted(refusal.participant_ids) == sorted(str(p.pk) for p in mine)
    dwp_extract(dpo, world.programme, mine.exclude(pk=other.pk))
    assert Disclosure.objects.get().participant_count == 1
