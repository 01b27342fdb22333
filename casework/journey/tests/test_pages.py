"""The journey pages as a caseworker uses them, and who may reach them."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.journey import services
from casework.journey.models import Appointment, CaseNote, Job
from casework.journey.tests.conftest import at
from casework.participants import services as participant_services
from casework.participants.models import Status
from casework.testing import factories
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db
D = datetime.date


def summary_links(html: str) -> list[tuple[str, str]]:
    summary = html.split('class="govuk-error-summary', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)


@pytest.fixture
def history(world, enrolled_a, today):
    """A participant with one of everything."""
    specialist = world.user("specialist_a")
    job = services.record_job_start(
        actor=specialist,
        participant=enrolled_a,
        employer="Luton Airport",
        job_title="Baggage handler",
        employment_type="employed",
        hours_per_week=Decimal("20"),
        hourly_pay=Decimal("12.60"),
        started_on=D(2026, 3, 2),
    )
    services.book_appointment(
        actor=specialist, participant=enrolled_a, starts_at=at(D(2026, 2, 10)), kind="in_person"
    )
    services.add_case_note(
        actor=specialist,
        participant=enrolled_a,
        text="Wants warehouse work",
        contains_third_party_information=True,
    )
    services.record_achieved_milestones(actor=specialist, participant=enrolled_a)
    return job


def test_the_timeline_shows_everything_newest_first(client, world, enrolled_a, history, today):
    sign_in(client, world.user("specialist_a"))
    html = client.get(reverse("journey:timeline", args=[enrolled_a.pk])).content.decode()
    titles = re.findall(r'<h3 class="govuk-heading-s govuk-!-margin-bottom-1">([^<]+)</h3>', html)
    assert titles == [
        "Case note",
        "Milestone achieved: 26 weeks in work",
        "Milestone achieved: 13 weeks in work",
        "Moved into work",
        "Started work: Baggage handler at Luton Airport",
        "In person appointment",
    ]
    assert "Contains third-party information" in html
    assert "Wants warehouse work" in html
    assert "Record the end of this job" in html
    assert "Employed, 20 hours a week, £12.60 an hour" in html
    assert "13 weeks in work from 2 March 2026" in html


def test_the_timeline_shows_intake_consent_and_documents(client, world, participant_a, today):
    from casework.demo import intake
    from casework.testing.registers import publish_register

    publish_register(world.programme)
    specialist = world.user("specialist_a")
    intake.enrol(specialist, participant_a, today - datetime.timedelta(days=3))
    from casework.consents import services as consent_services

    consent_services.give_consent(
        actor=specialist, participant=participant_a, purpose="referral", channel="email"
    )
    consent_services.withdraw_consent(
        actor=specialist, participant=participant_a, purpose="referral", channel="email"
    )
    intake.decide_eligibility(specialist, participant_a, today, decision="referred_elsewhere")
    from casework.documents import services as document_services

    document_services.add_document(
        actor=specialist,
        participant=participant_a,
        kind="cv",
        title="CV, November 2026",
        source="",
        filename="cv.pdf",
        content=intake.cv(participant_a),
    )
    sign_in(client, specialist)
    html = client.get(reverse("journey:timeline", args=[participant_a.pk])).content.decode()
    assert "Eligibility decided: eligible" in html
    assert "Given the privacy notice, version 1" in html
    # South Midlands' consent-based purpose, in its register's wording.
    assert (
        "Consent withdrawn: their referrer may share their information to refer them onto the "
        "programme" in html
    )
    assert "Document added: CV, November 2026" in html
    assert "Eligibility decided: referred elsewhere" in html
    assert "money advice" in html  # the reason, for a role that sees special category data

    sign_in(client, world.user("auditor_a"))
    html = client.get(reverse("journey:timeline", args=[participant_a.pk])).content.decode()
    assert "Eligibility decided: referred elsewhere" in html
    assert "money advice" not in html


def test_booking_an_appointment_from_the_form(client, world, enrolled_a, today):
    sign_in(client, world.user("specialist_a"))
    url = reverse("journey:add_appointment", args=[enrolled_a.pk])
    response = client.post(
        url,
        {
            "date-day": "30",
            "date-month": "11",
            "date-year": "2026",
            "time": "2:30pm",
            "kind": "phone",
        },
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert timezone.localtime(appointment.starts_at).hour == 14


def test_booking_in_a_closed_case_shows_the_error_by_the_date(client, world, enrolled_a, today):
    participant_services.exit_participant(
        actor=world.user("specialist_a"), participant=enrolled_a, reason="withdrew"
    )
    sign_in(client, world.user("specialist_a"))
    response = client.post(
        reverse("journey:add_appointment", args=[enrolled_a.pk]),
        {"date-day": "30", "date-month": "11", "date-year": "2026", "time": "25:00"},
    )
    html = response.content.decode()
    assert ("#time", "Enter a real time, like 9:30 or 14:30") in summary_links(html)
    assert ("#kind", "Select the kind of appointment") in summary_links(html)
    response = client.post(
        reverse("journey:add_appointment", args=[enrolled_a.pk]),
        {
            "date-day": "30",
            "date-month": "11",
            "date-year": "2026",
            "time": "9:30",
            "kind": "phone",
        },
    )
    links = summary_links(response.content.decode())
    assert links[0][0] == "#date-day"
    assert "has exited: re-engage them" in links[0][1]
    assert not Appointment.objects.exists()


def test_recording_attendance(client, world, enrolled_a, today):
    appointment = services.book_appointment(
        actor=world.user("specialist_a"),
        participant=enrolled_a,
        starts_at=at(D(2026, 11, 20)),
        kind="phone",
    )
    sign_in(client, world.user("specialist_a"))
    url = reverse("journey:record_attendance", args=[appointment.pk])
    assert "Record attendance" in client.get(url).content.decode()
    assert client.post(url, {"attendance": "did_not_attend"}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.attendance == "did_not_attend"


def test_adding_and_correcting_a_case_note(client, world, enrolled_a, today):
    sign_in(client, world.user("specialist_a"))
    url = reverse("journey:add_note", args=[enrolled_a.pk])
    html = client.post(url, {"text": "  "}).content.decode()
    assert ("#text", "Enter the note") in summary_links(html)
    client.post(url, {"text": "Met at the library", "contains_third_party_information": "on"})
    original = CaseNote.objects.get()
    assert original.contains_third_party_information
    client.post(f"{url}?corrects={original.pk}", {"text": "It was the jobcentre"})
    correction = CaseNote.objects.exclude(pk=original.pk).get()
    assert correction.corrects == original
    assert not correction.contains_third_party_information


def test_recording_a_job_start_and_end(client, world, enrolled_a, today):
    sign_in(client, world.user("specialist_a"))
    url = reverse("journey:add_job", args=[enrolled_a.pk])
    data = {
        "employer": "Tesco",
        "job_title": "Cashier",
        "employment_type": "employed",
        "hours_per_week": "120",
        "hourly_pay": "twelve",
        "started_on-day": "2",
        "started_on-month": "3",
        "started_on-year": "2026",
    }
    html = client.post(url, data).content.decode()
    assert ("#hourly_pay", "Hourly pay must be a number, like 12.60") in summary_links(html)
    html = client.post(url, {**data, "hourly_pay": "12.60"}).content.decode()
    assert (
        "#hours_per_week",
        "Hours per week must be more than 0 and no more than 80",
    ) in summary_links(html)
    assert (
        client.post(url, {**data, "hourly_pay": "12.60", "hours_per_week": "16"}).status_code == 302
    )
    job = Job.objects.get()
    end = reverse("journey:end_job", args=[job.pk])
    html = client.post(
        end,
        {
            "ended_on-day": "1",
            "ended_on-month": "3",
            "ended_on-year": "2026",
            "end_reason": "resigned",
        },
    ).content.decode()
    assert (
        "#ended_on-day",
        "The end date must be the same as or after the start date",
    ) in summary_links(html)
    client.post(
        end,
        {
            "ended_on-day": "1",
            "ended_on-month": "6",
            "ended_on-year": "2026",
            "end_reason": "resigned",
        },
    )
    job.refresh_from_db()
    assert job.ended_on == D(2026, 6, 1)


def test_recording_an_exit(client, world, enrolled_a, today):
    sign_in(client, world.user("specialist_a"))
    url = reverse("journey:exit", args=[enrolled_a.pk])
    html = client.post(
        url, {"reason": "other", "on-day": "20", "on-month": "11", "on-year": "2026"}
    ).content.decode()
    assert ("#reason", "Enter the reason the participant is leaving") in summary_links(html)
    client.post(url, {"reason": "completed", "on-day": "20", "on-month": "11", "on-year": "2026"})
    enrolled_a.refresh_from_db()
    assert (enrolled_a.status, enrolled_a.exit_reason) == (Status.EXITED, "completed")


def journey_urls(participant, history_job, appointment, note, goal, step):
    return [
        reverse("journey:timeline", args=[participant.pk]),
        reverse("journey:add_appointment", args=[participant.pk]),
        reverse("journey:record_attendance", args=[appointment.pk]),
        reverse("journey:add_note", args=[participant.pk]),
        f"{reverse('journey:add_note', args=[participant.pk])}?corrects={note.pk}",
        reverse("journey:add_job", args=[participant.pk]),
        reverse("journey:end_job", args=[history_job.pk]),
        reverse("journey:exit", args=[participant.pk]),
        reverse("journey:re_engage", args=[participant.pk]),
        reverse("journey:add_goal", args=[participant.pk]),
        reverse("journey:add_step", args=[goal.pk]),
        reverse("journey:complete_step", args=[step.pk]),
        reverse("journey:record_milestone", args=[participant.pk]),
        reverse("journey:add_support", args=[history_job.pk]),
        reverse("journey:add_placement", args=[participant.pk]),
    ]


@pytest.fixture
def urls(world, enrolled_a, history):
    goal = services.add_goal(
        actor=world.user("specialist_a"), participant=enrolled_a, description="Get a CV"
    )
    step = services.add_action_step(
        actor=world.user("specialist_a"), goal=goal, description="Draft", due_on=D(2026, 12, 1)
    )
    return journey_urls(
        enrolled_a, history, Appointment.objects.get(), CaseNote.objects.get(), goal, step
    )


@pytest.mark.parametrize("outsider", ["specialist_b", "team_leader_b", "specialist_a2", "referrer"])
def test_every_journey_page_is_404_outside_the_users_scope(client, world, urls, outsider):
    sign_in(client, world.user(outsider))
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_a_note_of_another_participant_cannot_be_corrected_here(
    client, world, enrolled_a, history, today
):
    other = factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a"),
    )
    note = CaseNote.objects.get()
    sign_in(client, world.user("specialist_a"))
    url = f"{reverse('journey:add_note', args=[other.pk])}?corrects={note.pk}"
    assert client.get(url).status_code == 404


def test_an_auditor_sees_the_timeline_but_cannot_record(client, world, urls):
    sign_in(client, world.user("auditor_a"))
    timeline = client.get(urls[0])
    assert timeline.status_code == 200
    assert "Book an appointment" not in timeline.content.decode()
    for url in urls[1:]:
        assert client.get(url).status_code == 403, url


def test_anonymous_users_are_sent_to_sign_in(client, urls):
    for url in urls:
        assert client.get(url).status_code == 302


def test_the_action_plan_from_goal_to_done_step(client, world, enrolled_a, today):
    sign_in(client, world.user("specialist_a"))
    client.post(reverse("journey:add_goal", args=[enrolled_a.pk]), {"description": "Get a CV"})
    goal = enrolled_a.goals.get()
    add_step = reverse("journey:add_step", args=[goal.pk])
    html = client.post(add_step, {"description": "Draft it"}).content.decode()
    assert ("#due_on-day", "Enter due date") in summary_links(html)
    client.post(
        add_step,
        {
            "description": "Draft it",
            "due_on-day": "20",
            "due_on-month": "11",
            "due_on-year": "2026",
        },
    )
    timeline = reverse("journey:timeline", args=[enrolled_a.pk])
    html = client.get(timeline).content.decode()
    assert "Draft it, due 20 November 2026" in html
    assert "Overdue" in html
    step = goal.steps.get()
    assert client.get(reverse("journey:complete_step", args=[step.pk])).status_code == 405
    client.post(reverse("journey:complete_step", args=[step.pk]))
    html = client.get(timeline).content.decode()
    assert "Overdue" not in html and "Done" in html


def test_a_reached_milestone_is_offered_and_recorded_from_the_timeline(
    client, world, enrolled_a, today
):
    services.record_job_start(
        actor=world.user("specialist_a"),
        participant=enrolled_a,
        employer="Tesco",
        job_title="Cashier",
        employment_type="employed",
        hours_per_week=Decimal("16"),
        hourly_pay=Decimal("12.21"),
        started_on=D(2026, 7, 6),
    )
    sign_in(client, world.user("specialist_a"))
    timeline = reverse("journey:timeline", args=[enrolled_a.pk])
    html = client.get(timeline).content.decode()
    assert "13 weeks in work: reached on 4 October 2026" in html
    assert "26 weeks in work: reached" not in html
    client.post(
        reverse("journey:record_milestone", args=[enrolled_a.pk]),
        {"outcome_key": "sustained_13_weeks"},
    )
    html = client.get(timeline).content.decode()
    assert "Milestone achieved: 13 weeks in work" in html
    assert "Milestones reached" not in html


def test_in_work_support_and_volunteering_from_the_timeline(
    client, world, enrolled_a, history, today
):
    sign_in(client, world.user("specialist_a"))
    support = reverse("journey:add_support", args=[history.pk])
    html = client.post(
        support,
        {
            "contacted_on-day": "1",
            "contacted_on-month": "1",
            "contacted_on-year": "2026",
            "channel": "phone",
            "summary": "Rota check",
        },
    ).content.decode()
    assert ("#contacted_on-day", "In-work support must be given while the job lasted") in (
        summary_links(html)
    )
    client.post(
        support,
        {
            "contacted_on-day": "2",
            "contacted_on-month": "11",
            "contacted_on-year": "2026",
            "channel": "phone",
            "with_employer": "on",
            "summary": "Rota check with the manager",
        },
    )
    client.post(
        reverse("journey:add_placement", args=[enrolled_a.pk]),
        {
            "kind": "volunteering",
            "organisation": "Luton Foodbank",
            "hours_per_week": "6",
            "started_on-day": "1",
            "started_on-month": "10",
            "started_on-year": "2026",
        },
    )
    html = client.get(reverse("journey:timeline", args=[enrolled_a.pk])).content.decode()
    assert "In-work support with the employer" in html
    assert "Rota check with the manager" in html
    assert "Started volunteering at Luton Foodbank" in html
    assert "Not a job outcome" in html


def test_re_engaging_an_exited_participant(client, world, enrolled_a, today):
    participant_services.exit_participant(
        actor=world.user("specialist_a"),
        participant=enrolled_a,
        reason="withdrew",
        on=D(2026, 10, 1),
    )
    sign_in(client, world.user("specialist_a"))
    url = reverse("journey:re_engage", args=[enrolled_a.pk])
    html = client.post(url, {"on-day": "1", "on-month": "9", "on-year": "2026"}).content.decode()
    assert ("#on-day", "The date cannot be before they became exited on 1 October 2026") in (
        summary_links(html)
    )
    client.post(url, {"on-day": "2", "on-month": "11", "on-year": "2026"})
    enrolled_a.refresh_from_db()
    assert (enrolled_a.status, enrolled_a.enrolled_on) == (Status.ENROLLED, D(2026, 11, 2))


# ---- the caseload ---------------------------------------------------------------------------


def fill_caseload(world, count, today):
    specialist = world.user("specialist_a")
    for _ in range(count):
        participant = factories.ParticipantFactory(
            programme=world.programme,
            area=world.area_a,
            responsible_organisation=world.org_a,
            assigned_specialist=specialist,
            status=Status.ENROLLED,
            enrolled_on=D(2026, 1, 12),
        )
        services.book_appointment(
            actor=specialist,
            participant=participant,
            starts_at=at(D(2026, 11, 30)),
            kind="phone",
        )
        goal = services.add_goal(actor=specialist, participant=participant, description="CV")
        services.add_action_step(
            actor=specialist, goal=goal, description="Draft", due_on=D(2026, 11, 1)
        )
        services.record_job_start(
            actor=specialist,
            participant=participant,
            employer="Tesco",
            job_title="Cashier",
            employment_type="employed",
            hours_per_week=Decimal("16"),
            hourly_pay=Decimal("12.21"),
            started_on=D(2026, 8, 31),
        )


def test_the_caseload_shows_next_appointment_overdue_actions_and_milestones_due(
    client, world, today
):
    fill_caseload(world, 1, today)
    sign_in(client, world.user("specialist_a"))
    html = client.get(reverse("participants:caseload")).content.decode()
    assert "30 November 2026 at 10:00" in html
    assert "1 overdue" in html
    assert "13 weeks in work: 29 November 2026" in html


def test_the_caseload_query_count_does_not_grow_with_its_size(
    client, world, today, django_assert_max_num_queries
):
    sign_in(client, world.user("specialist_a"))
    fill_caseload(world, 5, today)
    with CaptureQueriesContext(connection) as five:
        assert client.get(reverse("participants:caseload")).status_code == 200
    fill_caseload(world, 35, today)
    with django_assert_max_num_queries(len(five.captured_queries)):
        html = client.get(reverse("participants:caseload")).content.decode()
    assert html.count("1 overdue") == 40


def test_the_caseload_flags_next_contact_dates_already_past_in_words(client, world, today):
    late, soon = (
        factories.ParticipantFactory(
            programme=world.programme,
            area=world.area_a,
            responsible_organisation=world.org_a,
            assigned_specialist=world.user("specialist_a"),
            next_contact_on=on,
        )
        for on in (today - datetime.timedelta(days=3), today + datetime.timedelta(days=2))
    )
    sign_in(client, world.user("specialist_a"))
    html = client.get(reverse("participants:caseload")).content.decode()
    rows = {
        p: html.split(f"/participants/{p.pk}/", 1)[1].split("</tr>", 1)[0] for p in (late, soon)
    }
    assert "20 November 2026" in rows[late]
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in rows[late]  # words
    assert "Overdue</strong>" not in rows[soon]
    assert "1 person is overdue for contact." in html
