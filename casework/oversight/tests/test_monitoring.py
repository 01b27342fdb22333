"""Monitoring: alerts for the DPO raised from the audit trail, reviewed with an outcome; and the
routine audit report, as a page and a CSV that cannot smuggle a formula into a spreadsheet."""

import datetime
import io
import re

import pytest
import time_machine
from django.urls import reverse

from casework.audit.models import Action, Alert, AlertRule, ReviewOutcome
from casework.audit.services import record_event
from casework.oversight.services import raise_alerts
from casework.testing import factories
from casework.testing.auth import sign_in
from casework.testing.exports import csv_rows

pytestmark = pytest.mark.django_db

# Tuesday 10 March 2026, 10:00 in London (GMT).
WORKING_DAY = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC)
ONE_DAY = datetime.timedelta(days=1)


def read(user, participant, at):
    with time_machine.travel(at, tick=False):
        record_event(
            actor=user, action=Action.PARTICIPANT_READ, participant=participant, purpose="x"
        )


def alerts_over(day=WORKING_DAY):
    raise_alerts(since=day - datetime.timedelta(days=1), until=day + datetime.timedelta(days=1))
    return {(a.rule, a.actor_label) for a in Alert.objects.all()}


def test_ordinary_work_raises_nothing(world, participant_a):
    read(world.user("specialist_a"), participant_a, WORKING_DAY)
    read(world.user("team_leader_a"), participant_a, WORKING_DAY)
    assert alerts_over() == set()


def test_a_specialist_opening_someone_elses_participant_is_an_alert(world, participant_a):
    colleague = world.user("specialist_a2")
    read(colleague, participant_a, WORKING_DAY)  # e.g. through break-glass
    assert alerts_over() == {(AlertRule.OUTSIDE_CASELOAD, colleague.email)}


def test_opening_records_at_night_or_at_the_weekend_is_an_alert(world, participant_a):
    specialist = world.user("specialist_a")
    read(specialist, participant_a, WORKING_DAY.replace(hour=23))
    read(specialist, participant_a, datetime.datetime(2026, 3, 14, 11, tzinfo=datetime.UTC))
    raise_alerts(since=WORKING_DAY, until=WORKING_DAY + datetime.timedelta(days=7))
    assert Alert.objects.filter(rule=AlertRule.OUT_OF_HOURS).count() == 2


def test_a_long_look_back_counts_each_hour_once_across_its_windows(world, participant_a):
    """The rules run a day's window at a time (each committed): an hour is never split between
    two windows, and a look-back starting inside an hour counts only the events after it."""
    specialist = world.user("specialist_a")
    midnight = datetime.datetime(2026, 3, 11, 0, 0, tzinfo=datetime.UTC)
    read(specialist, participant_a, midnight - datetime.timedelta(minutes=50))  # 23:10
    read(specialist, participant_a, midnight - datetime.timedelta(minutes=1))  # 23:59
    read(specialist, participant_a, midnight + datetime.timedelta(minutes=1))  # 00:01
    raise_alerts(since=midnight - datetime.timedelta(minutes=30), until=midnight + ONE_DAY * 3)
    assert sorted(
        Alert.objects.filter(rule=AlertRule.OUT_OF_HOURS).values_list("window_start", "event_count")
    ) == [(midnight - datetime.timedelta(hours=1), 1), (midnight, 1)]
    raise_alerts(since=midnight - ONE_DAY * 30, until=midnight + ONE_DAY)  # the 23:10 read too
    assert sorted(
        Alert.objects.filter(rule=AlertRule.OUT_OF_HOURS).values_list("window_start", "event_count")
    ) == [(midnight - datetime.timedelta(hours=1), 1), (midnight, 1)]  # already raised


def test_opening_more_records_than_the_limit_in_an_hour_is_an_alert(world, settings):
    settings.CASEWORK_ALERT_RECORDS_PER_HOUR = 3
    manager = world.user("manager")
    people = [
        factories.ParticipantFactory(programme=world.programme, area=world.area_a) for _ in range(4)
    ]
    for minute, person in enumerate(people[:3]):
        read(manager, person, WORKING_DAY + datetime.timedelta(minutes=minute))
    read(manager, people[0], WORKING_DAY + datetime.timedelta(minutes=5))  # same one again
    assert alerts_over() == set()
    read(manager, people[3], WORKING_DAY + datetime.timedelta(minutes=6))
    assert alerts_over() == {(AlertRule.MANY_RECORDS, manager.email)}
    assert Alert.objects.get().event_count == 4


