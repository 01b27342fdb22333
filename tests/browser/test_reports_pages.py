"""The management information page in headless Chromium: a programme manager opens it from the
navigation, reads the charts and tables, gets a wrong period explained and chooses another;
axe-core finds no serious or critical violation, on desktop or on a phone, where nothing is wider
than the screen."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from casework.reports.tests.conftest import built, today  # noqa: F401  (fixtures)
from casework.testing.browser import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def fill_date(page, prefix: str, day: int, month: int, year: int) -> None:
    page.locator(f"#{prefix}-day").fill(str(day))
    page.locator(f"#{prefix}-month").fill(str(month))
    page.locator(f"#{prefix}-year").fill(str(year))


def assert_fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for box in page.locator("svg.casework-chart__svg").all():
        assert box.bounding_box()["width"] <= width


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_programme_manager_reads_the_figures_by_partner(new_page, world, built, viewport):  # noqa: F811
    label = "phone" if viewport else "desktop"
    page = new_page(user=world.user("manager"), viewport=viewport)
    page.goto(reverse("participants:caseload"))
    if viewport:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Reports").click()
    expect(page).to_have_url(re.compile(r"/reports/partners/$"))
    expect(
        page.get_by_role("heading", name="Starts and outcomes by delivery partner")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="1 April 2025 to 23 November 2026")).to_be_visible()
    chart = page.get_by_role("img", name="Starts and job starts by delivery partner")
    expect(chart).to_be_visible()
    expect(page.locator("#chart-starts-desc")).to_contain_text(
        "Partner A Council: 2 starts, 1 job starts"
    )
    expect(page.locator("#partner-table")).to_contain_text("Partner B Council")
    assert axe_violations(page) == []
    screenshot(page, f"reports-partners-{label}")
    if viewport:
        assert_fits(page, viewport["width"])

    fill_date(page, "start", 1, 5, 2026)
    fill_date(page, "end", 1, 4, 2026)
    page.get_by_role("button", name="Show the figures").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The end of the period must be on or after its start")
    assert axe_violations(page) == []
    screenshot(page, f"reports-partners-errors-{label}")
    summary.get_by_role("link", name="The end of the period must be on or after its start").click()
    expect(page.locator("#end-day")).to_be_focused()

    fill_date(page, "start", 1, 3, 2026)
    fill_date(page, "end", 31, 3, 2026)
    page.get_by_label("Monthly figures for").select_option(label="Partner A Council")
    page.get_by_role("button", name="Show the figures").click()
    expect(page.get_by_role("heading", name="1 March 2026 to 31 March 2026")).to_be_visible()
    expect(page.get_by_role("heading", name="By month: Partner A Council")).to_be_visible()
    months = page.locator("#month-table")
    expect(months).to_contain_text("March 2026")
    expect(months).not_to_contain_text("February 2026")
    assert axe_violations(page) == []
    if viewport:
        assert_fits(page, viewport["width"])
