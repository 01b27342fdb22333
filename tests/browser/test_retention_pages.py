"""The data protection officer's retention page in headless Chromium: from the navigation she
reads what a sweep would do now and what falls due, places a legal hold (a missing reason is
explained and the rest of her answers kept), sees it listed and confirms a paper file destroyed;
axe-core finds no serious or critical violation, on desktop or on a phone."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.disposal.models import PaperFile
from casework.disposal.schedule import reschedule_programme
from casework.disposal.testing import participant_with_everything
from casework.testing.browser import axe_violations, screenshot
from casework.testing.registers import publish_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_dpo_holds_records_and_confirms_a_paper_file_destroyed(new_page, world, viewport):
    label = "phone" if viewport else "desktop"
    last_day = timezone.localdate() - datetime.timedelta(days=3)
    publish_register(
        world.programme,
        retention=[
            {
                "record_type": "participant",
                "anchor": "fixed_date",
                "date": last_day.isoformat(),
                "action": "anonymise",
            }
        ],
    )
    reschedule_programme(world.programme)
    people = [participant_with_everything(world.programme, surname=f"Held{i}") for i in range(2)]
    PaperFile.objects.filter(pk=people[1].paper_file.pk).update(destruction_due_since=last_day)

    page = new_page(user=world.user("dpo"), viewport=viewport)
    page.goto(reverse("participants:caseload"))
    if viewport:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Retention").click()
    page.wait_for_url("**/retention/")
    now = page.get_by_role("table", name="If the sweep ran now")
    assert "Participant records" in now.inner_text() and "Anonymised" in now.inner_text()
    assert axe_violations(page) == []
    screenshot(page, f"retention-{label}")

    page.get_by_role("link", name="Place a legal hold").click()
    page.get_by_label("Participant's case reference (optional)").fill(str(people[0].participant.pk))
    page.get_by_label("Case reference of the complaint, claim or request (optional)").fill("C-7")
    page.locator("#review_on-day").fill("1")
    page.locator("#review_on-month").fill("6")
    page.locator("#review_on-year").fill(str(timezone.localdate().year + 1))
    page.get_by_role("button", name="Place hold").click()
    summary = page.locator(".govuk-error-summary")
    assert "Choose why the records must be kept" in summary.inner_text()
    assert (
        page.get_by_label(
            "Case reference of the complaint, claim or request (optional)"
        ).input_value()
        == "C-7"
    )
    assert axe_violations(page) == []
    screenshot(page, f"retention-hold-errors-{label}")
    page.get_by_label("An open complaint").check()
    page.get_by_role("button", name="Place hold").click()
    page.wait_for_url("**/retention/")
    holds = page.locator("table", has=page.get_by_text("What is held"))
    assert "An open complaint (C-7)" in holds.inner_text()

    page.get_by_role("link", name="confirm it was destroyed").click()
    page.get_by_label("How was the file destroyed?").fill("Cross-cut shredded on site")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirm destroyed").click()
    page.wait_for_url("**/retention/")
    assert "No paper files are waiting to be destroyed." in page.content()
    assert axe_violations(page) == []
    screenshot(page, f"retention-after-{label}")
    if viewport:
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_specialist_records_a_paper_file_from_the_record(new_page, world, viewport):
    from playwright.sync_api import expect

    from casework.testing import factories

    label = "phone" if viewport else "desktop"
    person = factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a"),
        last_name="Paperwork",
    )
    page = new_page(user=world.user("specialist_a"), viewport=viewport)
    page.goto(reverse("participants:detail", args=[person.pk]))
    page.get_by_role("link", name="Paper files").click()
    expect(page.get_by_role("heading", name="Paper files")).to_be_visible()
    page.get_by_role("button", name="Record paper file").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Label on the file").fill("LU-2026-0142")
    page.get_by_label("Where the file is kept").fill("Luton office, cabinet 3")
    page.locator("#opened_on-day").fill("2")
    page.locator("#opened_on-month").fill("11")
    page.locator("#opened_on-year").fill(str(timezone.localdate().year - 1))
    page.get_by_role("button", name="Record paper file").click()
    expect(page.get_by_role("table", name="Files kept")).to_contain_text("Luton office, cabinet 3")
    assert axe_violations(page) == []
    screenshot(page, f"paper-files-{label}")

    dpo = new_page(user=world.user("dpo"), viewport=viewport)
    dpo.goto("/")
    expect(dpo.get_by_role("heading", level=1)).to_have_text("Data protection")
    expect(dpo.get_by_role("heading", name="Retention")).to_be_visible()
    expect(dpo.get_by_role("heading", name="Disclosures")).to_be_visible()
    assert axe_violations(dpo) == []
    screenshot(dpo, f"data-protection-home-{label}")
