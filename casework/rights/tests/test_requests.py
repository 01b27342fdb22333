"""Rights requests: received on the public page or recorded by the DPO, matched and verified,
paused, extended, transferred, and decided with reasons, as the requester and the DPO see them;
and the bad input of issue 13, each refused with nothing half-saved."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.consents import services as consent_services
from casework.consents.selectors import consent_in_force
from casework.disposal.models import ErasureTombstone
from casework.participants.models import Participant
from casework.rights import engine, jobs, selectors
from casework.rights import requests as services
from casework.rights.models import (
    IdentityCheck,
    RequestPause,
    RequestReminder,
    RequestStatus,
    RightsRequest,
)
from casework.rights.selectors import is_restricted, objected_purposes
from casework.testing import factories
from casework.testing.auth import sign_in
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db

# Monday 2 March 2026: one month on is Thursday 2 April 2026.
RECEIVED = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
PERSON = {
    "requester": "self",
    "requester_name": "Alice Archer",
    "person_name": "",
    "authority_evidence": "",
    "email": "alice@example.com",
    "phone": "",
    "postal_address": "",
    "details": "Please delete everything you hold about me.",
}


@pytest.fixture
def registered(world):
    publish_register(world.programme)
    return world


def _request(world, kind="erasure", **overrides) -> RightsRequest:
    return services.submit_request(programme=world.programme, kind=kind, **{**PERSON, **overrides})


def _verify(dpo, request, on):
    return services.verify_identity(
        actor=dpo,
        request=request,
        method="known_to_caseworker",
        what_was_seen="Their employment specialist has met them every week since January",
        checked_on=on,
    )


def test_a_request_is_due_one_calendar_month_from_receipt_on_a_working_day(registered):
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered)
    assert request.due_on == datetime.date(2026, 4, 2)
    assert request.controller == "West Northamptonshire Council"  # the accountable body
    assert request.participant is None, "the public page never matches anyone"
    assert request.reference.startswith("R-")


def test_a_request_with_no_way_to_contact_the_requester_is_refused_and_nothing_saved(world):
    with pytest.raises(ValidationError) as error:
        _request(world, email="", phone="", postal_address="")
    assert "Enter an email address, a phone number or a postal address" in str(
        error.value.message_dict["email"]
    )
    assert not RightsRequest.objects.exists()
    assert not AuditEvent.objects.filter(purpose="rights.request.submit").exists()


def test_a_representative_must_say_who_the_request_is_for(world):
    with pytest.raises(ValidationError) as error:
        _request(world, requester="representative", person_name="")
    assert error.value.message_dict["person_name"] == [
        "Enter the name of the person the information is about"
    ]


def test_a_request_recorded_with_a_date_in_the_future_is_refused(registered):
    dpo = registered.user("dpo")
    with time_machine.travel(RECEIVED, tick=False), pytest.raises(ValidationError) as error:
        services.record_request(
            actor=dpo,
            programme=registered.programme,
            channel="letter",
            received_on=datetime.date(2026, 3, 3),
            kind="access",
            **PERSON,
        )
    assert error.value.message_dict["received_on"] == [
        "The date the request was received must be today or in the past"
    ]
    assert not RightsRequest.objects.exists()


def test_only_the_dpo_records_requests(registered):
    with pytest.raises(PermissionDenied):
        services.record_request(
            actor=registered.user("specialist_a"),
            programme=registered.programme,
            channel="letter",
            received_on=datetime.date(2026, 3, 1),
            kind="access",
            **PERSON,
        )


def test_matching_routes_the_request_to_the_persons_council(registered, participant_a):
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered)
        services.match_participant(
            actor=registered.user("dpo"), request=request, participant=participant_a
        )
    request.refresh_from_db()
    assert request.participant == participant_a
    assert request.controller == "Luton Borough Council"  # joint controller for area_a
    event = AuditEvent.objects.get(purpose="rights.request.match")
    assert event.participant_id == participant_a.pk


def test_matching_only_among_participants_the_dpo_may_see(registered):
    elsewhere = factories.ParticipantFactory()  # another programme
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered)
        with pytest.raises(ValidationError) as error:
            services.match_participant(
                actor=registered.user("dpo"), request=request, participant=elsewhere
            )
    assert "whose record you can see" in str(error.value)
    request.refresh_from_db()
    assert request.participant is None


def test_pausing_for_identity_stops_the_clock_and_the_month_runs_from_the_answer(registered):
    dpo = registered.user("dpo")
    with time_machine.travel(RECEIVED, tick=False) as clock:
        request = _request(registered)
        services.pause_clock(
            actor=dpo,
            request=request,
            reason="identity",
            note="Asked for a copy of a utility bill",
            started_on=datetime.date(2026, 3, 2),
        )
        request.refresh_from_db()
        assert request.due_on is None
        assert selectors.open_requests(dpo, today=timezone.localdate())["paused"] == [request]
        clock.move_to(datetime.datetime(2026, 3, 20, 9, 0, tzinfo=datetime.UTC))
        services.resume_clock(actor=dpo, request=request, ended_on=datetime.date(2026, 3, 20))
    request.refresh_from_db()
    assert request.due_on == datetime.date(2026, 4, 20)
    assert [s.kind for s in request.steps.all()] == ["received", "paused", "resumed"]


def test_a_pause_dated_before_receipt_is_refused(registered):
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered)
        with pytest.raises(ValidationError) as error:
            services.pause_clock(
                actor=registered.user("dpo"),
                request=request,
                reason="identity",
                note="ID",
                started_on=datetime.date(2026, 3, 1),
            )
    assert "cannot be before the request was received (2 March 2026)" in str(error.value)
    assert not RequestPause.objects.exists()


def test_one_extension_within_the_first_month_adds_two_months(registered):
    dpo = registered.user("dpo")
    with time_machine.travel(datetime.datetime(2026, 3, 20, 9, 0, tzinfo=datetime.UTC)):
        request = services.record_request(
            actor=dpo,
            programme=registered.programme,
            channel="email",
            received_on=datetime.date(2026, 3, 2),
            kind="access",
            **PERSON,
        )
        services.extend(
            actor=dpo,
            request=request,
            decided_on=datetime.date(2026, 3, 20),
            reason="Twelve years of paper files across three councils",
            told_how="email",
        )
        request.refresh_from_db()
        assert request.due_on == datetime.date(2026, 6, 2)
        with pytest.raises(ValidationError) as error:
            services.extend(
                actor=dpo,
                request=request,
                decided_on=datetime.date(2026, 3, 20),
                reason="Again",
                told_how="email",
            )
    assert "it can be extended once" in str(error.value)


def test_an_extension_after_the_first_month_is_refused(registered):
    dpo = registered.user("dpo")
    with time_machine.travel(datetime.datetime(2026, 4, 10, 9, 0, tzinfo=datetime.UTC)):
        request = services.record_request(
            actor=dpo,
            programme=registered.programme,
            channel="email",
            received_on=datetime.date(2026, 3, 2),
            kind="access",
            **PERSON,
        )
        with pytest.raises(ValidationError) as error:
            services.extend(
                actor=dpo,
                request=request,
                decided_on=datetime.date(2026, 4, 10),
                reason="Complex",
                told_how="email",
            )
    assert error.value.message_dict["decided_on"] == [
        "The person must be told of an extension within the first month, which ended on "
        "2 April 2026"
    ]
    request.refresh_from_db()
    assert request.extended_on is None and request.due_on == datetime.date(2026, 4, 2)


def test_transfer_to_another_joint_controller_keeps_the_clock(registered):
    dpo = registered.user("dpo")
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered)
        services.transfer(
            actor=dpo,
            request=request,
            controller="Milton Keynes City Council",
            note="They hold the person's file",
        )
        with pytest.raises(ValidationError):
            services.transfer(actor=dpo, request=request, controller="HMRC", note="No")
    request.refresh_from_db()
    assert request.controller == "Milton Keynes City Council"
    assert request.due_on == datetime.date(2026, 4, 2)
    assert AuditEvent.objects.filter(purpose="rights.request.transfer").count() == 1


def test_the_engine_refuses_erasure_under_public_task_with_article_17_3_b(registered):
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered)
    assessment = engine.assess(request)
    verdicts = {v.purpose: v for v in assessment.verdicts}
    assert verdicts["referral"].applies == "yes"  # consent
    assert verdicts["support"].applies == "partly"
    assert "Article 17(3)(b)" in verdicts["support"].reason
    assert "Department for Work and Pensions" in assessment.dwp
    assert "Department for Work and Pensions (for its own copy)" in (
        verdicts["reporting"].controllers
    )


def test_the_engine_says_portability_applies_only_to_consent(registered):
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered, kind="portability")
    verdicts = {v.purpose: v for v in engine.assess(request).verdicts}
    assert verdicts["referral"].applies == "yes"
    assert verdicts["eligibility"].applies == "no"
    assert "Article 20(3)" in verdicts["eligibility"].reason


def test_the_engine_under_legal_obligation_gives_no_erasure_portability_or_objection(registered):
    config = registered.programme.versions.get().config
    for purpose in config["purposes"]:
        purpose["art6"] = "legal_obligation"
    publish_register(registered.programme, purposes=config["purposes"])
    with time_machine.travel(RECEIVED, tick=False):
        for kind in ("erasure", "portability", "objection"):
            request = _request(registered, kind=kind)
            assert {v.applies for v in engine.assess(request).verdicts} == {"no"}, kind


def test_a_refusal_without_reasons_is_refused_and_nothing_is_saved(registered, participant_a):
    dpo = registered.user("dpo")
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered)
        with pytest.raises(ValidationError) as error:
            services.decide(
                actor=dpo,
                request=request,
                decision="refused",
                reasons="  ",
                decided_on=datetime.date(2026, 3, 2),
            )
    assert error.value.message_dict["reasons"] == ["Enter the reasons for refusing the request"]
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN and request.decision == ""
    assert not request.steps.filter(kind="decided").exists()


def test_nothing_is_granted_before_identity_is_verified(registered, participant_a):
    dpo = registered.user("dpo")
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered, kind="restriction")
        services.match_participant(actor=dpo, request=request, participant=participant_a)
        assert not services.identity_verified(request)
        with pytest.raises(ValidationError) as error:
            services.decide(
                actor=dpo,
                request=request,
                decision="in_full",
                reasons="",
                decided_on=datetime.date(2026, 3, 2),
            )
    assert "Verify the requester's identity before granting the request" in str(error.value)
    assert not is_restricted(participant_a)


def test_an_upheld_restriction_request_restricts_the_record(registered, participant_a):
    dpo = registered.user("dpo")
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered, kind="restriction")
        services.match_participant(actor=dpo, request=request, participant=participant_a)
        _verify(dpo, request, datetime.date(2026, 3, 2))
        assert services.identity_verified(request)
        services.decide(
            actor=dpo,
            request=request,
            decision="in_full",
            reasons="",
            decided_on=datetime.date(2026, 3, 2),
        )
    assert is_restricted(participant_a)
    assert request.steps.filter(kind="carried_out").exists()


def test_an_upheld_objection_request_stops_that_purpose(registered, participant_a):
    dpo = registered.user("dpo")
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered, kind="objection")
        services.match_participant(actor=dpo, request=request, participant=participant_a)
        _verify(dpo, request, datetime.date(2026, 3, 2))
        services.decide(
            actor=dpo,
            request=request,
            decision="in_part",
            reasons="Upheld for evaluation only",
            decided_on=datetime.date(2026, 3, 2),
            purpose="evaluation",
        )
    assert objected_purposes(participant_a) == {"evaluation"}


def test_a_consent_withdrawal_request_withdraws_the_consent(registered, participant_a):
    dpo = registered.user("dpo")
    with time_machine.travel(RECEIVED, tick=False):
        consent_services.give_consent(
            actor=registered.user("specialist_a"),
            participant=participant_a,
            purpose="referral",
            channel="face_to_face",
            on=datetime.date(2026, 2, 1),
        )
        assert consent_in_force(participant_a, "referral")
        request = _request(registered, kind="consent_withdrawal")
        services.match_participant(actor=dpo, request=request, participant=participant_a)
        _verify(dpo, request, datetime.date(2026, 3, 2))
        services.decide(
            actor=dpo,
            request=request,
            decision="in_full",
            reasons="",
            decided_on=datetime.date(2026, 3, 2),
            consent="referral",
        )
    assert not consent_in_force(participant_a, "referral")


def test_an_upheld_erasure_runs_the_disposal_engine_and_keeps_the_request(
    registered, participant_a
):
    dpo = registered.user("dpo")
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered)
        services.match_participant(actor=dpo, request=request, participant=participant_a)
        _verify(dpo, request, datetime.date(2026, 3, 2))
        services.decide(
            actor=dpo,
            request=request,
            decision="in_full",
            reasons="",
            decided_on=datetime.date(2026, 3, 2),
        )
    assert not Participant.objects.filter(pk=participant_a.pk).exists()
    tombstone = ErasureTombstone.objects.get(participant_id=participant_a.pk)
    assert tombstone.request_reference == request.reference
    request.refresh_from_db()
    assert request.participant is None and request.status == RequestStatus.DECIDED
    assert IdentityCheck.objects.filter(request=request).exists()


def test_a_refused_erasure_keeps_the_record(registered, participant_a):
    dpo = registered.user("dpo")
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered)
        services.match_participant(actor=dpo, request=request, participant=participant_a)
        services.decide(
            actor=dpo,
            request=request,
            decision="refused",
            reasons="We need it to deliver the programme, a public task",
            exemption="art17_3_b",
            decided_on=datetime.date(2026, 3, 2),
        )
    assert Participant.objects.filter(pk=participant_a.pk).exists()
    request.refresh_from_db()
    assert request.decision == "refused" and request.exemption == "art17_3_b"


def test_the_public_page_answers_the_same_whether_or_not_the_person_is_known(
    registered, participant_a
):
    url = reverse("rights:ask", args=[registered.programme.slug])
    pages = []
    with time_machine.travel(RECEIVED, tick=False) as clock:
        for name in ("Alice Archer", "Nobody Known"):
            client = Client()
            page = client.get(url)
            started = re.search(rb'name="started" value="([^"]+)"', page.content).group(1)
            clock.shift(datetime.timedelta(seconds=30))
            response = client.post(
                url,
                {
                    **PERSON,
                    "requester_name": name,
                    "kind": "access",
                    "started": started.decode(),
                },
            )
            assert response.status_code == 302
            assert name.encode() not in response["Location"].encode()
            sent = client.get(response["Location"])
            reference = RightsRequest.objects.order_by("-created_at").first().reference
            page = sent.content.decode().replace(reference, "REF")
            pages.append(re.sub(r'nonce="[^"]+"', "", page))
    assert pages[0] == pages[1]
    assert RightsRequest.objects.filter(participant__isnull=True).count() == 2


def test_the_public_page_without_a_way_to_reply_shows_the_error(registered):
    url = reverse("rights:ask", args=[registered.programme.slug])
    client = Client()
    with time_machine.travel(RECEIVED, tick=False) as clock:
        page = client.get(url)
        started = re.search(rb'name="started" value="([^"]+)"', page.content).group(1)
        clock.shift(datetime.timedelta(seconds=30))
        response = client.post(
            url, {**PERSON, "email": "", "kind": "access", "started": started.decode()}
        )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "so we can reply" in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_the_start_page_links_to_ask_about_your_data(registered):
    page = Client().get(reverse("programmes:start", args=[registered.programme.slug]))
    assert reverse("rights:ask", args=[registered.programme.slug]) in page.content.decode()


def test_the_dpo_list_shows_overdue_in_red_and_counts(registered):
    dpo = registered.user("dpo")
    with time_machine.travel(RECEIVED, tick=False) as clock:
        _request(registered)
        clock.move_to(datetime.datetime(2026, 4, 3, 9, 0, tzinfo=datetime.UTC))
        client = Client()
        sign_in(client, dpo)
        page = client.get(reverse("rights:list")).content.decode()
        home = client.get(reverse("dataprotection:home")).content.decode()
    assert "govuk-tag--red" in page and "Overdue" in page
    assert "Erasure: delete their data (Article 17)" in page
    assert "West Northamptonshire Council" in page
    assert "Rights requests" in home and "1 overdue" in home


def test_the_decision_page_shows_the_engines_reasons_and_refuses_without_reasons(
    registered,
):
    dpo = registered.user("dpo")
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered)
        client = Client()
        sign_in(client, dpo)
        url = reverse("rights:decide", args=[request.pk])
        page = client.get(url).content.decode()
        assert "Article 17(3)(b)" in page
        response = client.post(
            url,
            {
                "decision": "refused",
                "reasons": "",
                "decided_on-day": "2",
                "decided_on-month": "3",
                "decided_on-year": "2026",
            },
        )
    assert response.status_code == 200
    assert "Enter the reasons for refusing the request" in response.content.decode()
    request.refresh_from_db()
    assert request.is_open


def test_an_impossible_date_is_refused_on_the_form(registered):
    client = Client()
    sign_in(client, registered.user("dpo"))
    response = client.post(
        reverse("rights:new"),
        {
            **PERSON,
            "kind": "access",
            "channel": "letter",
            "received_on-day": "31",
            "received_on-month": "2",
            "received_on-year": "2026",
        },
    )
    assert response.status_code == 200
    assert "must be a real date" in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_the_letter_of_a_refusal_names_the_ico_and_the_court(registered, participant_a):
    dpo = registered.user("dpo")
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered)
        services.decide(
            actor=dpo,
            request=request,
            decision="refused",
            reasons="We need it to run the programme",
            exemption="art17_3_b",
            decided_on=datetime.date(2026, 3, 2),
        )
        client = Client()
        sign_in(client, dpo)
        letter = client.get(reverse("rights:letter", args=[request.pk])).content.decode()
    assert "We need it to run the programme" in letter
    assert "Information Commissioner" in letter and "0303 123 1113" in letter
    assert "go to court" in letter
    assert "UK GDPR Article 17(3)(b)" in letter


def test_reminders_of_due_and_overdue_requests_are_sent_once(registered):
    with time_machine.travel(RECEIVED, tick=False) as clock:
        request = _request(registered)
        clock.move_to(datetime.datetime(2026, 3, 30, 7, 35, tzinfo=datetime.UTC))
        assert jobs.remind_requests_due(now=timezone.now()).startswith("1 reminders")
        assert jobs.remind_requests_due(now=timezone.now()).startswith("0 reminders")
        clock.move_to(datetime.datetime(2026, 4, 3, 7, 35, tzinfo=datetime.UTC))
        assert jobs.remind_requests_due(now=timezone.now()).startswith("1 reminders")
    assert RequestReminder.objects.filter(request=request).count() == 2
    assert all("Alice" not in m.body for m in mail.outbox)
    assert all(request.reference in m.body for m in mail.outbox)


def test_disposing_of_a_participant_keeps_their_requests_without_the_link(
    registered, participant_a
):
    """The disposal engine (sweep or erasure) clears a retained request's link first."""
    from casework.disposal.services import erase_participant

    dpo = registered.user("dpo")
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered, kind="access")
        services.match_participant(actor=dpo, request=request, participant=participant_a)
        erase_participant(
            by=dpo, participant=participant_a, reason="Test", request_reference="R-OTHER"
        )
    request.refresh_from_db()
    assert request.participant is None
    assert request.requester_name == "Alice Archer"


