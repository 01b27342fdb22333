"""The disclosure gate in headless Chromium: a specialist sends a CV to an employer the
participant consented to (the email, with the file attached, is in the test outbox), is refused
for an employer without consent and for a withdrawn consent, and records a safeguarding
disclosure with its reasons and the decision to tell; the DPO finds them all in the log. axe-core
finds no serious or critical violation on any page."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from casework.consents.models import ConsentPurpose
from casework.consents.services import give_consent, withdraw_consent
from casework.disclosures.testing import PDF, cv_of
from casework.testing.browser import axe_violations, screenshot
from casework.testing.registers import publish_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def working_day():
    with time_machine.travel(datetime.datetime(2026, 11, 24, 10, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def ready(world, participant_a):
    publish_register(world.programme, "south-midlands.yaml")
    specialist = world.user("specialist_a")
    cv_of(participant_a, specialist)
    consent = {"actor": specialist, "participant": participant_a, "channel": "face_to_face"}
    give_consent(purpose=ConsentPurpose.SHARE_WITH_EMPLOYER, recipient="Acme Foods", **consent)
    for change in (give_consent, withdraw_consent):
        change(purpose=ConsentPurpose.SHARE_WITH_EMPLOYER, recipient="Bright Bakery", **consent)
    return participant_a


def send_cv(page, participant, employer: str):
    page.goto(f"/participants/{participant.pk}/disclosures")
    page.get_by_role("link", name="Send a CV or other document").click()
    page.get_by_label("CV 2026 (CV)").check()
    page.get_by_label("Recipient (as the programme's register names them)").select_option(
        "employers-training"
    )
    page.get_by_label("Name of the employer or training provider").fill(employer)
    page.get_by_label("By email from Casework").check()
    page.get_by_label("Their email address").fill("jobs@employer.example")
    page.get_by_role("button", name="Send").click()


def test_a_specialist_shares_only_what_the_checks_allow_and_the_dpo_finds_it(
    new_page, world, ready
):
    page = new_page(user=world.user("specialist_a"))
    page.goto(f"/participants/{ready.pk}/disclosures")
    expect(page.get_by_role("heading", name="Disclosures", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    # Bad input: the page says which field, and nothing is sent.
    page.get_by_role("link", name="Send a CV or other document").click()
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the document to send")
    assert axe_violations(page) == []

    send_cv(page, ready, "Acme Foods")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("sent to Acme Foods")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jobs@employer.example"]
    assert mail.outbox[0].attachments == [("cv.pdf", PDF, "application/pdf")]
    expect(page.get_by_role("cell", name="The document (file)")).to_be_visible()
    screenshot(page, "disclosures-participant")
    assert axe_violations(page) == []

    send_cv(page, ready, "Nobody Asked Ltd")
    expect(page.get_by_role("heading", name="The disclosure was refused")).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "has not consented to sharing with Nobody Asked Ltd"
    )
    assert axe_violations(page) == []
    screenshot(page, "disclosures-refused")

    send_cv(page, ready, "Bright Bakery")
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "has withdrawn their consent to sharing with Bright Bakery"
    )
    assert len(mail.outbox) == 1  # neither refusal sent anything

    page.goto(f"/participants/{ready.pk}/disclosures")
    page.get_by_role("link", name="Record a safeguarding").click()
    page.get_by_role("button", name="Record disclosure").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Describe the risk")
    assert axe_violations(page) == []
    page.get_by_label("To protect a child or an adult at risk").check()
    page.get_by_label("What is the risk?").fill("Her ex-partner threatened to hurt her tonight.")
    page.get_by_label("Why is the risk serious enough").fill("Immediate risk of serious harm.")
    page.locator("#asked_first-2").check()  # No
    page.get_by_label("If not, why not?").fill("He reads her messages; asking would alert him.")
    page.get_by_label("Recipient (as the programme's register names them)").select_option(
        "law-safeguarding"
    )
    page.get_by_label("Who is it shared with?").fill("Luton Adult Social Care")
    page.get_by_label("First name").check()
    page.get_by_label("Last name").check()
    page.get_by_label("Address line 1").check()
    page.get_by_label("Describe what is shared").fill("Her name and address, and the threat.")
    page.get_by_label("Shared outside Casework").check()
    page.get_by_label("It cannot wait for a second person's approval").check()
    page.get_by_label("Why can it not wait?").fill("She is in danger tonight.")
    page.get_by_label("Not yet: it is not safe to tell them now").check()
    page.get_by_label("Why is it not safe to tell them yet?").fill("It could raise the risk.")
    review = timezone.localdate() + datetime.timedelta(days=14)
    page.locator("#review_on-day").fill(str(review.day))
    page.locator("#review_on-month").fill(str(review.month))
    page.locator("#review_on-year").fill(str(review.year))
    page.get_by_role("button", name="Record disclosure").click()
    expect(page.get_by_role("heading", name="Disclosure without consent")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Immediate risk of serious harm.")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Not yet")
    expect(page.locator(".govuk-summary-list")).to_contain_text("She is in danger tonight.")
    screenshot(page, "disclosures-safeguarding-record")
    assert axe_violations(page) == []

    dpo = new_page(user=world.user("dpo"))
    dpo.goto("/disclosures/approvals")
    dpo.get_by_role("link", name="disclosure log").click()
    expect(dpo.get_by_role("heading", name="Disclosure log")).to_be_visible()
    log = dpo.locator("table").first
    expect(log).to_contain_text("Acme Foods")
    expect(log).to_contain_text("Luton Adult Social Care")
    expect(log).to_contain_text("Safeguarding or crime-prevention disclosure without consent")
    refusals = dpo.locator("table").nth(1)
    expect(refusals).to_contain_text("consent_withdrawn")
    expect(refusals).to_contain_text("no_consent")
    assert axe_violations(dpo) == []
    screenshot(dpo, "disclosures-log")
    dpo.get_by_label("Kind").select_option("safeguarding")
    dpo.get_by_role("button", name="Filter").click()
    expect(dpo.locator("table").first).not_to_contain_text("Acme Foods")
    dpo.get_by_role("link", name="Data-sharing agreements").click()
    expect(dpo.get_by_role("heading", name="Data-sharing agreements")).to_be_visible()
    assert axe_violations(dpo) == []


def test_the_other_disclosure_pages_are_accessible(new_page, world, ready):
    from casework.disclosures.testing import pending_safeguarding

    pending_safeguarding(ready, requested_by=world.user("specialist_a"))
    leader = new_page(user=world.user("team_leader_a"))
    leader.goto("/disclosures/approvals")
    expect(leader.get_by_role("link", name="Alice Archer")).to_be_visible()
    assert axe_violations(leader) == []
    leader.get_by_role("link", name="Alice Archer").click()
    expect(leader.get_by_role("heading", name="Your approval")).to_be_visible()
    leader.get_by_role("button", name="Record decision").click()
    expect(leader.locator(".govuk-error-summary")).to_contain_text("Select whether you approve")
    assert axe_violations(leader) == []
    leader.goto(f"/participants/{ready.pk}/disclosures/enquiry")
    leader.get_by_role("button", name="Send enquiry").click()
    expect(leader.locator(".govuk-error-summary")).to_contain_text("Enter what you are asking")
    assert axe_violations(leader) == []
    leader.goto(f"/participants/{ready.pk}/disclosures/referral")
    leader.get_by_role("button", name="Send referral").click()
    expect(leader.locator(".govuk-error-summary")).to_contain_text("Select what is shared")
    assert axe_violations(leader) == []

    dpo = new_page(user=world.user("dpo"))
    dpo.goto(f"/participants/{ready.pk}/disclosures")
    dpo.get_by_role("link", name="Answer a statutory request").click()
    dpo.get_by_role("button", name="Disclose").click()
    expect(dpo.locator(".govuk-error-summary")).to_contain_text("Enter the request's reference")
    assert axe_violations(dpo) == []
    dpo.goto(f"/programmes/{world.programme.slug}/disclosures/data-matching")
    expect(dpo.get_by_role("heading", name="Statutory data-matching extract")).to_be_visible()
    assert axe_violations(dpo) == []
