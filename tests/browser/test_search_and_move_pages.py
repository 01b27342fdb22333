"""Search without the words in the address, and moving a participant to another area, in
headless Chromium (issue 9.3 and 9.5)."""

import pytest
from playwright.sync_api import expect

from casework.testing.browser import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_search_keeps_the_words_out_of_the_address_bar(new_page, world, participant_a):
    page = new_page(user=world.user("specialist_a"), viewport={"width": 375, "height": 812})
    page.goto("/participants/search")
    nino = participant_a.national_insurance_number
    page.get_by_label("Name, National Insurance number or date of birth").fill(nino)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Alice Archer")).to_be_visible()
    expect(page.get_by_label("Name, National Insurance number or date of birth")).to_have_value(
        nino
    )
    assert nino not in page.url and "Archer" not in page.url
    assert page.url.split("/participants/search/", 1)[1]
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "search-results-phone")


def test_a_team_leader_moves_a_participant_to_another_area(new_page, world, participant_a):
    page = new_page(user=world.user("team_leader_a"))
    page.goto(f"/participants/{participant_a.pk}/")
    page.get_by_role("link", name="Move to another area").click()
    expect(page.get_by_role("heading", name="Move Alice Archer to another area")).to_be_visible()
    page.get_by_role("button", name="Move them").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why they are moving")
    assert axe_violations(page) == []
    screenshot(page, "move-errors")
    page.get_by_label("Which area are they moving to?").select_option(label="Milton Keynes")
    page.get_by_label("Which organisation will support them there?").select_option(
        label="Partner B Council"
    )
    page.get_by_label("Why are they moving?").fill("Moved house to Milton Keynes")
    page.get_by_role("button", name="Move them").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has moved to Milton")
    participant_a.refresh_from_db()
    assert participant_a.area == world.area_b
