"""The demo: South Midlands with staff in every role and 300 synthetic participants, a journey
for each, complaints, a breach and disclosures of each kind; a second run adds nothing.

The demo is loaded once for this module (the `loaded_demo` fixture, in a transaction rolled back
after the module; each test runs in a savepoint of its own inside it, so what a test writes, a
second load included, is undone before the next): loading it is most of these tests' time.
Loading into an empty database is tested in test_demo_loading.py."""

import pytest
from django.core.management import call_command

from casework.demo import data
from casework.disclosures.models import (
    Disclosure,
    DisclosureKind,
    SafeguardingDisclosure,
    SafeguardingStatus,
)
from casework.participants.models import Participant, Status
from casework.programmes.models import OrganisationRole, ProgrammeOrganisation
from casework.staff.models import Membership, Role, StaffUser

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded_demo")]


def test_demo_loads_once_and_a_second_run_adds_nothing():
    counts = (Participant.objects.count(), StaffUser.objects.count(), Membership.objects.count())
    assert counts == (300, len(data.STAFF), len(data.STAFF))
    call_command("load_demo", verbosity=0)
    assert (
        Participant.objects.count(),
        StaffUser.objects.count(),
        Membership.objects.count(),
    ) == counts

    joint = ProgrammeOrganisation.objects.filter(
        programme__slug="south-midlands", role=OrganisationRole.JOINT_CONTROLLER
    )
    assert joint.count() == 6
    assert all(link.areas.count() == 1 for link in joint)
    assert {m.role for m in Membership.objects.all()} == set(Role.values)
    assert {p.status for p in Participant.objects.all()} == set(Status.values)
    organisations_with_staff = {u.organisation_id for u in StaffUser.objects.all()}
    assert len(organisations_with_staff) >= 3
    assert all(
        p.national_insurance_number.startswith("QQ")
        for p in Participant.objects.exclude(nino_index="")
    )


def test_the_demo_has_complaints_at_every_stage_and_one_open_breach():
    from casework.breaches.models import Breach
    from casework.complaints.models import Complaint

    call_command("load_demo", verbosity=0)
    assert {c.status for c in Complaint.objects.all()} == {"received", "acknowledged", "closed"}
    assert Complaint.objects.count() == 4
    breach = Breach.objects.get()
    assert breach.status == "open" and breach.clock_running and breach.people.count() == 2


def test_every_specialist_has_a_realistic_caseload():
    for membership in Membership.objects.filter(role=Role.EMPLOYMENT_SPECIALIST):
        size = Participant.objects.filter(assigned_specialist=membership.user).count()
        assert 15 <= size <= 60, (membership.user.email, size)


def test_demo_participants_have_a_journey_matching_their_status():
    from casework.journey.models import Appointment, CaseNote, Job, Milestone

    counts = [m.objects.count() for m in (Appointment, CaseNote, Job, Milestone)]
    in_work = Participant.objects.filter(status=Status.IN_WORK)
    assert in_work.exists()
    assert all(p.jobs.filter(ended_on__isnull=True).exists() for p in in_work)
    keys = set(Milestone.objects.values_list("outcome_key", flat=True))
    assert keys == {"sustained_13_weeks", "sustained_26_weeks"}
    assert not Participant.objects.filter(status=Status.REFERRED, appointments__isnull=False)
    assert all(p.exit_reason for p in Participant.objects.filter(status=Status.EXITED))
    open_cases = Participant.objects.exclude(status__in=[Status.REFERRED, Status.EXITED])
    assert all(p.case_notes.exists() and p.appointments.exists() for p in open_cases)
    call_command("load_demo", verbosity=0)
    assert [m.objects.count() for m in (Appointment, CaseNote, Job, Milestone)] == counts


def test_the_demo_shows_every_stage_of_the_journey():
    from casework.consents.models import ConsentDecision
    from casework.documents.models import Document
    from casework.eligibility.models import EligibilityAssessment
    from casework.journey.models import InWorkSupportContact, WorkPlacement
    from casework.referrals.models import Channel, Referral, ReferralStatus
    from casework.register.models import NoticeAcknowledgement

    waiting = Referral.objects.filter(status=ReferralStatus.RECEIVED)
    assert waiting.count() == 12
    assert {Channel.REFERRAL_PARTNER, Channel.EXPRESSION_OF_INTEREST} <= set(
        waiting.values_list("channel", flat=True)
    )
    assert set(EligibilityAssessment.objects.values_list("decision", flat=True)) == {
        "eligible",
        "not_eligible",
        "referred_elsewhere",
    }
    enrolled_ever = Participant.objects.exclude(status=Status.REFERRED)
    # Everyone enrolled was given the notice and has an eligibility decision behind them.
    assert enrolled_ever.count() == (
        NoticeAcknowledgement.objects.values("participant").distinct().count()
    )
    assert all(p.eligibility_assessments.filter(decision="eligible") for p in enrolled_ever)
    assert ConsentDecision.objects.filter(given=True).exists()
    assert ConsentDecision.objects.filter(given=False).exists()  # withdrawn later
    assert Document.objects.filter(kind="cv").exists()
    assert Document.objects.filter(kind="scanned_paper_record").exclude(source="").exists()
    assert InWorkSupportContact.objects.exists()
    assert WorkPlacement.objects.filter(kind="volunteering").exists()
    call_command("load_demo", verbosity=0)
    assert Referral.objects.filter(status=ReferralStatus.RECEIVED).count() == 12


def test_the_demo_holds_disclosures_of_each_kind():
    kinds = set(Disclosure.objects.values_list("kind", flat=True))
    assert kinds == {
        DisclosureKind.DOCUMENT,
        DisclosureKind.REFERRAL,
        DisclosureKind.SAFEGUARDING,
        DisclosureKind.STATUTORY_REQUEST,
        DisclosureKind.EXTRACT,
    }
    extract = Disclosure.objects.get(kind=DisclosureKind.EXTRACT)
    assert extract.participant_count == extract.participants.count() > 1
    assert SafeguardingDisclosure.objects.filter(
        status=SafeguardingStatus.AWAITING_APPROVAL
    ).exists()
    count = Disclosure.objects.count()
    call_command("load_demo", verbosity=0)
    assert Disclosure.objects.count() == count
