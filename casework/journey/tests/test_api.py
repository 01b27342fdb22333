"""The journey API: the same rules as the pages, as JSON, scoped the same way."""

import datetime

import pytest
from django.urls import reverse

from casework.journey import services
from casework.journey.models import Appointment, CaseNote, Job
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_appointments_booked_listed_and_attendance_recorded(client, world, enrolled_a, today):
    sign_in(client, world.user("specialist_a"))
    url = reverse("api:participant-appointments", args=[enrolled_a.pk])
    created = post(client, url, {"starts_at": "2026-11-20T10:00:00Z", "kind": "phone"})
    assert created.status_code == 201, created.json()
    assert client.get(url).json()[0]["kind"] == "phone"
    detail = reverse("api:appointment", args=[created.json()["id"]])
    changed = client.patch(detail, {"attendance": "attended"}, content_type="application/json")
    assert changed.json()["attendance"] == "attended"
    refused = post(client, url, {"starts_at": "2026-01-02T10:00:00Z", "kind": "phone"})
    assert refused.status_code == 400
    assert "before the referral date" in refused.json()["starts_at"][0]


def test_notes_are_added_corrected_and_never_changed(client, world, enrolled_a, today):
    sign_in(client, world.user("specialist_a"))
    url = reverse("api:participant-notes", args=[enrolled_a.pk])
    first = post(client, url, {"text": "Met today", "contains_third_party_information": True})
    assert first.status_code == 201
    second = post(client, url, {"text": "Met yesterday", "corrects": first.json()["id"]})
    assert second.json()["corrects"] == first.json()["id"]
    assert second.json()["author"] == world.user("specialist_a").email
    detail = reverse("api:note", args=[first.json()["id"]])
    assert client.patch(detail, {"text": "x"}, content_type="application/json").status_code == 405
    assert client.delete(detail).status_code == 405
    assert CaseNote.objects.get(pk=first.json()["id"]).text == "Met today"


def test_jobs_end_and_milestones_are_recorded_with_evidence(client, world, enrolled_a, today):
    sign_in(client, world.user("specialist_a"))
    jobs = reverse("api:participant-jobs", args=[enrolled_a.pk])
    job = post(
        client,
        jobs,
        {
            "employer": "Tesco",
            "job_title": "Cashier",
            "employment_type": "apprenticeship",
            "hours_per_week": "30",
            "hourly_pay": "7.55",
            "started_on": "2026-03-02",
        },
    )
    assert job.status_code == 201, job.json()
    bad = post(
        client,
        reverse("api:job-end", args=[job.json()["id"]]),
        {"ended_on": "2026-01-01", "end_reason": "resigned"},
    )
    assert bad.status_code == 400
    assert "ended_on" in bad.json()
    ended = post(
        client,
        reverse("api:job-end", args=[job.json()["id"]]),
        {"ended_on": "2026-07-31", "end_reason": "contract_ended"},
    )
    assert ended.json()["ended_on"] == "2026-07-31"
    milestones = reverse("api:participant-milestones", args=[enrolled_a.pk])
    recorded = post(client, milestones, {"outcome_key": "sustained_13_weeks"})
    assert recorded.status_code == 201, recorded.json()
    assert recorded.json()["achieved_on"] == "2026-05-31"
    assert recorded.json()["jobs"] == [job.json()["id"]]
    too_soon = post(client, milestones, {"outcome_key": "sustained_26_weeks"})
    assert too_soon.status_code == 400
    assert "do not yet reach" in too_soon.json()["outcome_key"][0]


def test_out_of_range_pay_is_refused_on_its_field(client, world, enrolled_a, today):
    sign_in(client, world.user("specialist_a"))
    response = post(
        client,
        reverse("api:participant-jobs", args=[enrolled_a.pk]),
        {
            "employer": "Tesco",
            "job_title": "Cashier",
            "employment_type": "employed",
            "hours_per_week": "30",
            "hourly_pay": "250",
            "started_on": "2026-03-02",
        },
    )
    assert response.status_code == 400
    assert response.json()["hourly_pay"] == ["Hourly pay must be between £0.01 and £200.00"]
    assert not Job.objects.exists()


@pytest.fixture
def records(world, enrolled_a, today, client):
    from casework.journey.tests.test_pages import at

    specialist = world.user("specialist_a")
    appointment = services.book_appointment(
        actor=specialist,
        participant=enrolled_a,
        starts_at=at(datetime.date(2026, 11, 2)),
        kind="phone",
    )
    note = services.add_case_note(actor=specialist, participant=enrolled_a, text="Private")
    job = Job.objects.create(
        participant=enrolled_a,
        employer="X",
        job_title="Y",
        employment_type="employed",
        hours_per_week=10,
        hourly_pay=12,
        started_on=datetime.date(2026, 3, 1),
    )
    pid = enrolled_a.pk
    return [
        reverse("api:participant-appointments", args=[pid]),
        reverse("api:participant-notes", args=[pid]),
        reverse("api:participant-jobs", args=[pid]),
        reverse("api:participant-milestones", args=[pid]),
        reverse("api:appointment", args=[appointment.pk]),
        reverse("api:note", args=[note.pk]),
        reverse("api:job", args=[job.pk]),
        reverse("api:job-end", args=[job.pk]),
    ]


@pytest.mark.parametrize("outsider", ["specialist_b", "team_leader_b", "specialist_a2", "referrer"])
def test_every_journey_endpoint_is_404_outside_the_users_scope(client, world, records, outsider):
    sign_in(client, world.user(outsider))
    for url in records:
        method = client.post if url.endswith("/end") else client.get
        assert method(url).status_code == 404, url
        assert post(client, url, {}).status_code in (404, 405), url
    assert Appointment.objects.count() == 1


def test_an_auditor_reads_but_cannot_write(client, world, records):
    sign_in(client, world.user("auditor_a"))
    assert client.get(records[0]).status_code == 200
    refused = post(client, records[1], {"text": "x"})
    assert refused.status_code == 403


def test_the_journey_endpoints_are_in_the_openapi_schema(client, world):
    sign_in(client, world.user("specialist_a"))
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    for path in (
        "/api/participants/{participant_id}/appointments/",
        "/api/participants/{participant_id}/notes/",
        "/api/participants/{participant_id}/jobs/",
        "/api/participants/{participant_id}/milestones/",
        "/api/appointments/{appointment_id}/",
        "/api/jobs/{job_id}/end",
    ):
        assert path in schema["paths"], path