def test_repeated_refusals_and_exports_are_alerts(world, participant_b, settings):
    settings.CASEWORK_ALERT_DENIALS_PER_HOUR = 3
    prober, exporter = world.user("specialist_a"), world.user("manager")
    with time_machine.travel(WORKING_DAY, tick=False):
        for _ in range(3):
            record_event(
                actor=prober,
                action=Action.PERMISSION_DENIED,
                participant=participant_b,
                purpose="x",
            )
        record_event(actor=exporter, action=Action.EXPORT, purpose="DWP return")
    assert alerts_over() == {
        (AlertRule.REPEATED_DENIALS, prober.email),
        (AlertRule.EXPORT, exporter.email),
    }
    assert alerts_over() == {  # running the rules again adds nothing
        (AlertRule.REPEATED_DENIALS, prober.email),
        (AlertRule.EXPORT, exporter.email),
    }
    assert Alert.objects.count() == 2


@pytest.fixture
def alert(world, participant_a):
    read(world.user("specialist_a2"), participant_a, WORKING_DAY)
    alerts_over()
    return Alert.objects.get()


def test_the_dpo_reviews_an_alert_with_an_outcome(client, world, alert):
    dpo = world.user("dpo")
    sign_in(client, dpo)
    listing = client.get(reverse("audit:alerts")).text
    assert "Opened a record outside their caseload" in listing
    review = reverse("audit:review-alert", args=[alert.pk])
    assert review in listing
    response = client.post(review, {"outcome": ReviewOutcome.FOLLOWED_UP, "note": ""})
    assert "Say what you did about it" in response.text
    assert 'href="#note"' in response.text  # the error summary links to the field
    response = client.post(
        review, {"outcome": ReviewOutcome.FOLLOWED_UP, "note": "Spoke to their team leader"}
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.outcome, alert.reviewed_by, alert.review_note) == (
        ReviewOutcome.FOLLOWED_UP,
        dpo,
        "Spoke to their team leader",
    )
    assert "Followed up with the member of staff" in client.get(reverse("audit:alerts")).text


@pytest.mark.parametrize("role", ["manager", "auditor_a", "team_leader_a", "specialist_a"])
def test_only_the_dpo_sees_and_reviews_alerts(client, world, alert, role):
    sign_in(client, world.user(role))
    assert client.get(reverse("audit:alerts")).status_code == 403
    review = reverse("audit:review-alert", args=[alert.pk])
    assert client.post(review, {"outcome": ReviewOutcome.NO_CONCERN}).status_code == 403
    alert.refresh_from_db()
    assert alert.outcome == ""


def report_csv(client, **period) -> list[list[str]]:
    query = {"start-day": 1, "start-month": 3, "start-year": 2026}
    query |= {"end-day": 31, "end-month": 3, "end-year": 2026, "format": "csv"}
    response = client.get(reverse("audit:report"), query)
    assert response["Content-Type"].startswith("text/csv")
    return csv_rows(response)


def test_the_routine_audit_counts_per_member_of_staff(client, world, participant_a):
    specialist = world.user("specialist_a")
    read(specialist, participant_a, WORKING_DAY)
    read(specialist, participant_a, WORKING_DAY)
    with time_machine.travel(WORKING_DAY, tick=False):
        record_event(actor=specialist, action=Action.EXPORT, purpose="x")
        record_event(actor=specialist, action=Action.BREAK_GLASS, purpose="x")
        record_event(actor=specialist, action=Action.PERMISSION_DENIED, purpose="x")
    read(specialist, participant_a, datetime.datetime(2026, 4, 2, 10, tzinfo=datetime.UTC))
    sign_in(client, world.user("auditor_a"))
    header, *rows = report_csv(client)
    assert header[0] == "Member of staff"
    row = dict(zip(header, next(r for r in rows if r[0] == specialist.email), strict=True))
    assert row["Records opened"] == "2"  # April's read is outside the period
    assert (row["Exports"], row["Break-glass uses"], row["Refusals and failed sign-ins"]) == (
        "1",
        "1",
        "1",
    )
    page = client.get(
        reverse("audit:report"),
        {"start-day": 1, "start-month": 3, "start-year": 2026}
        | {"end-day": 31, "end-month": 3, "end-year": 2026},
    )
    assert specialist.email in page.text and "Download this report (CSV)" in page.text


