"""Withdrawing a consent in headless Chromium: the Withdraw button beside a consent opens a
confirmation page where the channel must be chosen (none is chosen for them); only its button
withdraws the consent. axe-core finds no serious or critical violation, on desktop or phone."""

import pytest
from playwright.sync_api import expect

from casework.consents import services
from casework.consents.models import ConsentDecision
from casework.participants.models import Status
from casework.testing.browser import axe_violations, screenshot
from casework.testing.registers import publish_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_withdrawing_a_consent_asks_how_first(new_page, world, participant_a, viewport):
    label = "phone" if viewport else "desktop"
    services.give_consent(
        actor=world.user("specialist_a"),
        participant=participant_a,
        purpose="share_with_employer",
        recipient="Tesco Luton",
        channel="face_to_face",
    )
    page = new_page(user=world.user("specialist_a"), viewport=viewport)
    page.goto(f"/participants/{participant_a.pk}/consents")
    expect(page.get_by_role("heading", name="Consents", exact=True)).to_be_visible()
    page.get_by_role("button", name="Withdraw consent: Sharing").click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Withdraw consent to sharing")
    expect(heading).to_contain_text("Tesco Luton")
    group = page.get_by_role("group", name="How did they withdraw it?")
    expect(group.get_by_role("radio")).to_have_count(5)
    for radio in group.get_by_role("radio").all():
        expect(radio).not_to_be_checked()  # no default "Face to face"
    assert axe_violations(page) == []
    screenshot(page, f"consent-withdraw-{label}")
    if viewport:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("button", name="Withdraw consent").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select how the participant withdrew their consent"
    )
    assert axe_violations(page) == []
    assert not ConsentDecision.objects.filter(given=False).exists()

    page.get_by_label("By phone").check()
    page.get_by_role("button", name="Withdraw consent").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Consent withdrawn.")
    expect(page.get_by_text("No consents are in force.")).to_be_visible()
    assert ConsentDecision.objects.get(given=False).channel == "phone"


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_enrolling_without_an_eligibility_decision_is_warned_and_confirmed(
    new_page, world, participant_a, viewport
):
    label = "phone" if viewport else "desktop"
    publish_register(world.programme, "south-midlands.yaml")
    page = new_page(user=world.user("specialist_a"), viewport=viewport)
    page.goto(f"/participants/{participant_a.pk}/enrol")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "No eligibility decision is recorded for Alice Archer"
    )
    expect(page.get_by_role("link", name="record their eligibility")).to_be_visible()
    page.get_by_label("Read through face to face").check()
    page.get_by_role("button", name="Enrol").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Record their eligibility first, or confirm you are enrolling them"
    )
    assert axe_violations(page) == []
    screenshot(page, f"enrol-without-eligibility-{label}")
    if viewport:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("I am enrolling them without an eligibility decision").check()
    page.get_by_role("button", name="Enrol").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Alice Archer is enrolled.")
    participant_a.refresh_from_db()
    assert participant_a.status == Status.ENROLLED
