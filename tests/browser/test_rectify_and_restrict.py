"""The DPO on a participant's record in headless Chromium: corrects a detail (a blank value is
explained first) and sees the value before in the record's history, restricts processing and
sees the banner, and the participant drops out of the reports page, the reports CSV and the
group session register's CSV; axe-core finds no serious or critical violation on any page."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.groupwork.testing import session_with
from casework.testing.browser import axe_violations, screenshot
from casework.testing.registers import publish_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _reports_query(participant) -> str:
    start, end = participant.referred_on, timezone.localdate()
    return (
        f"?programme={participant.programme.slug}&start-day={start.day}&start-month="
        f"{start.month}&start-year={start.year}&end-day={end.day}&end-month={end.month}"
        f"&end-year={end.year}"
    )


def _partner_a(text: str) -> list[str]:
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    return next(r for r in rows if r[:1] == ["Partner A Council"])


def test_the_dpo_corrects_a_detail_with_history_and_restricts_the_record(
    new_page, world, participant_a
):
    publish_register(world.programme)
    correct_a_detail_and_restrict_the_record(new_page, world, participant_a)


def correct_a_detail_and_restrict_the_record(new_page, world, participant_a):
    """The walk itself, for this test and the whole rights casework's (test_rights_casework).
    `participant_a` is Alice Archer."""
    from playwright.sync_api import expect

    booking = session_with(participant_a)
    register_csv = reverse("groupwork:register-csv", args=[booking.session_id])
    reports = reverse("reports:partners") + _reports_query(participant_a)
    reports_csv = reverse("reports:partners-csv") + _reports_query(participant_a)

    page = new_page(user=world.user("dpo"))
    leader = new_page(user=world.user("team_leader_a"))
    assert "Archer" in leader.request.get(register_csv).text()
    counted = _partner_a(page.request.get(reports_csv).text())
    page.goto(reports)
    partner_row = page.get_by_role("row").filter(has_text="Partner A Council").first
    shown_before = partner_row.inner_text()

    # The record's Rights section, and a correction with a blank value first.
    page.goto(reverse("participants:detail", args=[participant_a.pk]))
    page.get_by_role("link", name="Rights: correct a detail").click()
    expect(page.get_by_role("heading", name="Rights", level=1)).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "rights-overview")
    page.get_by_role("link", name="Correct last name").click()
    page.get_by_label("Corrected last name").fill("")
    page.get_by_role("button", name="Save the correction").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a last name")
    expect(summary).to_contain_text("Enter why the detail is corrected")
    assert axe_violations(page) == []
    screenshot(page, "rights-correct-errors")
    page.get_by_label("Corrected last name").fill("Archer-Smith")
    page.get_by_label("Why is it corrected?").fill("Married in October; certificate seen")
    page.get_by_role("button", name="Save the correction").click()
    history = page.get_by_role("table", name="Corrections and supplementary statements")
    expect(history).to_contain_text("Corrected from Archer to Archer-Smith")

    page.goto(reverse("participants:detail", args=[participant_a.pk]))
    expect(page.get_by_role("heading", name="Alice Archer-Smith", level=1)).to_be_visible()
    record_history = page.get_by_role("table", name="Corrections and supplementary statements")
    expect(record_history).to_contain_text("Archer")
    expect(record_history).to_contain_text("Married in October")
    assert axe_violations(page) == []
    screenshot(page, "record-with-history")

    # Restriction: the banner on the record's pages.
    page.get_by_role("link", name="Rights: correct a detail").click()
    page.get_by_role("button", name="Restrict processing").click()
    page.get_by_label("Why is processing restricted?").fill("Accuracy contested (Art 18(1)(a))")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Restrict processing").click()
    banner = page.locator("[data-restriction-banner]")
    expect(banner).to_contain_text("Processing of this person's data is restricted")
    assert axe_violations(page) == []
    screenshot(page, "rights-restricted")
    page.goto(reverse("participants:detail", args=[participant_a.pk]))
    expect(banner).to_be_visible()
    page.goto(reverse("journey:timeline", args=[participant_a.pk]))
    expect(banner).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "timeline-restricted")

    # Out of the reports page, the reports CSV and the group register's CSV.
    page.goto(reports)
    expect(partner_row).not_to_have_text(shown_before)
    assert axe_violations(page) == []
    screenshot(page, "reports-without-restricted")
    assert _partner_a(page.request.get(reports_csv).text()) != counted
    assert "Archer" not in leader.request.get(register_csv).text()
    leader.goto(reverse("groupwork:register-print", args=[booking.session_id]))
    expect(leader.get_by_role("heading", level=1)).to_be_visible()
    assert "Archer" not in leader.content()

    # Lifting needs the person told first.
    page.goto(reverse("rights_record:lift", args=[participant_a.pk]))
    page.get_by_role("button", name="Lift the restriction").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be told before")
    assert axe_violations(page) == []
    screenshot(page, "rights-lift-errors")