def test_the_csv_escapes_what_a_spreadsheet_would_run(client, world, db):
    with time_machine.travel(WORKING_DAY, tick=False):
        record_event(
            actor=None,
            actor_label='=HYPERLINK("http://evil.example")',
            action=Action.SIGN_IN_FAILED,
            purpose="x",
        )
    sign_in(client, world.user("dpo"))
    names = [row[0] for row in report_csv(client)[1:]]
    assert '\'=HYPERLINK("http://evil.example")' in names


def test_a_period_ending_before_it_starts_is_an_error_on_the_page(client, world):
    sign_in(client, world.user("auditor_a"))
    response = client.get(
        reverse("audit:report"),
        {"start-day": 2, "start-month": 3, "start-year": 2026}
        | {"end-day": 1, "end-month": 3, "end-year": 2026},
    )
    assert "The end of the period must be on or after its start" in response.text
    assert 'href="#end-day"' in response.text


@pytest.mark.parametrize("role", ["specialist_a", "team_leader_a", "manager", "referrer"])
def test_caseworkers_cannot_see_the_routine_audit(client, world, role):
    sign_in(client, world.user(role))
    assert client.get(reverse("audit:report")).status_code == 403


def test_the_menu_shows_the_audit_pages_to_those_who_use_them(client, world):
    sign_in(client, world.user("dpo"))
    menu = client.get(reverse("participants:caseload")).text
    assert reverse("audit:alerts") in menu and reverse("audit:report") in menu
    sign_in(client, world.user("auditor_a"))
    menu = client.get(reverse("participants:caseload")).text
    assert reverse("audit:alerts") not in menu and reverse("audit:report") in menu
    sign_in(client, world.user("specialist_a"))
    menu = client.get(reverse("participants:caseload")).text
    assert "/audit/" not in menu


def test_the_alerts_command_applies_the_rules_to_recent_events(world, participant_a):
    from django.core.management import call_command

    out = io.StringIO()
    record_event(
        actor=world.user("manager"), action=Action.EXPORT, purpose="x", participants=[participant_a]
    )
    call_command("audit", "alerts", "--hours", "1", stdout=out)
    assert out.getvalue().strip() == "1 new alerts from the last 1 hours of the audit trail."
    assert Alert.objects.get().rule == AlertRule.EXPORT


def test_alerts_of_one_hour_and_rule_each_show_on_exactly_one_page(client, world, monkeypatch):
    """Seven members of staff over the limit in the same hour: seven alerts that tie on the
    hour and the rule, listed over four pages of two in one order (by whom), each once."""
    from casework.oversight import views

    monkeypatch.setattr(views, "ALERTS_PAGE_SIZE", 2)
    labels = [f"staff{n}@council.example" for n in (4, 1, 6, 0, 3, 5, 2)]
    for n, label in enumerate(labels):
        member = factories.StaffUserFactory(email=label, organisation=world.org_a)
        factories.MembershipFactory(
            user=member, programme=world.programme, role="employment_specialist"
        )
        Alert.objects.create(
            rule=AlertRule.MANY_RECORDS,
            actor=member,
            actor_label=label,
            window_start=WORKING_DAY,
            event_count=40 + n,
            first_sequence=n,
        )
    sign_in(client, world.user("dpo"))
    shown = []
    for page in (1, 2, 3, 4):
        html = client.get(reverse("audit:alerts"), {"page": page}).text
        shown += re.findall(r"alert about (staff\d@council\.example) ", html)
    assert shown == sorted(labels)
