"""The scheduled-jobs page in Debian's Chromium: the DPO reaches it from the menu, reads each
job's last result and next run and follows the link to where a run failed; no accessibility
violation of any impact found by axe-core, on a desktop and on a phone, where nothing is wider
than the screen."""

import re

import pytest
from playwright.sync_api import expect

from casework.testing.browser import axe_violations, screenshot
from casework.worker.runner import Worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
PHONE = {"width": 360, "height": 740}


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_dpo_reads_the_jobs_results_and_where_one_failed(
    new_page, world, test_schedule, viewport
):
    Worker(worker_id="w").run_once()
    page = new_page(user=world.user("dpo"), viewport=viewport)
    page.goto("/")
    if viewport:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Scheduled jobs").click()
    expect(page.get_by_role("heading", name="Scheduled jobs", level=1)).to_be_visible()
    jobs = page.locator("#job-table")
    expect(jobs.get_by_role("row", name="Hourly note")).to_contain_text("Succeeded")
    expect(jobs.get_by_role("row", name="Hourly note")).to_contain_text("Every hour, on the hour")
    expect(jobs.get_by_role("row", name="Always fails")).to_contain_text("Failed")
    label = "phone" if viewport else "desktop"
    assert axe_violations(page, impacts=ALL_IMPACTS) == []
    width = (viewport or {"width": 1200})["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"scheduled-jobs-{label}")
    jobs.get_by_role("row", name="Always fails").get_by_role("link", name="Where it failed").click()
    expect(page.locator("#failed-table")).to_contain_text("builtins.ValueError")
    expect(page).to_have_url(re.compile(r"#failed-runs$"))