def test_the_match_page_finds_only_this_programmes_participants(registered, participant_a):
    elsewhere = factories.ParticipantFactory(last_name="Archer")
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered)
        client = Client()
        sign_in(client, registered.user("dpo"))
        url = reverse("rights:match", args=[request.pk])
        page = client.post(url, {"q": "Archer", "search": "1"}).content.decode()
        assert str(participant_a.pk) in page and str(elsewhere.pk) not in page
        assert client.post(url, {"participant": str(elsewhere.pk)}).status_code == 404
        response = client.post(url, {"participant": str(participant_a.pk)})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.participant == participant_a


def test_disposing_of_a_participant_keeps_a_complaint_about_them_without_the_link(
    registered, participant_a
):
    """The same rule for the complaints register, which also keeps its records."""
    from casework.complaints.models import Complaint
    from casework.dataprotection.testing import records_for
    from casework.disposal.services import erase_participant

    complaint = records_for(participant_a)[0]
    erase_participant(
        by=registered.user("dpo"), participant=participant_a, reason="Test", request_reference="R-1"
    )
    assert Complaint.objects.get(pk=complaint.pk).participant_id is None


def test_granting_an_objection_without_saying_to_what_is_refused_and_nothing_saved(
    registered, participant_a
):
    dpo = registered.user("dpo")
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered, kind="objection")
        services.match_participant(actor=dpo, request=request, participant=participant_a)
        _verify(dpo, request, datetime.date(2026, 3, 2))
        with pytest.raises(ValidationError) as error:
            services.decide(
                actor=dpo,
                request=request,
                decision="in_full",
                reasons="",
                decided_on=datetime.date(2026, 3, 2),
            )
    assert error.value.message_dict["purpose"] == ["Select the use of their data they object to"]
    request.refresh_from_db()
    assert request.is_open and not request.steps.filter(kind="decided").exists()
    assert objected_purposes(participant_a) == set()


