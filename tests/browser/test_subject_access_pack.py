"""The data protection officer's subject access pack in headless Chromium: from the record she
prepares a draft for an access request, is refused a release before the review and before the
requester's identity is verified on the request (both reasons in the error summary), redacts a
neighbour's name from a note under the third-party exemption, releases the pack, reads it (the
name withheld, the schedule saying why) and downloads the PDF and the JSON; axe-core finds no
serious or critical violation on any page."""

import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from casework.journey import services as journey
from casework.rights.models import IdentityMethod
from casework.rights.requests import verify_identity
from casework.rights.testing import request_for
from casework.testing import factories
from casework.testing.browser import axe_violations, screenshot
from casework.testing.registers import publish_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dpo_redacts_a_third_party_and_releases_the_pack(new_page, world, tmp_path):

    publish_register(world.programme, "south-midlands.yaml")
    specialist = world.user("specialist_a")
    person = factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=specialist,
        first_name="Zoë",
        last_name="Requester",
    )
    redact_a_third_party_and_release_the_pack(new_page, world, person, tmp_path)


def redact_a_third_party_and_release_the_pack(new_page, world, person, tmp_path):
    """The walk itself, for this test and the whole rights casework's (test_rights_casework)."""
    from playwright.sync_api import expect

    specialist = person.assigned_specialist or world.user("specialist_a")
    journey.add_case_note(actor=specialist, participant=person, text="Looking for warehouse work.")
    journey.add_case_note(
        actor=specialist,
        participant=person,
        text="Her neighbour Dan Smith drives her to interviews.",
        contains_third_party_information=True,
    )

    asked = request_for(person)  # an access request of the rights register, matched to her

    page = new_page(user=world.user("dpo"))
    page.goto(reverse("participants:detail", args=[person.pk]))
    page.get_by_role("link", name="Subject access").click()
    expect(page.get_by_role("heading", name="Subject access", level=1)).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "subject-access-start")
    page.get_by_label("Request reference (optional)").fill(asked.reference)
    page.get_by_role("button", name="Prepare a draft pack").click()
    expect(page.get_by_role("heading", name="Subject access pack", level=1)).to_be_visible()

    # Released too early: both reasons, and nothing released.
    page.get_by_label("The request this pack answers").select_option(str(asked.pk))
    page.get_by_role("button", name="Release the pack").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(f"Verify the requester's identity on request {asked.reference}")
    expect(summary).to_contain_text("1 is not reviewed yet")
    assert axe_violations(page) == []
    screenshot(page, "subject-access-refused")

    page.get_by_role("link", name="Review Case notes").click()
    expect(page.get_by_text("Her neighbour Dan Smith drives her to interviews.")).to_be_visible()
    page.get_by_label("Released with a passage withheld").check()
    page.get_by_label("Passage to withhold").fill("Dan Smith")
    page.get_by_label("Exemption").select_option("third_party")
    page.get_by_label("Why it applies here").fill("The neighbour has not agreed to be named.")
    assert axe_violations(page) == []
    screenshot(page, "subject-access-review")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_role("table")).to_contain_text("Released with a passage withheld")

    verify_identity(
        actor=world.user("dpo"),
        request=asked,
        method=IdentityMethod.DOCUMENT_SEEN,
        what_was_seen="Passport, checked at the council office",
        checked_on=asked.received_on,
    )
    page.get_by_label("The request this pack answers").select_option(str(asked.pk))
    page.get_by_role("button", name="Release the pack").click()
    expect(page.get_by_role("heading", name="Give the person their copy")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "subject-access-released")

    page.get_by_role("link", name="Read the pack as released").click()
    expect(page.get_by_role("heading", name="Your personal information")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Her neighbour [Withheld: Information about")
    expect(page.locator("main")).not_to_contain_text("Dan Smith")
    expect(page.get_by_role("table", name="Information withheld")).to_contain_text("paragraph 16")
    assert axe_violations(page) == []
    screenshot(page, "subject-access-read")
    page.go_back()

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download the PDF").click()
    pdf_path = tmp_path / "pack.pdf"
    pdf.value.save_as(pdf_path)
    text = "".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert f"{person.first_name} {person.last_name}" in text and "Dan Smith" not in text

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the JSON").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["request_reference"] == asked.reference
    assert data["schedule"][0]["what"] == "A passage"
