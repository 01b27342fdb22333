"""Group sessions in headless Chromium: a specialist sets up a job club, books a participant,
and, once the session has started (the clock moved, not waited for), ticks who came on the
sign-in register; the printable register for the venue. axe-core finds no serious or critical
violation on these pages, with or without errors, on desktop or phone."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from casework.groupwork.models import BookingStatus, GroupBooking
from casework.participants.models import Status
from casework.testing.browser import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def enrolled(participant_a):
    participant_a.status = Status.ENROLLED
    participant_a.referred_on = timezone.localdate() - datetime.timedelta(days=60)
    participant_a.enrolled_on = timezone.localdate() - datetime.timedelta(days=50)
    participant_a.save()
    return participant_a


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def morning():
    """A Tuesday morning, so the session set up below starts and ends on the same day whatever
    time the suite runs."""
    with time_machine.travel(datetime.datetime(2026, 11, 24, 10, 0, tzinfo=datetime.UTC)):
        yield


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_specialist_runs_a_job_club_with_its_register(
    morning, new_page, world, enrolled, viewport
):
    label = "phone" if viewport else "desktop"
    # Starts a quarter of an hour from now (whole minutes), so the clock moves only a little.
    now = timezone.localtime()
    starts = (now + datetime.timedelta(minutes=15)).replace(second=0, microsecond=0)
    page = new_page(user=world.user("specialist_a"), viewport=viewport)

    page.goto("/group-sessions")
    expect(page.get_by_role("heading", name="Group sessions")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Set up a session").click()
    expect(page.get_by_label("Title")).to_be_visible()
    page.get_by_label("Title").fill("Tuesday job club")
    page.get_by_label("Number of places").fill("300")
    page.get_by_role("button", name="Set up session").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the kind of session")
    expect(summary).to_contain_text("Enter date of the session")
    expect(summary).to_contain_text("Enter the start time")
    screenshot(page, f"groupwork-new-errors-{label}")
    assert axe_violations(page) == []
    assert fits(page)

    page.get_by_label("Job club").check()
    page.locator("#date-day").fill(str(starts.day))
    page.locator("#date-month").fill(str(starts.month))
    page.locator("#date-year").fill(str(starts.year))
    page.get_by_label("Start time").fill(f"{starts:%H:%M}")
    page.get_by_label("End time").fill(f"{starts:%H:%M}")
    page.get_by_label("Where (if not online)").fill("Luton Central Library, room 2")
    page.get_by_role("button", name="Set up session").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The session must end after it starts")
    expect(summary).to_contain_text("between 1 and 200")
    summary.get_by_role("link", name="The session must end after it starts").click()
    expect(page.locator("#end_time")).to_be_focused()
    ends = starts + datetime.timedelta(hours=2)
    if ends.date() != starts.date():  # a session just before midnight: an hour less is fine
        ends = starts.replace(hour=23, minute=59)
    page.get_by_label("End time").fill(f"{ends:%H:%M}")
    page.get_by_label("Number of places").fill("8")
    page.get_by_role("button", name="Set up session").click()
    expect(page.get_by_role("heading", name="Tuesday job club")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("0 of 8 booked")

    page.get_by_role("link", name="Book a participant").click()
    expect(page.get_by_role("button", name="Book")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Book").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a participant to book")
    assert axe_violations(page) == []
    page.get_by_label("Participant").select_option(str(enrolled.pk))
    page.get_by_role("button", name="Book").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Alice Archer is booked.")
    expect(page.locator(".govuk-summary-list")).to_contain_text("1 of 8 booked")
    expect(page.locator("table")).to_contain_text("Alice Archer")
    screenshot(page, f"groupwork-session-{label}")
    assert axe_violations(page) == []
    assert fits(page)

    page.get_by_role("link", name="Sign-in register").click()
    expect(page.locator("main")).to_contain_text("The register opens when the session starts")
    page.go_back()
    expect(page.get_by_role("heading", name="Tuesday job club")).to_be_visible()
    page.get_by_role("link", name="Print the register").click()
    expect(page.get_by_role("heading", name="Sign-in register")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    expect(page.locator("table")).to_contain_text("Alice Archer")
    screenshot(page, f"groupwork-register-print-{label}")
    page.emulate_media(media="screen")
    assert axe_violations(page) == []

    with time_machine.travel(starts + datetime.timedelta(minutes=5), tick=True):
        page.goto(f"/group-sessions/{GroupBooking.objects.get().session_id}/register")
        expect(page.get_by_label("Alice Archer")).to_be_visible()
        assert axe_violations(page) == []
        page.get_by_label("Alice Archer").check()
        screenshot(page, f"groupwork-register-{label}")
        assert fits(page)
        page.get_by_role("button", name="Save the register").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "The register has been saved."
        )
        expect(page.locator("table")).to_contain_text("Attended")
    assert GroupBooking.objects.get().status == BookingStatus.ATTENDED

    page.goto(f"/participants/{enrolled.pk}/")
    page.get_by_role("link", name="Group sessions", exact=True).last.click()
    expect(page.locator("table")).to_contain_text("Tuesday job club")
    assert axe_violations(page) == []
