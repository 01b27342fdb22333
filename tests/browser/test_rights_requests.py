"""A rights request in headless Chromium: a person asks on the public page on their phone; the
data protection officer finds it, matches it to the participant, verifies their identity,
pauses the clock for proof of identity, resumes it, and refuses an erasure under public task
with the reason (Art 17(3)(b)). axe-core on every page; the clock is moved, never waited for."""

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from casework.participants.models import Participant
from casework.rights.models import RightsRequest
from casework.testing.browser import axe_violations, screenshot
from casework.testing.registers import publish_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
# Monday 2 March 2026, 10:00 in London.
MONDAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


def check(page, name: str, *, width: int | None = None) -> None:
    assert axe_violations(page) == [], name
    if width:
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    screenshot(page, name)


def fill_date(page, prefix: str, day: datetime.date) -> None:
    page.locator(f"#{prefix}-day").fill(str(day.day))
    page.locator(f"#{prefix}-month").fill(str(day.month))
    page.locator(f"#{prefix}-year").fill(str(day.year))


def test_an_erasure_asked_on_a_phone_is_refused_under_public_task_with_the_reason(
    new_page, world, participant_a
):
    publish_register(world.programme)
    ask_on_a_phone_verify_pause_resume_and_refuse_erasure(new_page, world, participant_a)


def ask_on_a_phone_verify_pause_resume_and_refuse_erasure(new_page, world, participant_a):
    """The walk itself, for this test and the whole rights casework's (test_rights_casework)."""
    with time_machine.travel(MONDAY, tick=True) as clock:
        phone = new_page(viewport=PHONE)
        phone.goto(f"/programmes/{world.programme.slug}/")
        phone.get_by_role("link", name="Ask about your data").click()
        expect(phone.get_by_role("heading", name="Ask about your data")).to_be_visible()
        check(phone, "rights-ask-phone", width=375)
        clock.shift(datetime.timedelta(minutes=1))
        phone.get_by_role("button", name="Send").click()
        summary = phone.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Select what you would like us to do")
        expect(summary).to_contain_text(
            "Enter an email address, a phone number or a postal address"
        )
        check(phone, "rights-ask-errors-phone", width=375)
        phone.get_by_label("Delete information about me").check()
        phone.get_by_label("Tell us more").fill("Please delete everything you hold about me.")
        phone.get_by_label("Me", exact=True).check()
        phone.get_by_label("Your full name").fill("Alice Archer")
        phone.get_by_label("Email address").fill("alice@example.com")
        clock.shift(datetime.timedelta(minutes=3))
        phone.get_by_role("button", name="Send").click()
        expect(phone.get_by_role("heading", name="Request sent")).to_be_visible()
        request = RightsRequest.objects.get()
        expect(phone.locator(".govuk-panel")).to_contain_text(request.reference)
        assert "alice" not in phone.url.lower() and "archer" not in phone.url.lower()
        check(phone, "rights-ask-sent-phone", width=375)

        # The next day the DPO finds it on their home page.
        clock.shift(datetime.timedelta(days=1))
        page = new_page(user=world.user("dpo"))
        page.goto("/data-protection/")
        expect(page.get_by_role("heading", name="Rights requests")).to_be_visible()
        check(page, "rights-dpo-home")
        page.get_by_role("link", name="All rights requests").click()
        expect(page.get_by_role("heading", name="Rights requests", exact=True)).to_be_visible()
        check(page, "rights-list")
        page.get_by_role("link", name=request.reference).first.click()
        expect(page.locator("#clock")).to_contain_text("Due by 2 April 2026")
        check(page, "rights-detail-new")

        page.get_by_role("button", name="Match to a participant").click()
        page.get_by_label("Find a participant").fill("Archer")
        page.get_by_role("button", name="Search").click()
        page.get_by_label("Alice Archer", exact=False).check()
        check(page, "rights-match")
        page.get_by_role("button", name="Match").click()
        expect(page.get_by_text("The request is matched to the participant.")).to_be_visible()
        expect(page.get_by_text("Luton Borough Council").first).to_be_visible()

        # Proof of identity is asked for: the clock pauses; it arrives a week later.
        page.get_by_role("button", name="Pause the clock").click()
        page.get_by_label("Waiting for proof of identity").check()
        page.get_by_label("What was asked for").fill("A photo ID seen at the next appointment")
        fill_date(page, "started_on", datetime.date(2026, 3, 3))
        check(page, "rights-pause")
        page.get_by_role("button", name="Pause the clock").click()
        expect(page.locator("#clock")).to_contain_text("Waiting for the requester")
        check(page, "rights-detail-paused")

        clock.shift(datetime.timedelta(days=7))
        page = new_page(user=world.user("dpo"))  # a week later: a new session
        page.goto(f"/rights-requests/{request.pk}/")
        page.get_by_role("button", name="Verify identity").click()
        page.get_by_label("An identity document was seen").check()
        page.get_by_label("What was seen or checked").fill("Passport seen at the appointment")
        fill_date(page, "checked_on", datetime.date(2026, 3, 10))
        check(page, "rights-identity")
        page.get_by_role("button", name="Record identity check").click()
        expect(page.get_by_text("Their identity is recorded as verified.")).to_be_visible()

        page.get_by_role("button", name="Resume the clock").click()
        fill_date(page, "ended_on", datetime.date(2026, 3, 10))
        check(page, "rights-resume")
        page.get_by_role("button", name="Resume the clock").click()
        expect(page.locator("#clock")).to_contain_text("Due by 10 April 2026")

        # The decision: the engine says erasure is limited under public task.
        page.get_by_role("button", name="Decide").click()
        expect(page.locator("main")).to_contain_text("Article 17(3)(b)")
        page.get_by_label("Refused").check()
        page.get_by_role("button", name="Record the decision").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Enter the reasons for refusing the request"
        )
        check(page, "rights-decide-error")
        page.get_by_label("Refused").check()
        page.get_by_label("Exemption or ground relied on (optional)").select_option("art17_3_b")
        page.get_by_label("Reasons").fill(
            "We need your record to deliver the programme, a task in the public interest "
            "(Article 17(3)(b)). We will delete it when its retention period ends."
        )
        check(page, "rights-decide")
        page.get_by_role("button", name="Record the decision").click()
        expect(page.get_by_text("The decision is recorded.")).to_be_visible()
        expect(page.locator("#clock")).to_contain_text("Refused")
        check(page, "rights-detail-decided")
        page.get_by_role("link", name="The decision letter").click()
        letter = page.locator("main")
        expect(letter).to_contain_text("We cannot do what you asked")
        expect(letter).to_contain_text("UK GDPR Article 17(3)(b)")
        expect(letter).to_contain_text("Information Commissioner's Office")
        expect(letter).to_contain_text("go to court")
        check(page, "rights-letter")
    request.refresh_from_db()
    assert request.decision == "refused" and request.exemption == "art17_3_b"
    assert Participant.objects.filter(pk=participant_a.pk).exists()