def test_the_list_page_costs_the_same_queries_for_one_request_or_ten(registered):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    sign_in(client, registered.user("dpo"))
    counts = []
    with time_machine.travel(RECEIVED, tick=False):
        for total in (1, 10):
            while RightsRequest.objects.count() < total:
                _request(registered)
            client.get(reverse("rights:list"))  # warm the per-request caches alike
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("rights:list")).status_code == 200
            counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("kind", "link_text", "target"),
    [
        ("access", "Prepare the subject access pack", "subjectaccess:prepare"),
        ("portability", "Prepare the subject access pack", "subjectaccess:prepare"),
        (
            "rectification",
            "Correct the record, or attach their statement",
            "rights_record:overview",
        ),
    ],
)
def test_a_matched_request_leads_to_where_it_is_answered(
    registered, participant_a, client, kind, link_text, target
):
    request = _request(registered, kind=kind)
    dpo = registered.user("dpo")
    page = reverse("rights:detail", args=[request.pk])
    sign_in(client, dpo)
    assert link_text.encode() not in client.get(page).content  # not matched yet
    services.match_participant(actor=dpo, request=request, participant=participant_a)
    html = client.get(page).content.decode()
    assert link_text in html
    assert reverse(target, args=[participant_a.pk]) in html


@pytest.mark.parametrize(
    ("matching", "says"),
    [
        (4, "More than 3 people match, too many to list"),
        (3, "The first 2 of 3 people who match are shown"),
    ],
)
def test_the_match_page_says_when_not_every_match_is_listed(
    registered, participant_a, monkeypatch, matching, says
):
    """Decision 0220: a search lists at most MATCHES_LISTED people, RESULTS_PER_PAGE at a time.
    A picker shows only the first page, so it says so, and says how to narrow the search,
    rather than "no participant matches" when there are too many to list."""
    from casework.participants import selectors as participant_selectors

    monkeypatch.setattr(participant_selectors, "MATCHES_LISTED", 3)
    monkeypatch.setattr(participant_selectors, "RESULTS_PER_PAGE", 2)
    for n in range(matching - 1):  # participant_a is an Archer too
        factories.ParticipantFactory(
            programme=registered.programme,
            area=participant_a.area,
            responsible_organisation=participant_a.responsible_organisation,
            first_name=f"Other{n}",
            last_name="Archer",
        )
    with time_machine.travel(RECEIVED, tick=False):
        request = _request(registered)
        client = Client()
        sign_in(client, registered.user("dpo"))
        url = reverse("rights:match", args=[request.pk])
        page = client.post(url, {"q": "Archer", "search": "1"}).content.decode()
    assert says in page
    assert "No participant of this programme matches" not in page
