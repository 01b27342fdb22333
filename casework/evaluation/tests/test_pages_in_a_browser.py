"""The evaluation pages in headless Chromium: the DPO asks for an extract, the worker builds it,
the risk report shows k and l, the release is confirmed and logged; an extract whose thresholds
cannot be met is refused saying what to change; a build whose worker stopped offers to build it
again. axe-core finds no serious or critical violation on any of them, on a desktop and at
375 px (the risk report's screenshot at 375 px is in test-artifacts/)."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from casework.evaluation import services
from casework.evaluation.jobs import build_requested_extracts
from casework.evaluation.models import EvaluationExtract, ExtractStatus
from casework.evaluation.tests.conftest import evaluation_register
from casework.testing.browser import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = datetime.datetime(2026, 7, 1, 10, 0, tzinfo=datetime.UTC)
VIEWPORTS = [(1200, 900), (375, 812)]


@pytest.fixture(autouse=True)
def working_day():
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["desktop", "375px"])
def test_ask_build_report_and_release_in_a_browser(new_page, world, dpo, cohort, viewport):
    evaluation_register(world.programme, max_suppression=0.5)
    slug = world.programme.slug
    page = new_page(user=dpo, viewport={"width": viewport[0], "height": viewport[1]})
    found = {}
    page.goto(f"/programmes/{slug}/evaluation")
    expect(page.get_by_role("heading", name="Evaluation extracts")).to_be_visible()
    found["list"] = axe_violations(page)
    page.get_by_role("button", name="Ask for an extract").click()
    expect(page.get_by_text("Local authority").first).to_be_visible()
    found["build"] = axe_violations(page)
    page.get_by_label("Release series").fill("DWP evaluation 2026")
    page.get_by_label("Ages as at (optional)").fill("30/6/2026")
    page.get_by_role("button", name="Ask for the extract").click()
    expect(page.get_by_text("will be built by the worker")).to_be_visible()
    assert "1 evaluation extracts built" in build_requested_extracts(now=None)
    page.reload()
    extract = EvaluationExtract.objects.get()
    expect(page.get_by_role("heading", name="Risk report")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"k achieved{extract.report['k']}")
    found["report"] = axe_violations(page)
    # Nothing, not even the file's SHA-256, makes the page scroll sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
    screenshot(page, f"evaluation-risk-report-{viewport[0]}")
    page.get_by_role("button", name="Release to the evaluator").click()
    expect(
        page.get_by_role("heading", name=re.compile("^Release DWP evaluation 2026"))
    ).to_be_visible()
    found["release"] = axe_violations(page)
    page.get_by_role("button", name="Release the extract").click()
    expect(page.get_by_text("is released and recorded as a disclosure")).to_be_visible()
    expect(page.get_by_role("link", name="Download the released file (CSV)")).to_be_visible()
    page.goto(f"/programmes/{slug}/evaluation")
    expect(page.locator("main")).to_contain_text("DWP-CTW-DSA-SM")
    found["release log"] = axe_violations(page)
    assert found == dict.fromkeys(found, [])


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["desktop", "375px"])
def test_refused_below_the_thresholds_and_a_stopped_build_in_a_browser(
    new_page, world, dpo, cohort, viewport, working_day
):
    evaluation_register(world.programme, k=500)
    slug = world.programme.slug
    refused = services.build_extract(
        services.request_extract(by=dpo, programme=world.programme, series_name="Too fine")
    )
    assert refused.status == ExtractStatus.REFUSED
    page = new_page(user=dpo, viewport={"width": viewport[0], "height": viewport[1]})
    found = {}
    page.goto(f"/programmes/{slug}/evaluation/{refused.pk}")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("The extract was refused")
    expect(summary).to_contain_text("lower evaluation.k")
    expect(page.get_by_role("button", name="Release to the evaluator")).to_have_count(0)
    found["refused"] = axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
    screenshot(page, f"evaluation-refused-{viewport[0]}")

    evaluation_register(world.programme, max_suppression=0.5)
    stopped = services.request_extract(by=dpo, programme=world.programme, series_name="Stopped")
    EvaluationExtract.objects.filter(pk=stopped.pk).update(
        status=ExtractStatus.BUILDING, build_started_at=NOW
    )  # claimed by a worker that then stopped
    working_day.shift(datetime.timedelta(hours=2))
    page = new_page(user=dpo, viewport={"width": viewport[0], "height": viewport[1]})
    page.goto(f"/programmes/{slug}/evaluation/{stopped.pk}")
    expect(page.locator("main")).to_contain_text("This build has stopped")
    found["stopped"] = axe_violations(page)
    page.get_by_role("button", name="Build it again").click()
    expect(page.get_by_text("will be built again by the worker")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Waiting to be built")
    assert found == dict.fromkeys(found, [])
