"""The staff pages in headless Chromium: they render, they work on a phone, axe-core finds no
serious or critical accessibility violation, and the time-out warning appears and works."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.testing.auth import authenticator_app, current_code
from casework.testing.browser import axe_violations, screenshot
from casework.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def test_sign_in_page_signs_in_and_is_accessible(new_page, world):
    device = authenticator_app(world.user("specialist_a"))  # their app is already set up
    page = new_page()
    page.goto("/sign-in")
    assert axe_violations(page) == []
    page.get_by_label("Email address").fill(world.user("specialist_a").email)
    page.get_by_label("Password").first.fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # The second factor: the code the user's authenticator app shows now.
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    assert axe_violations(page) == []
    page.locator("#token").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()


def test_sign_in_errors_are_announced_in_the_error_summary(new_page, world):
    page = new_page()
    page.goto("/sign-in")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter your email address")
    assert axe_violations(page) == []


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_caseload_renders_my_participants(new_page, world, participant_a, participant_b, viewport):
    participant_a.next_contact_on = timezone.localdate() - datetime.timedelta(days=2)
    participant_a.save()
    page = new_page(user=world.user("specialist_a"), viewport=viewport)
    page.goto("/")
    expect(page.get_by_role("link", name="Alice Archer")).to_be_visible()
    # A next contact already past is flagged in words, not by colour alone.
    row = page.get_by_role("row").filter(has_text="Alice Archer")
    expect(row.get_by_text("Overdue", exact=True)).to_be_visible()
    expect(page.get_by_text("1 person is overdue for contact.")).to_be_visible()
    expect(page.get_by_text("Bob Baker")).to_have_count(0)
    screenshot(page, f"caseload-{'phone' if viewport else 'desktop'}")
    if viewport:  # no sideways scrolling on a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []


def test_detail_and_edit_pages_are_accessible_and_edit_shows_errors(new_page, world, participant_a):
    page = new_page(user=world.user("specialist_a"))
    page.goto(f"/participants/{participant_a.pk}/")
    expect(page.get_by_role("heading", name="Alice Archer")).to_be_visible()
    screenshot(page, "detail")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Change full name").click()
    expect(page.get_by_label("Postcode")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Postcode").fill("NOT A POSTCODE")
    page.get_by_label("Year").first.fill("2099")
    page.get_by_role("button", name="Save changes").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a real UK postcode")
    screenshot(page, "edit-with-errors")
    assert axe_violations(page) == []
    # The summary's link takes the keyboard to the field.
    summary.get_by_role("link", name="Enter a real UK postcode, like MK9 3EJ").click()
    expect(page.locator("#postcode")).to_be_focused()


def test_add_participant_from_the_caseload(new_page, world):
    page = new_page(user=world.user("specialist_a"))
    page.goto("/")
    page.get_by_role("button", name="Add a participant").click()
    expect(page.get_by_label("First name")).to_be_visible()
    page.get_by_label("First name").fill("Dana")
    page.get_by_label("Last name").fill("Cole")
    page.get_by_label("Day").first.fill("3")
    page.get_by_label("Month").first.fill("4")
    page.get_by_label("Year").first.fill("1988")
    page.get_by_role("group", name="Gender").get_by_label("Prefers not to say").check()
    page.get_by_label("Address line 1").fill("5 Hill Road")
    page.get_by_label("Town or city").fill("Luton")
    page.get_by_label("Postcode").fill("lu1 1aa")
    page.get_by_label("Area").select_option(label="Luton")
    page.get_by_role("button", name="Add participant").click()
    expect(page.get_by_role("heading", name="Dana Cole")).to_be_visible()
    expect(page.get_by_text("LU1 1AA")).to_be_visible()


def test_time_out_warning_offers_to_stay_signed_in(new_page, world, participant_a):
    page = new_page(user=world.user("specialist_a"))
    page.clock.install()
    page.goto("/")
    dialog = page.get_by_role("dialog", name="You're about to be signed out")
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    expect(dialog).to_be_hidden()
    page.clock.fast_forward("28:01")
    expect(dialog).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "timeout-warning")
    with page.expect_response("**/session/keep-alive") as response:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert response.value.status == 204
    expect(dialog).to_be_hidden()
