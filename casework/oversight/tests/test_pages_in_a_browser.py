"""The audit pages in a real browser (Debian's Chromium): no accessibility violations found by
axe-core, on a desktop and a phone-sized screen, and they work without JavaScript."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from casework.audit.models import Action, Alert
from casework.audit.services import record_event
from casework.oversight.services import raise_alerts
from casework.testing import factories
from casework.testing.auth import authenticator_app
from casework.testing.browser import axe_violations, sign_in_through_the_page

# Every impact, not only serious and critical: these pages were written to pass them all.
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


@pytest.fixture
def scene(world):
    """A participant opened by a colleague of their specialist, and the alert that raised."""
    participant = factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a"),
    )
    # In working hours, so the one alert is about the caseload (not also "out of hours").
    now = datetime.datetime(2026, 11, 23, 11, 0, tzinfo=datetime.UTC)  # a Monday
    with time_machine.travel(now, tick=False):
        record_event(
            actor=world.user("specialist_a2"),
            action=Action.PARTICIPANT_READ,
            participant=participant,
            purpose="case_management",
        )
        raise_alerts(
            since=now - datetime.timedelta(hours=1), until=now + datetime.timedelta(hours=1)
        )
    authenticator_app(world.user("dpo"))
    return participant, Alert.objects.get(), world.user("dpo")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [(1280, 900), (360, 740)], ids=["desktop", "phone"])
def test_audit_pages_work_without_javascript_and_pass_axe(live_server, scene, browser, viewport):
    participant, alert, dpo = scene
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": viewport[0], "height": viewport[1]}
    )
    page = context.new_page()
    sign_in_through_the_page(page, live_server.url, dpo, factories.PASSWORD)
    pages = {
        "access history": reverse("audit:access-history", args=[participant.pk]),
        "alerts": reverse("audit:alerts"),
        "review": reverse("audit:review-alert", args=[alert.pk]),
        "report": reverse("audit:report"),
    }
    for name, path in pages.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, name
        assert page.locator("h1").count() == 1, name
    page.goto(live_server.url + pages["review"])
    page.locator("input[value=no_concern]").check()
    page.locator("text=Save review").click()
    expect(page).to_have_url(re.compile(re.escape(pages["alerts"]) + "$"))
    expect(page.locator("main")).to_contain_text("Reviewed")
    context.close()
    found = {}
    # axe needs JavaScript (injected past the CSP): check again with it enabled.
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, bypass_csp=True
    )
    page = context.new_page()
    sign_in_through_the_page(page, live_server.url, dpo, factories.PASSWORD)
    for name, path in pages.items():
        page.goto(live_server.url + path)
        found[name] = axe_violations(page, impacts=ALL_IMPACTS)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport[0], f"{name} scrolls sideways at {viewport[0]}px"
    context.close()
    assert found == dict.fromkeys(pages, [])
