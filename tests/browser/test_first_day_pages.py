"""A first day's pages in headless Chromium: each role starts on the page it works from; the
team page is headed with what it lists; access history is in words; the record of a participant
accepted from a referral keeps the referral's reason and links back to it; an eligible decision
leads on to enrolment. axe-core finds no serious or critical violation, on desktop or phone."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.demo.intake import decide_eligibility
from casework.journey import services as journey_services
from casework.participants.models import Status
from casework.referrals import services as referral_services
from casework.testing.browser import axe_violations, screenshot
from casework.testing.registers import publish_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def looked_at(page, name: str, viewport) -> None:
    assert axe_violations(page) == [], name
    if viewport:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    screenshot(page, f"first-day-{name}-{'phone' if viewport else 'desktop'}")


@pytest.fixture
def accepted(world):
    """Kim Lowe, referred by the jobcentre with a reason, accepted onto specialist A's caseload,
    eligible, and in work."""
    referral = referral_services.submit_referral(
        actor=world.user("referrer"),
        programme=world.programme,
        route="health",
        agreement_how="phone",
        first_name="Kim",
        last_name="Lowe",
        date_of_birth=datetime.date(1980, 1, 2),
        email="kim@example.com",
        phone="",
        postcode="LU1 1AA",
        area=world.area_a,
        national_insurance_number="",
        support_needs="Back pain; wants office work near home.",
    )
    specialist = world.user("specialist_a")
    participant = referral_services.accept_referral(
        actor=specialist,
        referral=referral,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=specialist,
        first_name="Kim",
        last_name="Lowe",
        date_of_birth=referral.date_of_birth,
        gender="woman",
        address_line_1="1 High Street",
        town="Luton",
        postcode="LU1 1AA",
    )
    decide_eligibility(specialist, participant, timezone.localdate())
    return participant


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_first_days_pages(new_page, world, accepted, viewport):
    # The manager starts on the reports; the team page says whose caseloads it lists.
    page = new_page(user=world.user("manager"), viewport=viewport)
    page.goto("/")
    expect(
        page.get_by_role("heading", name="Starts and outcomes by delivery partner")
    ).to_be_visible()
    page.goto("/team/")
    expect(page.get_by_role("heading", name="Team caseloads")).to_be_visible()
    expect(page.locator(".govuk-caption-l")).to_have_text(
        "Every delivery partner of Test Connect to Work"
    )
    looked_at(page, "team", viewport)

    # The specialist: the record keeps the referral's reason and links back to it; the
    # eligible decision leads on to enrolment.
    page = new_page(user=world.user("specialist_a"), viewport=viewport)
    page.goto("/")
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    page.get_by_role("link", name="Kim Lowe").click()
    expect(page.get_by_role("heading", name="Kim Lowe", exact=True)).to_be_visible()
    expect(page.get_by_text("Back pain; wants office work near home.")).to_be_visible()
    looked_at(page, "participant-referral", viewport)
    page.get_by_role("link", name="See the referral").click()
    expect(page.get_by_role("heading", name="Referral of Kim Lowe")).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="Eligibility").click()
    expect(page.get_by_role("heading", name="Eligibility and suitability")).to_be_visible()
    looked_at(page, "eligibility-decided", viewport)
    page.get_by_role("button", name="Enrol Kim Lowe").click()
    expect(page.get_by_role("heading", name="Enrol on Test Connect to Work")).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_have_count(0)  # she has a decision

    # The DPO starts on the data protection home page, and reads the access history in words.
    page = new_page(user=world.user("dpo"), viewport=viewport)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data protection")
    expect(page.get_by_role("link", name="Review the access alerts")).to_be_visible()
    page.goto(f"/participants/{accepted.pk}/access-history")
    table = page.locator("table")
    expect(table).to_contain_text("Accepted a referral as a new participant")
    expect(table).not_to_contain_text("referral.accepted")
    looked_at(page, "access-history", viewport)


def test_the_access_history_names_a_job_start_in_words(new_page, world, accepted):
    publish_register(world.programme, "south-midlands.yaml")
    accepted.status = Status.ENROLLED
    accepted.enrolled_on = timezone.localdate()
    accepted.save()
    journey_services.record_job_start(
        actor=world.user("specialist_a"),
        participant=accepted,
        employer="Riverside Logistics",
        job_title="Warehouse operative",
        employment_type="employed",
        hours_per_week=Decimal("20"),
        hourly_pay=Decimal("12.60"),
        started_on=timezone.localdate(),
    )
    page = new_page(user=world.user("dpo"))
    page.goto(f"/participants/{accepted.pk}/access-history")
    table = page.locator("table")
    expect(table).to_contain_text("Recorded a job start")
    expect(table).not_to_contain_text("journey.job.start")
