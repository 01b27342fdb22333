"""The privacy notice in a real browser (Debian's Chromium through Playwright): no axe-core
violations (WCAG 2.2 AA rules), usable on a phone, and the print stylesheet hides navigation."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from casework.testing.auth import sign_in
from casework.testing.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("CASEWORK_SCREENSHOTS")  # a folder, to look at the pages


@pytest.fixture
def notices(live_server):
    """Loads the programmes before Playwright starts its event loop (the ORM refuses to run
    inside one)."""
    for slug in ("local-london", "kent-and-medway", "sefton-at-work"):
        call_command(
            "programme", "load", str(Path(settings.BASE_DIR) / "programmes" / f"{slug}.yaml")
        )
    return live_server.url


@pytest.mark.parametrize(
    ("slug", "heading"),
    [
        ("local-london", "Privacy policy"),  # each title is the programme's own
        ("kent-and-medway", "Privacy notice"),
        ("sefton-at-work", "Client privacy policy"),
    ],
)
def test_the_notice_has_no_accessibility_violations(notices, browser, slug, heading):
    for width, height, name in ((1280, 900, "desktop"), (375, 740, "phone")):
        page = browser.new_page(viewport={"width": width, "height": height}, bypass_csp=True)
        page.goto(f"{notices}/programmes/{slug}/privacy-notice")
        expect(page.locator("h1")).to_have_text(heading)
        violations = axe_violations(page)
        assert violations == [], json.dumps(violations, indent=1)
        # Nothing wider than the phone screen except inside the scrollable table regions.
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/{slug}-notice-{name}.png", full_page=True)
        page.close()


def test_the_print_version_hides_navigation(notices, browser):
    page = browser.new_page()
    page.goto(f"{notices}/programmes/kent-and-medway/privacy-notice")
    expect(page.locator(".casework-contents")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".casework-contents")).to_be_hidden()
    expect(page.locator("header.govuk-template__header")).to_be_hidden()
    expect(page.locator("#rights")).to_be_visible()


def test_the_versions_page_has_no_accessibility_violations(notices, browser):
    page = browser.new_page(bypass_csp=True)
    page.goto(f"{notices}/programmes/local-london/privacy-notice/versions")
    expect(page.locator("h1")).to_have_text("Versions of the privacy notice")
    assert axe_violations(page) == []


@pytest.fixture
def dpo_session(notices):
    """A signed-in Kent DPO and two participants (made before Playwright starts)."""
    from django.test import Client

    from casework.programmes.models import Area, Organisation, Programme
    from casework.staff.models import Role
    from casework.testing import factories

    programme = Programme.objects.get(slug="kent-and-medway")
    kcc = Organisation.objects.get(name="Kent County Council")
    dpo = factories.StaffUserFactory(organisation=kcc)
    factories.MembershipFactory(user=dpo, programme=programme, role=Role.DATA_PROTECTION_OFFICER)
    for email in ("ada@example.com", ""):
        factories.ParticipantFactory(
            programme=programme,
            area=Area.objects.get(code="E10000016"),
            responsible_organisation=kcc,
            email=email,
        )
    client = Client()
    sign_in(client, dpo)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_who_to_tell_has_no_accessibility_violations(dpo_session, notices, browser):
    context = browser.new_context(bypass_csp=True)
    host = notices.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": dpo_session, "domain": host, "path": "/"}]
    )
    page = context.new_page()
    page.goto(f"{notices}/programmes/kent-and-medway/register/who-to-tell")
    expect(page.locator("main")).to_contain_text("2 participants must be told")
    letter = page.locator("details", has_text="Show the email")
    expect(letter.get_by_text("We have no record of giving you")).to_be_hidden()
    letter.locator("summary").click()  # works without JavaScript: a native <details>
    expect(letter.get_by_text("We have no record of giving you our privacy notice")).to_be_visible()
    assert axe_violations(page) == []
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/who-to-tell.png", full_page=True)
    context.close()
