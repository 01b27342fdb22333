"""The DWP monthly return in headless Chromium: the programme manager builds October's return
(bad input first: no month, a month not ended), the worker builds it, the validation report shows
the findings per column; the DPO releases it through the disclosure gate; the DWP's report-only
user downloads the CSV. axe-core finds no serious or critical violation on any page, on desktop
or a 375 px phone."""

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from casework.disclosures.models import Disclosure
from casework.returns.models import MonthlyReturn
from casework.returns.tasks import build_return
from casework.returns.testing import built_programme
from casework.testing.browser import axe_violations, screenshot
from casework.testing.registers import publish_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


@pytest.fixture(autouse=True)
def november(settings, tmp_path):
    settings.CASEWORK_DOCUMENT_ROOT = tmp_path / "documents"
    with time_machine.travel(datetime.datetime(2026, 11, 12, 10, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def people(world):
    publish_register(world.programme, "south-midlands.yaml")
    return built_programme(world)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_return_is_built_checked_released_and_downloaded_by_the_dwp(
    new_page, world, people, viewport
):
    label = "phone" if viewport else "desktop"
    slug = world.programme.slug
    manager = new_page(user=world.user("manager"), viewport=viewport)
    manager.goto(f"/programmes/{slug}/dwp-returns")
    expect(manager.get_by_role("heading", name="DWP monthly returns")).to_be_visible()
    assert axe_violations(manager) == []
    manager.get_by_role("button", name="Build a return").click()
    manager.get_by_role("button", name="Build the return").click()
    expect(manager.locator(".govuk-error-summary")).to_contain_text("Enter the month")
    assert axe_violations(manager) == []
    manager.get_by_label("Which month?").fill("2026-11")
    manager.get_by_role("button", name="Build the return").click()
    expect(manager.locator(".govuk-error-summary")).to_contain_text("November 2026 has not ended")
    manager.get_by_label("Which month?").fill("2026-10")
    manager.get_by_role("button", name="Build the return").click()
    expect(manager.get_by_role("status")).to_contain_text("Waiting to be built")
    assert axe_violations(manager) == []

    # The worker takes the job the page queued.
    build_return.call(monthly_return_id=str(MonthlyReturn.objects.get().pk))
    manager.reload()
    expect(manager.get_by_role("heading", name="Validation report")).to_be_visible()
    expect(manager.get_by_role("row", name="Hours per week 0 1")).to_be_visible()
    expect(manager.get_by_text("Out of range: 95 is above 80")).to_be_visible()
    expect(manager.get_by_text("job start is before the start date")).to_be_visible()
    expect(manager.get_by_role("button", name="Release to the DWP")).to_have_count(0)
    assert axe_violations(manager) == []
    screenshot(manager, f"dwp-return-report-{label}")

    dpo = new_page(user=world.user("dpo"), viewport=viewport)
    dpo.goto(manager.url)
    dpo.get_by_role("button", name="Release to the DWP").click()
    expect(dpo.get_by_role("heading", name="Release the return for October 2026")).to_be_visible()
    assert axe_violations(dpo) == []
    dpo.get_by_role("button", name="Release to the DWP").click()
    expect(dpo.locator(".govuk-notification-banner")).to_contain_text(
        "is released to Government departments"
    )
    assert axe_violations(dpo) == []
    assert Disclosure.objects.get().participant_count == 3

    dwp = new_page(user=world.user("report_only"), viewport=viewport)
    dwp.goto(f"/programmes/{slug}/dwp-returns/released")
    expect(dwp.get_by_role("cell", name="October 2026 Definition ctw-mi-2025-04")).to_be_visible()
    assert axe_violations(dwp) == []
    screenshot(dwp, f"dwp-return-released-{label}")
    with dwp.expect_download() as download:
        dwp.get_by_role("link", name="CSV for October 2026").click()
    content = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    assert content.startswith("Participant reference,")
    assert content.count("\n") == 4  # the header and three people
