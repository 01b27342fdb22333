"""The data protection officer's home page and the counts of complaints and breaches."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.audit.models import Alert
from casework.breaches import services as breach_services
from casework.complaints import services as complaint_services
from casework.dataprotection import panels
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 20, 9, 0, tzinfo=datetime.UTC)
PERSON = {
    "complainant_name": "Sam Carter",
    "email": "sam@example.com",
    "phone": "",
    "postal_address": "",
    "details": "My details were shared.",
    "wanted_outcome": "",
}


def _breach(world, aware_at):
    return breach_services.record_breach(
        actor=world.user("dpo"),
        programme=world.programme,
        summary="Lost paper list",
        report_type="initial",
        ico_reference="",
        what_happened="A paper list was lost on a bus.",
        cyber_incident="no",
        how_discovered="The member of staff told us",
        occurred_at=None,
        aware_at=aware_at,
        data_categories=["identity"],
        data_categories_other="",
        subject_categories=["participants"],
        records_affected=None,
        records_count="exact",
        people_affected=30,
        people_count="at_most",
        unidentified_people=30,
        likely_consequences="",
        containment="",
    )


def test_the_home_page_shows_open_breaches_with_their_clocks_complaints_due_and_alerts(world):
    with time_machine.travel(NOW - datetime.timedelta(days=31), tick=False):
        overdue = complaint_services.submit_complaint(programme=world.programme, **PERSON)
    with time_machine.travel(NOW, tick=False):
        _breach(world, NOW - datetime.timedelta(hours=10))
        Alert.objects.create(
            rule="export",
            actor=world.user("specialist_a"),
            window_start=timezone.now(),
            event_count=1,
            first_sequence=1,
        )
        page = sign_in(Client(), world.user("dpo")).get(reverse("dataprotection:home"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "62 hours 0 minutes left to report" in text
    assert overdue.reference in text and "Overdue" in text
    assert "1 alert waiting for review" in text
    assert reverse("audit:alerts") in text
    for name in ("specialist_a", "team_leader_a", "auditor_a", "report_only"):
        response = sign_in(Client(), world.user(name)).get(reverse("dataprotection:home"))
        assert response.status_code == 403
    manager = sign_in(Client(), world.user("manager")).get(reverse("dataprotection:home"))
    text = manager.content.decode()
    assert "Complaints and breaches by month" in text
    assert overdue.reference not in text and "Open breaches" not in text


def test_a_panel_is_one_function_and_one_line(world, monkeypatch):
    monkeypatch.setattr(
        panels,
        "PANELS",
        [*panels.PANELS, "casework.dataprotection.tests.test_home_and_reports.rights_panel"],
    )
    text = sign_in(Client(), world.user("dpo")).get(reverse("dataprotection:home")).content
    assert b"Rights requests" in text and b"/rights/" in text


def rights_panel(user, now):
    return panels.Panel(
        title="Rights requests",
        template="dataprotection/panel_reports.html",
        links=[("All requests", "/rights/")],
    )


def test_reports_count_by_month_outcome_and_time_taken_for_dpo_and_manager(world):
    dpo = world.user("dpo")
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)):
        complaint = complaint_services.submit_complaint(programme=world.programme, **PERSON)
        complaint_services.submit_complaint(programme=world.programme, **PERSON)
    with time_machine.travel(datetime.datetime(2026, 3, 12, 9, 0, tzinfo=datetime.UTC)):
        complaint_services.acknowledge_complaint(
            actor=dpo, complaint=complaint, acknowledged_on=timezone.localdate(), how="email"
        )
        complaint_services.close_complaint(
            actor=dpo,
            complaint=complaint,
            outcome="not_upheld",
            outcome_summary="No breach of the law",
            closed_on=timezone.localdate(),
            sent_how="email",
        )
    with time_machine.travel(datetime.datetime(2026, 4, 10, 9, 0, tzinfo=datetime.UTC)) as clock:
        breach = _breach(world, timezone.now())
        breach_services.assess_risk(
            actor=dpo, breach=breach, risk="risk", risk_reasoning="Names", likely_consequences="x"
        )
        breach_services.decide(actor=dpo, breach=breach, decision="report", reason="Risk")
        clock.shift(datetime.timedelta(hours=80))
        breach_services.record_report(
            actor=dpo, breach=breach, reported_at=timezone.now(), delay_reason="Easter"
        )
    query = {
        "start-day": "1",
        "start-month": "1",
        "start-year": "2026",
        "end-day": "30",
        "end-month": "4",
        "end-year": "2026",
    }
    for name in ("dpo", "manager"):
        client = sign_in(Client(), world.user(name))
        text = client.get(reverse("dataprotection:reports"), query).content.decode()
        summary = " ".join(text.split())
        assert (
            'Average days to acknowledge </dt> <dd class="govuk-summary-list__value"> 10.0'
            in summary
        )
        assert "Not upheld: 1" in text
        assert 'the ICO report </dt> <dd class="govuk-summary-list__value"> 80.0' in summary
        csv = client.get(reverse("dataprotection:reports"), {**query, "format": "csv"})
        lines = b"".join(csv).decode("utf-8-sig").splitlines()
        assert lines[3].startswith("2026-03,2,0,1,0,0,1,0,0")
        assert lines[4].startswith("2026-04,0,0,0,0,0,0,0,1,1,1,0,0")
        assert "Sam Carter" not in text
    response = sign_in(Client(), world.user("specialist_a")).get(reverse("dataprotection:reports"))
    assert response.status_code == 403


def test_the_home_page_shows_what_retention_and_disclosures_need_of_the_dpo(world):
    from casework.disposal.schedule import reschedule_programme
    from casework.disposal.services import place_hold
    from casework.disposal.testing import participant_with_everything
    from casework.testing.registers import publish_register

    today = timezone.localdate()
    # Kept until a fixed date three weeks away; the agreement of South Midlands' register
    # expires within 60 days of the day the page is read.
    publish_register(
        world.programme,
        retention=[
            {
                "record_type": "participant",
                "anchor": "fixed_date",
                "date": (today + datetime.timedelta(days=21)).isoformat(),
                "action": "delete",
            }
        ],
    )
    reschedule_programme(world.programme)
    held = participant_with_everything(world.programme)
    participant_with_everything(world.programme, surname="Okafor")
    reschedule_programme(world.programme)
    place_hold(
        actor=world.user("dpo"),
        programme=world.programme,
        participant=held.participant,
        reason="litigation",
        review_on=today + datetime.timedelta(days=90),
        reference="CLAIM-1",
    )
    text = " ".join(
        sign_in(Client(), world.user("dpo"))
        .get(reverse("dataprotection:home"))
        .content.decode()
        .split()
    )
    assert "2 records fall due in the next 30 days (2 in 90)" in text
    assert "1 legal hold in place" in text
    assert reverse("disposal:overview") in text
    assert "No safeguarding disclosures waiting for approval" in text
    assert reverse("disclosures:log", args=[world.programme.slug]) in text
    manager = sign_in(Client(), world.user("manager")).get(reverse("dataprotection:home"))
    assert b"legal hold" not in manager.content  # the manager sees the reports panel only
