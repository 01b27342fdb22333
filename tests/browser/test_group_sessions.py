"""Group sessions in headless Chromium: a specialist sets up a job club, books a participant,
and, once the session has started (the clock moved, not waited for), ticks who came on the
sign-in register; the printable register for the venue. axe-core finds no serious or critical
violation on these pages, with or without errors, on desktop or phone."""

import datetime

import pytest
import time_machine
from django.utils import timezone

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
    assert page.get_by_role("heading", name="Group sessions").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Set up a session").click()
    page.get_by_label("Title").fill("Tuesday job club")
    page.get_by_label("Number of places").fill("300")
    page.get_by_role("button", name="Set up session").click()
    summary = page.locator(".govuk-error-summary")
    text = summary.inner_text()
    assert "Select the kind of session" in text
    assert "Enter date of the session" in text
    assert "Enter the start time" in text
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
    assert "The session must end after it starts" in summary.inner_text()
    assert "between 1 and 200" in summary.inner_text()
    summary.get_by_role("link", name="The session must end after it starts").click()
    assert page.evaluate("document.activeElement.id") == "end_time"
    ends = starts + datetime.timedelta(hours=2)
    if ends.date() != starts.date():  # a session just before midnight: an hour less is fine
        ends = starts.replace(hour=23, minute=59)
    page.get_by_label("End time").fill(f"{ends:%H:%M}")
    page.get_by_label("Number of places").fill("8")
    page.get_by_role("button", name="Set up session").click()
    assert page.get_by_role("heading", name="Tuesday job club").is_visible()
    assert "0 of 8 booked" in page.locator(".govuk-summary-list").inner_text()

    page.get_by_role("link", name="Book a participant").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Book").click()
    assert "Select a participant to book" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Participant").select_option(str(enrolled.pk))
    page.get_by_role("button", name="Book").click()
    assert "Alice Archer is booked." in page.locator(".govuk-notification-banner").inner_text()
    assert "1 of 8 booked" in page.locator(".govuk-summary-list").inner_text()
    assert "Alice Archer" in page.locator("table").inner_text()
    screenshot(page, f"groupwork-session-{label}")
    assert axe_violations(page) == []
    assert fits(page)

    page.get_by_role("link", name="Sign-in register").click()
    assert "The register opens when the session starts" in page.locator("main").inner_text()
    page.go_back()
    page.get_by_role("link", name="Print the register").click()
    page.emulate_media(media="print")
    assert not page.locator(".govuk-service-navigation").is_visible()
    assert "Alice Archer" in page.locator("table").inner_text()
    screenshot(page, f"groupwork-register-print-{label}")
    page.emulate_media(media="screen")
    assert axe_violations(page) == []

    with time_machine.travel(starts + datetime.timedelta(minutes=5), tick=True):
        page.goto(f"/group-sessions/{GroupBooking.objects.get().session_id}/register")
        assert axe_violations(page) == []
        page.get_by_label("Alice Archer").check()
        screenshot(page, f"groupwork-register-{label}")
        assert fits(page)
        page.get_by_role("button", name="Save the register").click()
        assert (
            "The register has been saved."
            in page.locator(".govuk-notification-banner").inner_text()
        )
        assert "Attended" in page.locator("table").inner_text()
    assert GroupBooking.objects.get().status == BookingStatus.ATTENDED

    page.goto(f"/participants/{enrolled.pk}/")
    page.get_by_role("link", name="Group sessions", exact=True).last.click()
    assert "Tuesday job club" in page.locator("table").inner_text()
    assert axe_violations(page) == []
