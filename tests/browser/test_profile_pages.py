"""The vocational profile in headless Chromium: a specialist opens it from the participant's
record, fills in the barriers, adds a job (first with its dates the wrong way round) and a
qualification, and reads it all back; axe-core finds no serious or critical violation, on
desktop or phone."""

import datetime

import pytest
from playwright.sync_api import expect

from casework.profiles.models import EmploymentHistoryEntry
from casework.testing.browser import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_specialist_fills_in_a_vocational_profile(new_page, world, participant_a, viewport):
    participant_a.date_of_birth = datetime.date(1985, 4, 2)
    participant_a.save()
    label = "phone" if viewport else "desktop"
    page = new_page(user=world.user("specialist_a"), viewport=viewport)
    page.goto(f"/participants/{participant_a.pk}/")
    page.get_by_role("link", name="Vocational profile").click()
    expect(page.get_by_role("heading", name="Vocational profile")).to_be_visible()
    expect(page.locator("main")).to_contain_text("No jobs recorded yet")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Change barriers").click()
    expect(page.get_by_label("Transport")).to_be_visible()
    page.get_by_label("Transport").check()
    page.get_by_label("Digital skills").check()
    page.get_by_label("A health condition").check()
    page.get_by_label("More about barriers (optional)").fill("Panic attacks on crowded buses")
    assert axe_violations(page) == []
    screenshot(page, f"profile-barriers-{label}")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Vocational profile")).to_be_visible()

    page.get_by_role("link", name="Add a job").click()
    page.get_by_label("Employer").fill("Luton Airport")
    page.get_by_label("Role").fill("Baggage handler")
    page.locator("#started_on-month").fill("6")
    page.locator("#started_on-year").fill("2021")
    page.locator("#ended_on-month").fill("3")
    page.locator("#ended_on-year").fill("2020")
    page.get_by_label("Hours per week (optional)").fill("37.5")
    page.get_by_role("button", name="Add job").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("When they left must be the same as or after they started")
    assert axe_violations(page) == []
    screenshot(page, f"profile-job-errors-{label}")
    summary.get_by_role("link").first.click()
    assert EmploymentHistoryEntry.objects.count() == 0
    page.locator("#ended_on-year").fill("2023")
    page.get_by_label("Reason for leaving (optional)").select_option("redundant")
    page.get_by_role("button", name="Add job").click()
    expect(page.get_by_role("heading", name="Vocational profile")).to_be_visible()

    page.get_by_role("link", name="Add a qualification or course").click()
    page.get_by_label("Qualification or course").fill("GCSE English")
    page.get_by_label("Level", exact=True).select_option("2")
    page.get_by_label("Year achieved (optional)").fill("2001")
    page.get_by_role("button", name="Add qualification").click()
    expect(page.get_by_role("heading", name="Vocational profile")).to_be_visible()

    page.get_by_role("link", name="Change kinds of work wanted").click()
    page.get_by_label("Kinds of work wanted (optional)").fill("Warehouse work")
    page.get_by_label("Hours wanted per week (optional)").fill("16")
    page.get_by_label("Up to 5 miles").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Vocational profile")).to_be_visible()

    main = page.locator("main")
    for text in (
        "Baggage handler at Luton Airport",
        "June 2021",
        "March 2023",
        "Made redundant",
        "GCSE English",
        "Transport",
        "A health condition",
        "Panic attacks on crowded buses",
        "Warehouse work",
        "Up to 5 miles",
    ):
        expect(main).to_contain_text(text)
    assert axe_violations(page) == []
    if viewport:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "the profile scrolls sideways on a phone"
    screenshot(page, f"profile-view-{label}")
