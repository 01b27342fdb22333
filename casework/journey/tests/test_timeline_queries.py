"""The timeline in a fixed number of queries, whatever the number and kinds of its entries
(issue 16, item 2), showing exactly what it showed when it read each kind on its own: the same
entries in the same order, with the same texts, flags, links, and notes hidden from a role
that may not see special category data."""

import datetime
import html as html_lib
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.consents.models import ConsentDecision
from casework.disclosures.models import Disclosure
from casework.documents.models import Document
from casework.eligibility.models import EligibilityAssessment
from casework.groupwork.models import GroupBooking, GroupSession
from casework.journey.models import (
    ActionStep,
    Appointment,
    CaseNote,
    Goal,
    InWorkSupportContact,
    Job,
    Milestone,
    WorkPlacement,
)
from casework.participants.models import StatusChange
from casework.referrals.models import Referral
from casework.register.models import NoticeAcknowledgement
from casework.testing.auth import sign_in
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 9, 0)
NOW = datetime.datetime(2026, 11, 23, 12, 0)
SNAPSHOT = Path(__file__).with_name("timeline_of_everything.txt")


def at(moment: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(moment)


def every_kind(world, participant, copies: int, clock) -> dict[str, str]:
    """`copies` records of every kind the timeline shows (one with every field filled, one with
    the optional ones empty, and so on), recorded a day apart from START. Returns each linked
    record's id with a name for it (the snapshot names links by record, not by random id)."""
    specialist, leader = world.user("specialist_a"), world.user("team_leader_a")
    for user, first, last in ((specialist, "Priya", "Hussain"), (leader, "Grace", "Okafor")):
        user.first_name, user.last_name = first, last  # not the factory's random names
        user.save()
    version = publish_register(world.programme)
    names: dict[str, str] = {str(participant.pk): "participant"}
    notes: list[CaseNote] = []
    for n in range(copies):
        day = (START + datetime.timedelta(days=7 * n)).date()
        clock.move_to(at(START + datetime.timedelta(days=7 * n)))
        by = specialist if n % 2 == 0 else leader
        StatusChange.objects.create(
            participant=participant,
            from_status="referred" if n == 0 else "enrolled",
            to_status="enrolled" if n % 3 != 2 else "exited",
            on=day,
            exit_reason="other" if n % 3 == 2 else "",
            exit_reason_detail="Moved to Scotland" if n % 3 == 2 else "",
            changed_by=by if n % 2 == 0 else None,
        )
        appointment = Appointment.objects.create(
            participant=participant,
            starts_at=at(START + datetime.timedelta(days=7 * n, hours=2)),
            kind=["in_person", "phone", "video"][n % 3],
            attendance="attended" if n % 2 else "",
            created_by=by,
        )
        names[str(appointment.pk)] = f"appointment{n}"
        ahead = Appointment.objects.create(
            participant=participant,
            starts_at=at(NOW + datetime.timedelta(days=n + 1)),
            kind="home_visit",
            created_by=by,
        )
        names[str(ahead.pk)] = f"appointment_ahead{n}"
        note = CaseNote.objects.create(
            participant=participant,
            text=f"Note {n}: wants warehouse work\nsecond line",
            contains_third_party_information=n % 2 == 0,
            corrects=notes[-1] if notes and n % 2 else None,
            author=by if n != 1 else None,
        )
        notes.append(note)
        names[str(note.pk)] = f"note{n}"
        job = Job.objects.create(
            participant=participant,
            employer=f"Employer {n}",
            job_title="Baggage handler",
            employment_type=["employed", "self_employed", "apprenticeship"][n % 3],
            hours_per_week=Decimal("22.50") if n % 2 else Decimal("30"),
            hourly_pay=Decimal("12.60"),
            started_on=day,
            ended_on=day + datetime.timedelta(days=3) if n % 2 else None,
            end_reason="resigned" if n % 2 else "",
            recorded_by=by,
        )
        names[str(job.pk)] = f"job{n}"
        InWorkSupportContact.objects.create(
            job=job,
            contacted_on=day + datetime.timedelta(days=1),
            channel="phone",
            with_employer=n % 2 == 0,
            summary=f"Support {n}: settling in",
            recorded_by=by,
        )
        WorkPlacement.objects.create(
            participant=participant,
            kind="volunteering" if n % 2 else "work_experience",
            organisation=f"Charity shop {n}",
            hours_per_week=Decimal("6"),
            started_on=day - datetime.timedelta(days=2),
            recorded_by=by,
        )
        for ahead_or_past, starts in (
            ("past", at(START + datetime.timedelta(days=7 * n, hours=5))),
            ("ahead", at(NOW + datetime.timedelta(days=n, hours=3))),
        ):
            session = GroupSession.objects.create(
                programme=world.programme,
                organisation=world.org_a,
                kind="job_club" if n % 2 else "workshop",
                title=f"Session {n} {ahead_or_past}",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                capacity=10,
            )
            names[str(session.pk)] = f"session{n}_{ahead_or_past}"
            GroupBooking.objects.create(
                session=session,
                participant=participant,
                status="attended" if ahead_or_past == "past" else "booked",
                booked_by=by,
            )
        Milestone.objects.create(
            participant=participant,
            outcome_key=f"outcome-{n}",
            label=f"{13 * (n + 1)} weeks in work",
            achieved_on=day + datetime.timedelta(days=4),
            evidence={"qualifying_weeks": list(range(n + 1)), "window_starts_on": str(day)},
            recorded_by=by,
        )
        Referral.objects.create(
            programme=world.programme,
            area=world.area_a,
            channel="referral_partner" if n % 2 == 0 else "phone",
            route="jobcentre_plus" if n % 2 == 0 else "self_referral",
            referring_organisation=world.org_a if n % 2 == 0 else None,
            received_at=at(START + datetime.timedelta(days=7 * n, hours=-1)),
            first_name=participant.first_name,
            last_name=participant.last_name,
            date_of_birth=participant.date_of_birth,
            postcode="LU1 1AA",
            national_insurance_number="QQ123456C",
            support_needs="Anxiety",
            agreement_how="phone",
            agreement_recorded_at=at(START),
            status="accepted",
            participant=participant,
        )
        EligibilityAssessment.objects.create(
            participant=participant,
            assessed_on=day,
            lives_in_area=True,
            right_to_work=True,
            on_other_dwp_programme=False,
            qualifying_groups='["disabled"]',
            strand="out_of_work",
            advice="[]",
            decision="eligible" if n % 2 == 0 else "referred_elsewhere",
            decision_reason="" if n % 2 == 0 else f"Debt first {n}: money advice",
            decided_by=by if n % 2 == 0 else None,
        )
        NoticeAcknowledgement.objects.create(
            participant=participant,
            version=version,
            given_on=day - datetime.timedelta(days=1) if n % 2 else day,
            method="paper" if n % 2 else "email",
            recorded_by=by,
        )
        ConsentDecision.objects.create(
            participant=participant,
            purpose="share_with_employer" if n % 2 else "referral",
            recipient="Acme Foods" if n % 2 else "",
            given=n % 3 != 1,
            decided_on=day,
            channel="email",
            recorded_by=by,
        )
        ConsentDecision.objects.create(
            participant=participant,
            purpose="a_retired_purpose",
            given=True,
            decided_on=day,
            channel="phone",
            recorded_by=None,
        )
        disclosure = Disclosure.objects.create(
            programme=world.programme,
            register_version=version,
            kind="document" if n % 2 == 0 else "referral",
            participant_count=1,
            recipient_key="employers-training",
            recipient_type="employer",
            recipient_description="An employer or training provider",
            recipient_name="Acme Foods" if n % 2 == 0 else "",
            purpose="job_matching",
            basis="consent",
            content_sha256="0" * 64,
            delivery="download",
            status="handed_over" if n % 2 == 0 else "not_sent",
            disclosed_by=by,
            disclosed_at=at(START + datetime.timedelta(days=7 * n, hours=3)),
        )
        disclosure.participants.add(participant)
        names[str(disclosure.pk)] = f"disclosure{n}"
        Document.objects.create(
            participant=participant,
            kind="cv" if n % 2 == 0 else "other",
            title=f"CV {n}",
            original_filename="cv.pdf",
            content_type="application/pdf",
            size=100,
            sha256="0" * 64,
            storage_name=f"{participant.pk}-{n}",
            uploaded_by=by if n % 2 == 0 else None,
        )
        goal = Goal.objects.create(
            participant=participant,
            description=f"Goal {n}: get a warehouse job",
            achieved_on=day if n == 1 else None,
            created_by=by,
        )
        names[str(goal.pk)] = f"goal{n}"
        for s, (due, completed) in enumerate(
            [
                [(day, None), (day + datetime.timedelta(days=1), day)],
                [],
                [(NOW.date() + datetime.timedelta(days=9), None)],
            ][n % 3]
        ):
            step = ActionStep.objects.create(
                goal=goal,
                participant=participant,
                description=f"Step {n}.{s}: update the CV",
                due_on=due,
                completed_on=completed,
                created_by=by,
            )
            names[str(step.pk)] = f"step{n}.{s}"
    clock.move_to(at(NOW))
    return names


def plan_as_text(page: str, names: dict[str, str]) -> list[str]:
    """What the page shows above the timeline (the actions, the milestones reached and the
    action plan), one line an item: its text, then its links and forms."""
    part = page.split(">Timeline</h1>", 1)[1].split(">Coming up</h2>", 1)[0]
    lines = ["== Above the timeline"]
    pattern = r"<h[23].*?</h[23]>|<li>.*?</li>|<p class=\"govuk-body\">.*?</p>"
    for item in re.findall(pattern, part, re.S):
        links = re.findall(r'(?:href|action)="([^"]+)"', item)
        text = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", item)).split())
        line = f"{text} {links}"
        for pk, name in names.items():
            line = line.replace(pk, name)
        lines.append(line)
    return lines


def entries_as_text(page: str, names: dict[str, str]) -> list[str]:
    """Each timeline entry as one line: its text (tags removed, spaces collapsed), then its
    links, with each record's id replaced by its name."""
    lines = []
    for section in ("Coming up", "What has happened"):
        part = page.split(f">{section}</h2>", 1)[1] if f">{section}</h2>" in page else ""
        part = part.split("</ol>", 1)[0]
        lines.append(f"== {section}")
        for item in re.findall(r'<li class="casework-timeline__entry.*?\n</li>', part, re.S):
            links = re.findall(r'href="([^"]+)"', item)
            text = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", item)).split())
            line = f"{text} {links}"
            for pk, name in names.items():
                line = line.replace(pk, name)
            lines.append(line)
    return lines


@pytest.fixture
def clock():
    with time_machine.travel(at(START), tick=False) as traveller:
        yield traveller


def page_of(client, participant) -> str:
    response = client.get(reverse("journey:timeline", args=[participant.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_timeline_of_every_kind_of_entry_shows_what_it_always_showed(
    client, world, participant_a, clock
):
    """Three of every kind: the page's entries, line by line, as the timeline read them kind by
    kind (the snapshot was written by that code). The special category role sees the notes and
    eligibility reasons; the auditor sees neither (and no links to record anything)."""
    names = every_kind(world, participant_a, 3, clock)
    sign_in(client, world.user("specialist_a"))
    page = page_of(client, participant_a)
    specialist = plan_as_text(page, names) + entries_as_text(page, names)
    sign_in(client, world.user("auditor_a"))
    page = page_of(client, participant_a)
    auditor = plan_as_text(page, names) + entries_as_text(page, names)
    written = ["# specialist_a", *specialist, "# auditor_a", *auditor]
    assert "\n".join(written) + "\n" == SNAPSHOT.read_text()


def test_the_timeline_costs_the_same_queries_for_one_entry_as_for_many_of_every_kind(
    client, world, participant_a, participant_b, clock
):
    """Issue 16.2: at most 12 queries (session, user and device; memberships and the
    organisation's parts; the participant; the page's reads; the audited read), whether the
    participant has one entry or four of every kind."""
    publish_register(world.programme)
    Appointment.objects.create(participant=participant_a, starts_at=at(START), kind="phone")
    every_kind(world, participant_b, 4, clock)
    for specialist, participant in (
        ("specialist_a", participant_a),
        ("specialist_b", participant_b),
    ):
        sign_in(client, world.user(specialist))
        page_of(client, participant)  # the first request after signing in does more

    def counted(specialist, participant) -> int:
        sign_in(client, world.user(specialist))
        page_of(client, participant)
        with CaptureQueriesContext(connection) as queries:
            page = page_of(client, participant)
        assert "What has happened" in page
        return len(queries.captured_queries)

    one = counted("specialist_a", participant_a)
    many = counted("specialist_b", participant_b)
    assert many == one <= 12


def test_the_timelines_one_statement_keeps_to_the_users_scope(world, participant_a, clock):
    """The statement returns the participant's rows only if the user may see the participant:
    nothing for a specialist of the other partner or a colleague whose caseload they are not on,
    everything once that colleague breaks glass. (The page opens only a participant in scope;
    the selector holds the scope on its own too, for every kind.)"""
    from casework.access.services import open_break_glass
    from casework.journey import selectors

    every_kind(world, participant_a, 1, clock)
    own = selectors.timeline(world.user("specialist_a"), participant_a)
    assert len(own) == 17  # one of every kind, an appointment and a session ahead
    assert selectors.timeline(world.user("specialist_b"), participant_a) == []
    colleague = world.user("specialist_a2")
    assert selectors.timeline(colleague, participant_a) == []
    open_break_glass(actor=colleague, participant=participant_a, reason="safeguarding")
    assert [e.title for e in selectors.timeline(colleague, participant_a)] == [e.title for e in own]
