"""Complaints and breaches in headless Chromium: a complaint made on a phone and answered by the
data protection officer; a breach raised from a monitoring alert, assessed, reported and its
people told. axe-core on every page; the clock is moved, never waited for."""

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from casework.audit.services import record_event
from casework.breaches.models import Breach
from casework.complaints.models import Complaint
from casework.oversight.services import raise_alerts
from casework.testing.browser import axe_violations, screenshot
from casework.testing.registers import publish_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
# Monday 2 March 2026, 10:00 in London: in working hours.
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


def test_a_complaint_made_on_a_phone_is_answered_by_the_dpo(new_page, world):
    publish_register(world.programme)
    with time_machine.travel(MONDAY, tick=True) as clock:
        phone = new_page(viewport=PHONE)
        phone.goto(f"/programmes/{world.programme.slug}/complain")
        expect(
            phone.get_by_role("heading", name="Complain about how your information is used")
        ).to_be_visible()
        check(phone, "complaint-form-phone", width=375)
        clock.shift(datetime.timedelta(minutes=1))
        phone.get_by_role("button", name="Send complaint").click()
        summary = phone.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Enter your name")
        expect(summary).to_contain_text(
            "Enter an email address, a phone number or a postal address"
        )
        expect(summary).to_contain_text("Enter what your complaint is about")
        check(phone, "complaint-form-errors-phone", width=375)
        phone.get_by_label("Your name").fill("Sam Carter")
        phone.get_by_label("Phone number").fill("07700 900123")
        phone.get_by_label("What is your complaint about?").fill(
            "My specialist told my employer about my health condition without asking me."
        )
        clock.shift(datetime.timedelta(minutes=3))
        phone.get_by_role("button", name="Send complaint").click()
        expect(phone.get_by_role("heading", name="Complaint sent")).to_be_visible()
        complaint = Complaint.objects.get()
        expect(phone.locator(".govuk-panel")).to_contain_text(complaint.reference)
        expect(phone.get_by_text("0303 123 1113")).to_be_visible()
        check(phone, "complaint-sent-phone", width=375)

        # Nine days later the data protection officer picks it up from their home page.
        clock.shift(datetime.timedelta(days=9))
        page = new_page(user=world.user("dpo"))
        page.goto("/data-protection/")
        expect(page.get_by_role("heading", name="Complaints to acknowledge")).to_be_visible()
        check(page, "dpo-home")
        page.get_by_role("link", name="All complaints").click()
        page.get_by_role("link", name=complaint.reference).click()
        expect(page.get_by_role("heading", name=f"Complaint {complaint.reference}")).to_be_visible()
        expect(page.get_by_text("Acknowledge by 1 April 2026")).to_be_visible()
        check(page, "complaint-detail")
        page.get_by_role("button", name="Record the acknowledgement").click()
        fill_date(page, "acknowledged_on", datetime.date(2026, 3, 1))
        page.get_by_label("By phone").check()
        page.get_by_role("button", name="Record acknowledgement").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "cannot be before the complaint was received (2 March 2026)"
        )
        check(page, "complaint-acknowledge-error")
        fill_date(page, "acknowledged_on", datetime.date(2026, 3, 11))
        page.get_by_label("What the acknowledgement said (optional)").fill(
            "We have your complaint and will reply within a month."
        )
        page.get_by_role("button", name="Record acknowledgement").click()
        expect(page.get_by_text("The acknowledgement is recorded.")).to_be_visible()
        expect(page.get_by_text("(9 days after receipt)")).to_be_visible()

        page.get_by_role("button", name="Add a note or update").click()
        page.get_by_label("Investigation note").check()
        page.get_by_label("Note or update").fill("The specialist agrees they should have asked.")
        check(page, "complaint-note")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("The specialist agrees they should have asked.")).to_be_visible()

        page.get_by_role("button", name="Send the outcome").click()
        page.get_by_label("Upheld", exact=True).check()
        page.get_by_label("What we found and what we will do").fill(
            "We should have asked you first. The specialist has been retrained."
        )
        page.get_by_role("group", name="How was the outcome sent?").get_by_label(
            "By letter"
        ).check()
        check(page, "complaint-outcome")
        page.get_by_role("button", name="Close the complaint").click()
        expect(page.get_by_text("The complaint is closed.")).to_be_visible()
        check(page, "complaint-closed")
        page.get_by_role("button", name="Outcome letter").click()
        letter = page.locator("main")
        expect(letter).to_contain_text("Your complaint is upheld")
        expect(letter).to_contain_text("right to complain to the Information Commissioner's Office")
        expect(letter).to_contain_text("0303 123 1113")
        check(page, "complaint-outcome-letter")
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.days_to_acknowledge == 9


