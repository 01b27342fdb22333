"""A person finds the programme from `/` on their phone (and on a desktop): the list of
programmes, the programme's start page, its privacy notice (which links the form), the form, and
the confirmation with a reference and who will contact them. Public pages carry the programme's
name and no staff menu; axe-core finds no serious or critical violation on any of them."""

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from casework.referrals.models import Referral
from casework.testing.browser import axe_violations, screenshot
from casework.testing.registers import publish_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
MORNING = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def checked(page, name: str, viewport) -> None:
    assert axe_violations(page) == [], name
    expect(page.get_by_role("navigation", name="Main menu")).to_have_count(0)
    if viewport:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    screenshot(page, f"public-{name}-{'phone' if viewport else 'desktop'}")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_person_finds_the_programme_and_asks_to_join(new_page, world, viewport):
    publish_register(world.programme, "south-midlands.yaml")
    with time_machine.travel(MORNING, tick=True) as clock:
        page = new_page(viewport=viewport)
        page.goto("/")
        expect(page.get_by_role("heading", name="Employment support programmes")).to_be_visible()
        expect(page.get_by_role("link", name="Sign in to Casework")).to_be_visible()
        checked(page, "home", viewport)

        page.get_by_role("link", name="Test Connect to Work").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Test Connect to Work")
        checked(page, "start", viewport)

        page.get_by_role("link", name="Read the privacy notice").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
        expect(page.locator("header")).to_contain_text("Test Connect to Work")
        checked(page, "notice", viewport)
        page.get_by_role("link", name="Ask to join the programme").click()
        expect(page.get_by_role("heading", name="Ask to join the programme")).to_be_visible()
        expect(page.locator("header")).to_contain_text("Test Connect to Work")
        checked(page, "interest", viewport)

        page.get_by_label("First name").fill("Sam")
        page.get_by_label("Last name").fill("Rivers")
        page.locator("#date_of_birth-day").fill("4")
        page.locator("#date_of_birth-month").fill("5")
        page.locator("#date_of_birth-year").fill("1992")
        page.get_by_label("Phone number (optional)").fill("07700 900123")
        page.get_by_label("Postcode").fill("LU1 3HZ")
        page.get_by_label("Which council area do you live in?").select_option(label="Luton")
        page.get_by_label("I have read how my information will be used").check()
        clock.shift(datetime.timedelta(minutes=2))
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_role("heading", name="We have your details")).to_be_visible()
        reference = Referral.objects.get(last_name="Rivers").reference
        expect(page.locator(".govuk-panel")).to_contain_text(reference)
        expect(page.locator("main")).to_contain_text(
            "Someone from Partner A Council will contact you by phone"
        )
        checked(page, "interest-sent", viewport)
