"""The breach register: the ICO form's rules, the 72-hour clock, raising from an alert, the
people affected and the controllers told."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.audit.models import Alert, AuditEvent
from casework.audit.services import record_event
from casework.breaches import selectors, services
from casework.breaches.models import Breach
from casework.oversight.services import raise_alerts
from casework.testing import factories
from casework.testing.auth import sign_in
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db

AWARE = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _details(**overrides):
    return {
        "summary": "Case list emailed to the wrong partner",
        "report_type": "initial",
        "ico_reference": "",
        "what_happened": "A list of 12 participants was emailed to the wrong council.",
        "cyber_incident": "no",
        "how_discovered": "The other council told us",
        "occurred_at": AWARE - datetime.timedelta(hours=2),
        "aware_at": AWARE,
        "data_categories": ["identity", "health"],
        "data_categories_other": "",
        "subject_categories": ["participants", "vulnerable_adults"],
        "records_affected": 12,
        "records_count": "exact",
        "people_affected": 12,
        "people_count": "at_most",
        "unidentified_people": 0,
        "likely_consequences": "",
        "containment": "The other council deleted the email.",
        **overrides,
    }


def _breach(world, **overrides) -> Breach:
    return services.record_breach(
        actor=world.user("dpo"), programme=world.programme, **_details(**overrides)
    )


def test_a_breach_without_an_awareness_time_is_refused(world):
    with pytest.raises(ValidationError) as error:
        _breach(world, aware_at=None)
    assert "Enter when you became aware of the breach" in str(error.value.message_dict["aware_at"])
    assert not Breach.objects.exists()


def test_special_category_and_criminal_offence_data_are_flagged_from_the_register(world):
    with time_machine.travel(AWARE + datetime.timedelta(hours=1), tick=False):
        breach = _breach(world, data_categories=["identity", "health", "criminal_offence"])
    flagged = selectors.special_data(breach)
    assert flagged["special_category"] == [
        "Health information, disabilities or learning difficulties"
    ]
    assert flagged["criminal_offence"] == ["Offending history"]


def test_the_72_hour_clock_runs_from_awareness_and_a_late_report_needs_the_reason(world):
    dpo = world.user("dpo")
    with time_machine.travel(AWARE + datetime.timedelta(hours=1), tick=False) as clock:
        breach = _breach(world)
        assert breach.clock()["text"] == "71 hours 0 minutes left to report"
        services.assess_risk(
            actor=dpo,
            breach=breach,
            risk="high",
            risk_reasoning="Health data",
            likely_consequences="Distress",
            what_to_tell_people="Your details were sent to the wrong council.",
        )
        with pytest.raises(ValidationError) as error:
            services.decide(actor=dpo, breach=breach, decision="report", reason="")
        assert "reason" in error.value.message_dict
        services.decide(actor=dpo, breach=breach, decision="report", reason="High risk")
        clock.move_to(AWARE + datetime.timedelta(hours=73))
        assert breach.clock()["state"] == "overdue"
        assert breach.clock()["text"] == "Report overdue by 1 hour 0 minutes"
        with pytest.raises(ValidationError) as error:
            services.record_report(actor=dpo, breach=breach, reported_at=timezone.now())
        assert "enter the reason for the delay" in str(error.value.message_dict["delay_reason"])
        services.record_report(
            actor=dpo,
            breach=breach,
            reported_at=timezone.now(),
            ico_reference="IC-1",
            delay_reason="Waiting for the partner's account",
        )
    breach.refresh_from_db()
    assert breach.reported_late and breach.clock()["text"] == "Reported to the ICO (late)"
    assert breach.hours_to_report == 73


def test_a_report_within_72_hours_needs_no_reason_for_delay(world):
    dpo = world.user("dpo")
    with time_machine.travel(AWARE + datetime.timedelta(hours=71, minutes=59), tick=False):
        breach = _breach(world)
        services.assess_risk(
            actor=dpo,
            breach=breach,
            risk="risk",
            risk_reasoning="Names",
            likely_consequences="Embarrassment",
        )
        services.decide(actor=dpo, breach=breach, decision="report", reason="A risk")
        services.record_report(actor=dpo, breach=breach, reported_at=timezone.now())
    breach.refresh_from_db()
    assert not breach.reported_late and breach.delay_reason == ""


def test_a_decision_not_to_report_needs_its_reason_and_stops_the_clock(world):
    dpo = world.user("dpo")
    with time_machine.travel(AWARE + datetime.timedelta(hours=2), tick=False) as clock:
        breach = _breach(world)
        services.assess_risk(actor=dpo, breach=breach, risk="unlikely", risk_reasoning="Encrypted")
        with pytest.raises(ValidationError) as error:
            services.decide(actor=dpo, breach=breach, decision="do_not_report", reason=" ")
        assert error.value.message_dict["reason"] == [
            "Enter why the breach will not be reported to the ICO"
        ]
        services.decide(actor=dpo, breach=breach, decision="do_not_report", reason="Encrypted")
        clock.move_to(AWARE + datetime.timedelta(hours=100))
        assert breach.clock()["state"] == "stopped"
        services.close_breach(actor=dpo, breach=breach)


def test_a_high_risk_needs_the_words_for_the_people_affected(world):
    breach = _breach(world)
    with pytest.raises(ValidationError) as error:
        services.assess_risk(
            actor=world.user("dpo"),
            breach=breach,
            risk="high",
            risk_reasoning="Health data",
            likely_consequences="Distress",
        )
    assert "what happened in words for the people affected" in str(error.value)


def test_only_the_dpo_sees_and_keeps_the_register(world):
    breach = _breach(world)
    for name in ("specialist_a", "team_leader_a", "manager", "auditor_a", "referrer"):
        with pytest.raises(PermissionDenied):
            selectors.get_breach(world.user(name), breach.pk)
        with pytest.raises(PermissionDenied):
            services.assess_risk(
                actor=world.user(name), breach=breach, risk="high", risk_reasoning="x"
            )


def test_an_alert_becomes_a_breach_in_one_step_carrying_its_events_and_people(
    world, participant_a, participant_b
):
    specialist = world.user("specialist_a")
    with time_machine.travel(datetime.datetime(2026, 3, 3, 10, 5, tzinfo=datetime.UTC), tick=False):
        for participant in (participant_a, participant_b, participant_a):
            record_event(
                actor=specialist,
                action="participant.read",
                participant=participant,
                purpose="case_management",
            )
        record_event(
            actor=world.user("specialist_b"),
            action="participant.read",
            participant=participant_b,
            purpose="case_management",
        )
        raise_alerts(
            since=timezone.now() - datetime.timedelta(hours=1),
            until=timezone.now() + datetime.timedelta(seconds=1),
        )
        alert = Alert.objects.get(rule="outside_caseload", actor=specialist)
        client = sign_in(Client(), world.user("dpo"))
        listing = client.get(reverse("breaches:list")).content.decode()
        assert reverse("breaches:from-alert", args=[alert.pk]) in listing
        form = client.get(reverse("breaches:from-alert", args=[alert.pk])).content.decode()
        assert "Opened a record outside their caseload" in form
        now = timezone.localtime()
        response = client.post(
            reverse("breaches:from-alert", args=[alert.pk]),
            {
                "summary": "Record opened outside caseload",
                "report_type": "initial",
                "what_happened": "A specialist opened a record not on their caseload.",
                "cyber_incident": "no",
                "how_discovered": "Monitoring alert",
                "aware_at_on-day": now.day,
                "aware_at_on-month": now.month,
                "aware_at_on-year": now.year,
                "aware_at_time": f"{now:%H:%M}",
                "data_categories": ["identity", "case_management"],
                "subject_categories": ["participants"],
                "records_count": "exact",
                "people_count": "exact",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    breach = Breach.objects.get()
    events = AuditEvent.objects.filter(id__in=breach.audit_sequences)
    assert {e.participant_id for e in events} == {participant_b.pk}
    assert all(e.actor_id == specialist.pk for e in events)
    assert [p.participant for p in breach.people.all()] == [participant_b]
    alert.refresh_from_db()
    assert alert.outcome == "possible_breach" and breach.reference in alert.review_note
    listing = client.get(reverse("breaches:list")).content.decode()
    assert reverse("breaches:from-alert", args=[alert.pk]) not in listing


def test_people_affected_are_told_by_a_letter_each_and_controllers_are_recorded(
    world, participant_a
):
    publish_register(world.programme)
    dpo = world.user("dpo")
    client = sign_in(Client(), dpo)
    breach = _breach(world)
    services.assess_risk(
        actor=dpo,
        breach=breach,
        risk="high",
        risk_reasoning="Health data",
        likely_consequences="You may receive unwanted contact.",
        what_to_tell_people="On 2 March a list with your name was emailed to the wrong council.",
    )
    services.link_people(actor=dpo, breach=breach, participants=[participant_a])
    services.decide(actor=dpo, breach=breach, decision="do_not_report", reason="test")
    with pytest.raises(ValidationError) as error:
        services.close_breach(actor=dpo, breach=breach)
    assert "tell every person affected" in str(error.value)
    person = breach.people.get()
    letter = client.get(reverse("breaches:letter", args=[breach.pk, person.pk])).content.decode()
    assert participant_a.first_name in letter
    assert "You may receive unwanted contact." in letter
    assert "The other council deleted the email." in letter
    assert "a list with your name was emailed to the wrong council" in letter
    assert "A list of 12 participants" not in letter, "the ICO's wording is not the letter's"
    assert "dataprotection@westnorthants.gov.uk" in letter
    client.post(reverse("breaches:letter", args=[breach.pk, person.pk]), {"how": "email"})
    person.refresh_from_db()
    assert person.told_at and person.told_how == "email" and person.told_by == dpo
    assert selectors.other_controllers(breach)[:2] == [
        "West Northamptonshire Council",
        "Bedford Borough Council",
    ]
    assert "Department for Work and Pensions" in selectors.other_controllers(breach)
    now = timezone.localtime()
    client.post(
        reverse("breaches:controllers", args=[breach.pk]),
        {
            "organisation": "Department for Work and Pensions",
            "how": "Email to DWP DPO",
            "told_at_on-day": now.day,
            "told_at_on-month": now.month,
            "told_at_on-year": now.year,
            "told_at_time": f"{now:%H:%M}",
        },
    )
    assert breach.controllers_told.get().organisation == "Department for Work and Pensions"
    services.close_breach(actor=dpo, breach=breach)


def test_a_linked_participant_outside_the_users_scope_is_counted_not_named(world, participant_b):
    other_programme = factories.ProgrammeFactory()
    stranger = factories.ParticipantFactory(programme=other_programme, last_name="Zed")
    breach = _breach(world)
    with pytest.raises(ValidationError):
        services.link_people(actor=world.user("dpo"), breach=breach, participants=[stranger])


def test_the_breach_form_says_which_field_is_wrong(world):
    client = sign_in(Client(), world.user("dpo"))
    response = client.post(
        reverse("breaches:new"), {"summary": "Lost laptop", "aware_at_time": "25:99"}
    )
    page = response.content.decode()
    assert "Enter when you became aware of the breach: the 72 hours start then" in page
    assert "Enter what happened" in page
    assert "Select whether the breach was caused by a cyber incident" in page
    assert "Lost laptop" in page
    assert not Breach.objects.exists()


def test_the_dpo_is_reminded_once_before_and_once_after_the_72_hours(world, mailoutbox):
    from casework.breaches import jobs

    with time_machine.travel(AWARE, tick=False) as clock:
        breach = _breach(world)
        assert jobs.remind_breach_reports_due(now=timezone.now()).startswith("0 reminders")
        clock.move_to(AWARE + datetime.timedelta(hours=49))
        assert jobs.remind_breach_reports_due(now=timezone.now()).startswith("1 reminders")
        assert jobs.remind_breach_reports_due(now=timezone.now()).startswith("0 reminders")
        clock.move_to(AWARE + datetime.timedelta(hours=73))
        assert jobs.remind_breach_reports_due(now=timezone.now()).startswith("1 reminders")
        services.assess_risk(
            actor=world.user("dpo"), breach=breach, risk="unlikely", risk_reasoning="Encrypted"
        )
        services.decide(
            actor=world.user("dpo"), breach=breach, decision="do_not_report", reason="Encrypted"
        )
        clock.move_to(AWARE + datetime.timedelta(hours=200))
        assert jobs.remind_breach_reports_due(now=timezone.now()).startswith("0 reminders")
    assert [m.to for m in mailoutbox] == [[world.user("dpo").email]] * 2
    assert breach.reference in mailoutbox[0].body and "is due by" in mailoutbox[0].body
    assert "was due by" in mailoutbox[1].body
