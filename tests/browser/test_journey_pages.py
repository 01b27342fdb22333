"""The journey pages in headless Chromium: a specialist books an appointment, writes a note,
records a job and an exit, and reads it all back on the timeline; axe-core finds no serious or
critical violation on any of these pages, with or without errors, on desktop or phone."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from casework.participants.models import Status
from casework.testing.browser import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def fill_date(page, prefix: str, day: datetime.date) -> None:
    page.locator(f"#{prefix}-day").fill(str(day.day))
    page.locator(f"#{prefix}-month").fill(str(day.month))
    page.locator(f"#{prefix}-year").fill(str(day.year))


@pytest.fixture(autouse=True)
def working_day():
    """A Tuesday morning, whatever time the suite runs (dates typed here are days from today)."""
    with time_machine.travel(datetime.datetime(2026, 11, 24, 10, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def enrolled(participant_a):
    participant_a.status = Status.ENROLLED
    participant_a.referred_on = timezone.localdate() - datetime.timedelta(days=60)
    participant_a.enrolled_on = timezone.localdate() - datetime.timedelta(days=50)
    participant_a.save()
    return participant_a


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_specialist_records_the_days_work(new_page, world, enrolled, viewport):
    today = timezone.localdate()
    page = new_page(user=world.user("specialist_a"), viewport=viewport)
    label = "phone" if viewport else "desktop"
    page.goto(f"/participants/{enrolled.pk}/")
    page.get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Book an appointment").click()
    page.get_by_role("button", name="Book appointment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter date of the appointment")
    expect(summary).to_contain_text("Select the kind of appointment")
    screenshot(page, f"journey-appointment-errors-{label}")
    assert axe_violations(page) == []
    summary.get_by_role("link", name="Enter the time").click()
    expect(page.locator("#time")).to_be_focused()
    fill_date(page, "date", today + datetime.timedelta(days=3))
    page.get_by_label("Time").fill("10:30")
    page.get_by_label("Phone").check()
    page.get_by_role("button", name="Book appointment").click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()

    page.get_by_role("link", name="Add a case note").click()
    expect(page.get_by_label("Note", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Note", exact=True).fill("Talked about warehouse work.\nWill bring a CV.")
    page.get_by_label("This note contains information about someone else").check()
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()

    page.get_by_role("link", name="Record a job start").click()
    page.get_by_label("Employer").fill("Riverside Logistics")
    page.get_by_label("Job title").fill("Warehouse operative")
    page.get_by_label("Employed", exact=True).check()
    page.get_by_label("Hours per week").fill("90")
    page.get_by_label("Hourly pay").fill("12.60")
    fill_date(page, "started_on", today - datetime.timedelta(days=7))
    page.get_by_role("button", name="Save job start").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("no more than 80")
    assert axe_violations(page) == []
    page.get_by_label("Hours per week").fill("30")
    page.get_by_role("button", name="Save job start").click()

    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    timeline = page.locator(".casework-timeline")
    expect(timeline).to_contain_text("Started work: Warehouse operative at Riverside Logistics")
    expect(timeline).to_contain_text("Contains third-party information")
    expect(timeline).not_to_contain_text("Phone appointment")  # it is ahead: coming up
    expect(page.locator(".casework-coming-up")).to_contain_text("Phone appointment")
    expect(timeline).to_contain_text("Moved into work")
    screenshot(page, f"journey-timeline-{label}")
    assert axe_violations(page) == []
    if viewport:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto("/")
    row = page.get_by_role("row").filter(has_text="Alice Archer")
    expect(row).to_contain_text("at 10:30")
    screenshot(page, f"journey-caseload-{label}")
    assert axe_violations(page) == []
    if viewport:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_recording_an_exit_and_attendance(new_page, world, enrolled):
    from casework.journey import services

    appointment = services.book_appointment(
        actor=world.user("specialist_a"),
        participant=enrolled,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        kind="in_person",
    )
    page = new_page(user=world.user("specialist_a"))
    page.goto(f"/participants/{enrolled.pk}/timeline")
    page.get_by_role("link", name="Record attendance").click()
    expect(page.get_by_label("Did not attend")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Did not attend").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".casework-timeline")).to_contain_text("Did not attend")
    appointment.refresh_from_db()
    assert appointment.attendance == "did_not_attend"

    page.get_by_role("link", name="Record that they have left").click()
    page.get_by_role("button", name="Record exit").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select why they are leaving")
    assert axe_violations(page) == []
    page.get_by_label("Moved away from the area").check()
    fill_date(page, "on", timezone.localdate())
    page.get_by_role("button", name="Record exit").click()
    timeline = page.locator(".casework-timeline")
    expect(timeline).to_contain_text("Exited")
    expect(timeline).to_contain_text("Moved away from the area")
    expect(page.get_by_role("link", name="Book an appointment")).to_have_count(0)
