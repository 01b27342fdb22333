"""The public expression-of-interest form and the referral pages, in headless Chromium."""

import datetime

import pytest
from playwright.sync_api import expect

from casework.referrals import services
from casework.referrals.models import Referral
from casework.testing.browser import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_expression_of_interest_on_a_phone(new_page, world):
    page = new_page(viewport={"width": 375, "height": 812})
    page.clock.install()
    page.goto(f"/programmes/{world.programme.slug}/expression-of-interest")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Send").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "interest-errors-phone")


def test_referral_inbox_and_detail_are_accessible(new_page, world):
    services.submit_referral(
        actor=world.user("referrer"),
        programme=world.programme,
        route="health",
        agreement_how="phone",
        first_name="Kim",
        last_name="Lowe",
        date_of_birth=datetime.date(1980, 1, 2),
        email="kim@example.com",
        phone="",
        postcode="LU1 1AA",
        area=world.area_a,
        national_insurance_number="",
        support_needs="Back pain; wants office work.",
    )
    page = new_page(user=world.user("team_leader_a"))
    page.goto("/referrals/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Kim Lowe").click()
    expect(page.get_by_role("heading", name="Referral of Kim Lowe")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "referral-detail")
    page.get_by_role("link", name="Decline this referral").click()
    page.get_by_role("button", name="Decline referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the referral is declined"
    )
    assert axe_violations(page) == []
    # The GOV.UK character count, from the shared textarea macro: counts down as they type.
    count = page.locator(".govuk-character-count__status")
    expect(count).to_have_text("You have 2,000 characters remaining")
    page.get_by_label("Why is the referral of Kim Lowe declined?").fill("Already on Restart")
    expect(count).to_have_text("You have 1,982 characters remaining")
    screenshot(page, "referral-decline-character-count")
    page.get_by_role("button", name="Decline referral").click()
    expect(page.get_by_role("heading", name="Referrals waiting for a decision")).to_be_visible()
    assert Referral.objects.get().status == "declined"


def test_linking_a_referral_to_the_participant_it_turns_out_to_be(new_page, world, participant_a):
    services.submit_referral(
        actor=world.user("referrer"),
        programme=world.programme,
        route="jobcentre_plus",
        agreement_how="in_person",
        first_name=participant_a.first_name,
        last_name=participant_a.last_name,
        date_of_birth=participant_a.date_of_birth,
        email="alice.new@example.com",
        phone="",
        postcode=participant_a.postcode,
        area=world.area_a,
        national_insurance_number="",
        support_needs="",
    )
    page = new_page(user=world.user("specialist_a"))
    page.goto("/referrals/")
    page.get_by_role("link", name="Alice Archer").click()
    expect(page.get_by_label("Email address: alice.new@example.com")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Email address: alice.new@example.com").check()
    screenshot(page, "referral-link-with-details")
    page.get_by_role("button", name="Link this referral to Alice Archer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "now part of Alice Archer's record"
    )
    expect(page.get_by_text("alice.new@example.com")).to_be_visible()
    assert axe_violations(page) == []
