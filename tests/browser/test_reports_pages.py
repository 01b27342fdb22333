"""The management information page in headless Chromium: a programme manager opens it from the
navigation, reads the charts and tables, gets a wrong period explained and chooses another;
axe-core finds no serious or critical violation, on desktop or on a phone, where nothing is wider
than the screen."""

import pytest
from django.urls import reverse

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
    page.wait_for_url("**/reports/partners/")
    assert page.get_by_role("heading", name="Starts and outcomes by delivery partner").is_visible()
    assert page.get_by_role("heading", name="1 April 2025 to 23 November 2026").is_visible()
    chart = page.get_by_role("img", name="Starts and job starts by delivery partner")
    assert chart.is_visible()
    description = page.locator("#chart-starts-desc").text_content()
    assert "Partner A Council: 2 starts, 1 job starts" in description
    table = page.locator("#partner-table")
    assert "Partner B Council" in table.inner_text()
    assert axe_violations(page) == []
    screenshot(page, f"reports-partners-{label}")
    if viewport:
        assert_fits(page, viewport["width"])

    fill_date(page, "start", 1, 5, 2026)
    fill_date(page, "end", 1, 4, 2026)
    page.get_by_role("button", name="Show the figures").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "The end of the period must be on or after its start" in summary.inner_text()
    assert axe_violations(page) == []
    screenshot(page, f"reports-partners-errors-{label}")
    summary.get_by_role("link", name="The end of the period must be on or after its start").click()
    assert page.evaluate("document.activeElement.id") == "end-day"

    fill_date(page, "start", 1, 3, 2026)
    fill_date(page, "end", 31, 3, 2026)
    page.get_by_label("Monthly figures for").select_option(label="Partner A Council")
    page.get_by_role("button", name="Show the figures").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="1 March 2026 to 31 March 2026").is_visible()
    assert page.get_by_role("heading", name="By month: Partner A Council").is_visible()
    months = page.locator("#month-table").inner_text()
    assert "March 2026" in months and "February 2026" not in months
    assert axe_violations(page) == []
    if viewport:
        assert_fits(page, viewport["width"])