def test_a_breach_raised_from_an_alert_is_assessed_reported_and_its_people_told(
    new_page, world, participant_a, participant_b
):
    publish_register(world.programme)
    colleague = world.user("specialist_a")
    with time_machine.travel(MONDAY, tick=True) as clock:
        record_event(
            actor=colleague,
            action="participant.read",
            participant=participant_b,
            purpose="case_management",
        )
        clock.shift(datetime.timedelta(minutes=30))
        raise_alerts(since=MONDAY, until=MONDAY + datetime.timedelta(hours=1))
        page = new_page(user=world.user("dpo"))
        page.goto("/data-protection/")
        page.get_by_role("link", name="Breach register", exact=True).click()
        check(page, "breach-register")
        page.get_by_role("link", name="Raise a breach").first.click()
        expect(page.get_by_role("heading", name="Raise a breach from an alert")).to_be_visible()
        expect(page.get_by_label("Short description")).to_have_value(
            f"Opened a record outside their caseload: {colleague.email}"
        )
        check(page, "breach-from-alert")
        page.get_by_role("button", name="Record breach").click()
        expect(page.get_by_text("participants affected linked: 1")).to_be_visible()
        expect(page.get_by_text("71 hours", exact=False)).to_be_visible()
        check(page, "breach-detail-clock")
        breach = Breach.objects.get()
        assert breach.source_alert is not None and breach.audit_sequences

        page.get_by_role("button", name="Assess the risk").click()
        page.get_by_label("A high risk to people's rights and freedoms").check()
        page.get_by_label("Why that level of risk?").fill("Their record holds health data.")
        page.get_by_label("Likely consequences for the people affected").fill(
            "Someone who should not have seen your support plan may have seen it."
        )
        page.get_by_label("What happened, in words for the people affected", exact=False).fill(
            "A member of staff who does not support you opened your record on 2 March."
        )
        check(page, "breach-assess")
        page.get_by_role("button", name="Save assessment").click()

        page.get_by_role("button", name="Decide whether to report").click()
        page.get_by_label("Report to the ICO", exact=True).check()
        page.get_by_role("button", name="Record decision").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason")
        check(page, "breach-decide-error")
        page.get_by_label("Reason for the decision").fill("High risk: health data.")
        page.get_by_role("button", name="Record decision").click()

        # Reported four days later: after the 72 hours, so the delay needs its reason.
        clock.shift(datetime.timedelta(days=4))
        page = new_page(user=world.user("dpo"))  # a new day, a new sign-in
        page.goto(f"/breaches/{breach.pk}/")
        expect(page.get_by_text("Report overdue by", exact=False).first).to_be_visible()
        page.get_by_role("button", name="Record the report to the ICO").click()
        page.get_by_label("ICO case reference").fill("IC-123456-A1B2")
        page.get_by_role("button", name="Record report").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "enter the reason for the delay"
        )
        check(page, "breach-report-late")
        page.get_by_label("Reason for the delay", exact=False).fill(
            "The partner's account of what happened arrived on day four."
        )
        page.get_by_role("button", name="Record report").click()
        expect(page.get_by_text("Reported to the ICO (late)")).to_be_visible()

        page.get_by_role("link", name=f"Letter to {participant_b.display_name}").click()
        letter = page.locator(".casework-letter")
        expect(letter).to_contain_text("should not have seen your support plan may have seen it")
        expect(letter).to_contain_text("does not support you opened your record on 2 March")
        expect(letter).not_to_contain_text(colleague.email)
        expect(letter).to_contain_text("dataprotection@westnorthants.gov.uk")
        check(page, "breach-letter")
        page.get_by_label("By email").check()
        page.get_by_role("button", name="Record that it was sent").click()
        expect(
            page.get_by_text(f"Recorded: {participant_b.display_name} was told.")
        ).to_be_visible()

        page.get_by_role("link", name="Record a controller told").click()
        page.get_by_label("Milton Keynes City Council").check()
        page.get_by_label("How were they told?").fill("Email to their data protection officer")
        check(page, "breach-controller")
        page.get_by_role("button", name="Record").click()
        expect(page.get_by_text("Email to their data protection officer")).to_be_visible()
        page.get_by_role("button", name="Close the breach").click()
        expect(page.get_by_text("The breach is closed.")).to_be_visible()
        check(page, "breach-closed")
    breach.refresh_from_db()
    assert breach.status == "closed" and breach.reported_late
    assert breach.people.get().told_how == "email"


def test_every_other_data_protection_page_passes_axe(new_page, world, participant_a):
    from casework.dataprotection.testing import records_for

    publish_register(world.programme)
    complaint, breach, person = records_for(participant_a)
    pages = {
        "complaints-list": "/complaints/",
        "complaint-new": "/complaints/new",
        "complaint-link": f"/complaints/{complaint.pk}/link",
        "complaint-history": f"/participants/{participant_a.pk}/complaints",
        "breach-new": "/breaches/new",
        "breach-edit": f"/breaches/{breach.pk}/edit",
        "breach-people": f"/breaches/{breach.pk}/people",
        "dp-reports": "/data-protection/reports",
    }
    page = new_page(user=world.user("dpo"))
    for name, url in pages.items():
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        check(page, name)
    page.goto(f"/complaints/{complaint.pk}/link")
    page.get_by_label("Find a participant").fill(participant_a.last_name)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_label(participant_a.display_name, exact=False)).to_be_visible()
    check(page, "complaint-link-results")
    page.goto("/breaches/new")
    for part in ("day", "month", "year"):
        page.locator(f"#aware_at_on-{part}").fill("")
    page.get_by_role("button", name="Record breach").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter when you became aware of the breach: the 72 hours start then"
    )
    check(page, "breach-new-errors")
    phone = new_page(user=world.user("manager"), viewport=PHONE)
    phone.goto("/data-protection/")
    phone.get_by_role("link", name="Complaints and breaches by month").click()
    expect(phone.get_by_role("heading", name="Complaints and breaches")).to_be_visible()
    check(phone, "dp-reports-phone", width=375)
