"""One participant's whole journey through the pages, in headless Chromium: she expresses
interest on her phone, a specialist accepts the referral, checks eligibility, enrols her with the
privacy notice and her consents, plans and meets with her, keeps her CV, records her job start
and in-work support, and, 27 weeks later (the clock moved, never slept), records the 13- and
26-week sustainment milestones and her exit. axe-core finds no serious or critical violation on
any page of the walk; each page is screenshotted (test-artifacts/walk-*.png)."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from casework.journey.models import Milestone
from casework.participants.models import Participant, Status
from casework.referrals.models import Referral
from casework.testing.browser import ARTIFACTS, axe_violations, screenshot
from casework.testing.registers import publish_register

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
LONDON = datetime.timezone(datetime.timedelta(0))  # 2 March is GMT
DAY_ONE = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)  # a Monday
CV = Path(__file__).parent / "files" / "cv.pdf"


def fill_date(page, prefix: str, day: datetime.date, parts=("day", "month", "year")) -> None:
    for part in parts:
        page.locator(f"#{prefix}-{part}").fill(str(getattr(day, part)))


class Walk:
    """Checks and photographs every page the walk reaches."""

    def __init__(self):
        self.pages = 0
        for old in ARTIFACTS.glob("walk-*.png"):  # so the folder shows this walk only
            old.unlink(missing_ok=True)  # a second copy of the suite may run at once

    def check(self, page, name: str, heading: str, *, shows: str = "", phone: bool = False):
        """Waits (auto-waiting expect, never a bare read) for the page the last click led to:
        its main heading, and `shows` where the page re-renders under the same heading."""
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        if shows:
            expect(page.locator("main")).to_contain_text(shows)
        assert page.locator(".govuk-error-summary").count() == 0, (
            name,
            page.locator(".govuk-error-summary").inner_text(),
        )
        assert axe_violations(page) == [], name
        if phone:
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        screenshot(page, f"walk-{self.pages + 1:02d}-{name}")
        self.pages += 1


def test_expression_of_interest_to_a_26_week_job_and_exit(new_page, world):
    publish_register(world.programme, "south-midlands.yaml")
    walk = Walk()
    specialist = world.user("specialist_a")

    with time_machine.travel(DAY_ONE, tick=True) as clock:
        # 1. Monday 2 March 2026: Jo Bloggs asks to join, on her phone.
        phone = new_page(viewport=PHONE)
        phone.set_default_timeout(5000)
        phone.goto(f"/programmes/{world.programme.slug}/expression-of-interest")
        walk.check(phone, "interest-form", "Ask to join the programme", phone=True)
        phone.get_by_role("link", name="Read the privacy notice").click()
        walk.check(phone, "privacy-notice", "Privacy notice", phone=True)
        phone.go_back()
        expect(phone.get_by_role("heading", name="Ask to join the programme")).to_be_visible()
        phone.get_by_label("First name").fill("Jo")
        phone.get_by_label("Last name").fill("Bloggs")
        fill_date(phone, "date_of_birth", datetime.date(1990, 7, 14))
        phone.get_by_label("Email address (optional)").fill("jo.bloggs@example.com")
        phone.get_by_label("Postcode").fill("lu1 3hz")
        phone.get_by_label("Which council area do you live in?").select_option(label="Luton")
        phone.get_by_label("Tell us about the support you would like (optional)").fill(
            "I have arthritis and would like part-time work in an office."
        )
        phone.get_by_label("I have read how my information will be used").check()
        clock.shift(datetime.timedelta(minutes=3))  # a person takes a while to fill it in
        phone.get_by_role("button", name="Send").click()
        walk.check(phone, "interest-sent", "We have your details", phone=True)
        referral = Referral.objects.get(last_name="Bloggs")
        assert referral.channel == "expression_of_interest"

        # 2. The same morning: a specialist opens the referral and accepts it.
        clock.shift(datetime.timedelta(hours=1))
        page = new_page(user=specialist)
        page.set_default_timeout(5000)
        page.goto("/referrals/")
        walk.check(page, "referral-inbox", "Referrals waiting for a decision")
        page.get_by_role("link", name="Jo Bloggs").click()
        walk.check(page, "referral", "Referral of Jo Bloggs")
        page.get_by_role("button", name="Accept as a new participant").click()
        walk.check(page, "accept-form", "Add a participant")
        page.get_by_label("Woman", exact=True).check()
        page.get_by_label("Address line 1").fill("12 George Street")
        page.get_by_label("Town or city").fill("Luton")
        page.get_by_label("Employment specialist").select_option(label=specialist.get_full_name())
        page.get_by_role("button", name="Add participant").click()
        walk.check(page, "participant", "Jo Bloggs")
        participant = Participant.objects.get(last_name="Bloggs")
        assert participant.status == Status.REFERRED
        assert page.url.endswith(f"/participants/{participant.pk}/")

        # 3. Eligibility: the rules advise, the specialist decides.
        page.get_by_role("link", name="Eligibility").click()
        walk.check(page, "eligibility", "Eligibility and suitability")
        fill_date(page, "assessed_on", DAY_ONE.date())
        page.get_by_role("group", name="Do they live in the programme's area?").get_by_label(
            "Yes"
        ).check()
        page.get_by_role(
            "group", name="Have they shown they have the right to work in the UK?"
        ).get_by_label("Yes").check()
        page.get_by_label("What evidence did you see? (optional)").fill("UK passport seen")
        page.get_by_role("group", name=re.compile("another DWP employment programme")).get_by_label(
            "No"
        ).check()
        page.get_by_label("Physical or mental health condition").check()
        page.get_by_label("Out of work (up to 12 months of support)").check()
        page.get_by_role("button", name="Check against the rules").click()
        walk.check(
            page, "eligibility-advice", "Eligibility and suitability", shows="Every rule is met."
        )
        page.get_by_label("Eligible", exact=True).check()
        page.get_by_role("button", name="Record decision").click()
        walk.check(
            page,
            "eligibility-decided",
            "Eligibility and suitability",
            shows="Eligibility decision recorded.",
        )

        # 4. Enrolment, which the eligibility decision leads on to: the notice given, and her
        # consents, each on its own.
        page.get_by_role("button", name="Enrol Jo Bloggs").click()
        walk.check(page, "enrol", "Enrol on Test Connect to Work")
        fill_date(page, "enrolled_on", DAY_ONE.date())
        page.get_by_label("Read through face to face").check()
        # The consents South Midlands' register asks for (its consent-based purpose).
        page.get_by_label(
            "Their referrer may share their information to refer them onto the programme"
        ).check()
        page.get_by_role("button", name="Enrol").click()
        walk.check(page, "enrolled", "Jo Bloggs")
        participant.refresh_from_db()
        assert participant.status == Status.ENROLLED
        page.goto(f"/participants/{participant.pk}/consents")
        walk.check(page, "consents", "Consents")

        # 5. Her vocational profile: what she has done and what gets in the way.
        page.goto(f"/participants/{participant.pk}/")
        page.get_by_role("link", name="Vocational profile").click()
        walk.check(page, "profile", "Vocational profile")
        page.get_by_role("link", name="Change barriers").click()
        walk.check(page, "profile-barriers", "Barriers to work")
        page.get_by_label("Confidence").check()
        page.get_by_label("A health condition").check()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", name="Vocational profile")).to_be_visible()
        page.get_by_role("link", name="Add a job").click()
        walk.check(page, "profile-add-job", "Add a job to their employment history")
        page.get_by_label("Employer").fill("Bedford Borough Council")
        page.get_by_label("Role").fill("Receptionist")
        fill_date(page, "started_on", datetime.date(2015, 9, 1), parts=("month", "year"))
        fill_date(page, "ended_on", datetime.date(2019, 4, 1), parts=("month", "year"))
        page.get_by_role("button", name="Add job").click()
        walk.check(
            page,
            "profile-filled",
            "Vocational profile",
            shows="Receptionist at Bedford Borough Council",
        )

        # 6. The action plan, an appointment met, a case note, her CV.
        page.goto(f"/participants/{participant.pk}/timeline")
        walk.check(page, "timeline-new", "Timeline")
        page.get_by_role("link", name="Add a goal").click()
        walk.check(page, "goal-form", "Add a goal to the action plan")
        page.get_by_label("Goal").fill("Part-time office work near home")
        page.get_by_role("button", name=re.compile("Save|Add")).click()
        expect(page.get_by_role("heading", name="Part-time office work near home")).to_be_visible()
        page.get_by_role("link", name=re.compile("Add a step")).first.click()
        walk.check(page, "step-form", "Add a step")
        page.get_by_label("Step").fill("Update CV with the specialist")
        fill_date(page, "due_on", DAY_ONE.date() + datetime.timedelta(days=7))
        page.get_by_role("button", name=re.compile("Save|Add")).click()
        expect(page.get_by_text("Update CV with the specialist")).to_be_visible()
        page.get_by_role("link", name="Book an appointment").click()
        walk.check(page, "appointment-form", "Book an appointment")
        fill_date(page, "date", DAY_ONE.date())
        page.get_by_label("Time").fill("09:30")
        page.get_by_label("In person").check()
        page.get_by_role("button", name="Book appointment").click()
        expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
        page.get_by_role("link", name=re.compile("Record attendance")).first.click()
        walk.check(page, "attendance-form", "Record attendance")
        page.get_by_label("Attended").check()
        page.get_by_role("button", name="Save attendance").click()
        expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
        page.get_by_role("link", name="Add a case note").click()
        walk.check(page, "note-form", "Add a case note")
        page.get_by_label("Note", exact=True).fill("First meeting. Wants mornings only.")
        page.get_by_role("button", name="Save note").click()
        expect(page.locator(".casework-timeline")).to_contain_text("Wants mornings only.")
        page.goto(f"/participants/{participant.pk}/documents")
        walk.check(page, "documents", "Documents")
        page.get_by_role("button", name="Add a document").click()
        walk.check(page, "document-form", "Add a document")
        page.get_by_label("CV", exact=True).check()
        page.get_by_label("Title").fill("CV, March 2026")
        page.get_by_label("Upload a file").set_input_files(str(CV))
        page.get_by_role("button", name="Add document").click()
        walk.check(page, "documents-with-cv", "Documents", shows="CV, March 2026")

        # 7. A job club on Thursday: booked today, the register kept on the day.
        page.goto("/group-sessions")
        expect(page.get_by_role("heading", name="Group sessions")).to_be_visible()
        page.get_by_role("button", name="Set up a session").click()
        walk.check(page, "group-session-form", "Set up a group session")
        page.get_by_label("Title").fill("Thursday job club")
        page.get_by_label("Job club").check()
        fill_date(page, "date", DAY_ONE.date() + datetime.timedelta(days=3))
        page.get_by_label("Start time").fill("10:00")
        page.get_by_label("End time").fill("12:00")
        page.get_by_label("Where (if not online)").fill("Luton Central Library")
        page.get_by_label("Number of places").fill("10")
        page.get_by_role("button", name="Set up session").click()
        walk.check(page, "group-session", "Thursday job club", shows="has been set up")
        page.get_by_role("link", name="Book a participant").click()
        walk.check(page, "group-session-book", "Book a participant")
        page.get_by_label("Participant").select_option(str(participant.pk))
        page.get_by_role("button", name="Book").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Jo Bloggs is booked.")
        session_url = page.url
        clock.move_to(DAY_ONE + datetime.timedelta(days=3, hours=2))
        page = new_page(user=specialist)
        page.set_default_timeout(5000)
        page.goto(session_url)
        expect(page.get_by_role("heading", name="Thursday job club")).to_be_visible()
        page.get_by_role("link", name="Sign-in register").click()
        walk.check(page, "group-session-register", "Sign-in register")
        page.get_by_label("Jo Bloggs").check()
        page.get_by_role("button", name="Save the register").click()
        walk.check(
            page,
            "group-session-attended",
            "Thursday job club",
            shows="The register has been saved.",
        )

        # 8. Two weeks after she joined: a job start, 16 hours a week.
        clock.move_to(DAY_ONE + datetime.timedelta(days=14))
        page = new_page(user=specialist)
        page.set_default_timeout(5000)
        page.goto(f"/participants/{participant.pk}/timeline")
        expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
        page.get_by_role("link", name="Record a job start").click()
        walk.check(page, "job-form", "Record a job start")
        page.get_by_label("Employer").fill("Luton Housing Trust")
        page.get_by_label("Job title").fill("Administrator")
        page.get_by_label("Employed", exact=True).check()
        page.get_by_label("Hours per week").fill("16")
        page.get_by_label("Hourly pay").fill("12.60")
        job_start = DAY_ONE.date() + datetime.timedelta(days=14)
        fill_date(page, "started_on", job_start)
        page.get_by_role("button", name="Save job start").click()
        walk.check(page, "in-work", "Timeline", shows="Started work: Administrator")
        participant.refresh_from_db()
        assert participant.status == Status.IN_WORK

        # 9. 27 weeks after the job started: in-work support recorded, milestones reached.
        clock.move_to(DAY_ONE + datetime.timedelta(days=14, weeks=27))
        page = new_page(user=specialist)
        page.set_default_timeout(5000)
        page.goto("/")
        row = page.get_by_role("row").filter(has_text="Jo Bloggs")
        expect(row).to_contain_text("26 weeks in work")
        walk.check(page, "caseload-milestones-due", "My caseload")
        page.goto(f"/participants/{participant.pk}/timeline")
        expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
        page.get_by_role("link", name=re.compile("Record in-work support")).first.click()
        walk.check(page, "in-work-support-form", "Record in-work support")
        fill_date(page, "contacted_on", job_start + datetime.timedelta(days=7))
        page.get_by_label("Phone").check()
        page.get_by_label("Support given").fill(
            "Settling in well; agreed a review with her manager."
        )
        page.get_by_role("button", name=re.compile("Save")).click()
        walk.check(page, "timeline-milestones-due", "Timeline", shows="Milestones reached")
        for label in ("13 weeks in work", "26 weeks in work"):
            page.get_by_role("button", name=f"Record {label}").click()
            expect(page.get_by_role("button", name=f"Record {label}")).to_have_count(0)
        recorded = Milestone.objects.filter(participant=participant)
        assert sorted(recorded.values_list("outcome_key", flat=True)) == [
            "sustained_13_weeks",
            "sustained_26_weeks",
        ]
        assert recorded.get(outcome_key="sustained_26_weeks").achieved_on == (
            job_start + datetime.timedelta(weeks=26, days=-1)
        )
        walk.check(page, "milestones-recorded", "Timeline")

        # 10. She has finished her support: the exit starts the retention clocks.
        page.get_by_role("link", name="Record that they have left").click()
        walk.check(page, "exit-form", "Record that they have left")
        page.get_by_label("Completed their support").check()
        exit_day = timezone.localdate()
        fill_date(page, "on", exit_day)
        page.get_by_role("button", name="Record exit").click()
        timeline = page.locator(".casework-timeline")
        expect(timeline).to_contain_text("Exited")
        expect(timeline).to_contain_text("Completed their support")
        participant.refresh_from_db()
        assert participant.status == Status.EXITED
        assert participant.exited_on == exit_day
        # Everything on one timeline, from the form she sent to her exit.
        for entry in (
            "Referral received: expression of interest form",
            "Eligibility decided: eligible",
            "Given the privacy notice, version 1",
            "Consent given: their referrer may share their information to refer them onto the "
            "programme",
            "Document added: CV, March 2026",
            "Milestone achieved: 26 weeks in work",
            "Job club: Thursday job club",
        ):
            expect(timeline).to_contain_text(entry)
        walk.check(page, "exited", "Timeline")
        page.goto(f"/participants/{participant.pk}/")
        walk.check(page, "participant-exited", "Jo Bloggs")

    assert walk.pages >= 40
