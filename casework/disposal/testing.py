"""Test helpers: a shipped programme loaded as `programme load` does, and a participant holding
a record of every kind (so a test can show all of it gone or anonymised)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from casework.access.models import BreakGlassGrant
from casework.breaches.models import AffectedPerson, Breach
from casework.consents.models import ConsentDecision
from casework.disclosures.models import SafeguardingDisclosure
from casework.disposal.models import LegalHold, PaperFile
from casework.disposal.schedule import schedule_participant
from casework.documents import storage
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
from casework.profiles.models import EmploymentHistoryEntry, Qualification, VocationalProfile
from casework.programmes.models import Organisation, OrganisationRole
from casework.referrals.models import Referral
from casework.register.models import NoticeAcknowledgement
from casework.register.services import load_programme
from casework.rights.models import (
    Objection,
    Rectification,
    Restriction,
    SupplementaryStatement,
)
from casework.staff.models import StaffUser
from casework.subjectaccess.models import PackRedaction, SubjectAccessPack
from casework.testing import factories

SURNAME = "Quixotic-Farthingale"
HEALTH = "marker-health-condition-for-disposal"


@dataclass
class Held:
    participant: object
    document: Document
    paper_file: PaperFile


def load_shipped(slug: str, *, today: datetime.date | None = None):
    """One of programmes/*.yaml, loaded as `manage.py programme load` loads it."""
    path = settings.CASEWORK_PROGRAMMES_DIR / f"{slug}.yaml"
    return load_programme(path=path, today=today or datetime.date(2026, 1, 5)).programme


def participant_with_everything(programme, *, staff=None, surname: str = SURNAME, **fields):
    """A participant with a record of every kind: status history, referral, eligibility,
    consent, notice given, profile and employment history, a job with support, a milestone, a
    case note and its correction, a group booking, a document (an encrypted file) and a paper
    file."""
    area = programme.areas.order_by("code").first()
    organisation = (
        Organisation.objects.filter(
            programme_roles__programme=programme,
            programme_roles__role=OrganisationRole.JOINT_CONTROLLER,
        ).first()
        or Organisation.objects.filter(programme_roles__programme=programme).first()
    )
    participant = factories.ParticipantFactory(
        programme=programme,
        area=area,
        responsible_organisation=organisation,
        last_name=surname,
        date_of_birth=datetime.date(1990, 5, 17),
        postcode="LU1 3JH",
        health_conditions=HEALTH,
        **fields,
    )
    StatusChange.objects.create(
        participant=participant, to_status="referred", on=participant.referred_on
    )
    Referral.objects.create(
        programme=programme,
        area=area,
        channel="referral_partner",
        route="jobcentre_plus",
        received_at=timezone.now(),
        first_name=participant.first_name,
        last_name=surname,
        date_of_birth=participant.date_of_birth,
        postcode="LU1 3JH",
        agreement_how="in_person",
        agreement_recorded_at=timezone.now(),
        status="accepted",
        participant=participant,
    )
    EligibilityAssessment.objects.create(
        participant=participant,
        assessed_on=participant.referred_on,
        lives_in_area=True,
        right_to_work=True,
        on_other_dwp_programme=False,
        strand="out_of_work",
        qualifying_groups="[]",
        advice="[]",
        decision="eligible",
    )
    ConsentDecision.objects.create(
        participant=participant,
        purpose="share_with_employer",
        given=True,
        decided_on=participant.referred_on,
        channel="face_to_face",
    )
    version = programme.versions.order_by("-number").first()
    NoticeAcknowledgement.objects.create(
        participant=participant,
        version=version,
        given_on=participant.referred_on,
        method="paper",
    )
    VocationalProfile.objects.create(participant=participant, work_wanted="Gardening")
    EmploymentHistoryEntry.objects.create(
        participant=participant,
        employer=f"{surname} Ltd",
        role="Clerk",
        started_on=datetime.date(2015, 1, 1),
        reason_left="contract_ended",
    )
    job = Job.objects.create(
        participant=participant,
        employer="Acme",
        job_title="Porter",
        employment_type="employed",
        hours_per_week=16,
        hourly_pay=12,
        started_on=datetime.date(2026, 3, 2),
    )
    InWorkSupportContact.objects.create(
        job=job,
        contacted_on=datetime.date(2026, 3, 9),
        channel="in_person",
        summary=f"Spoke to {surname}",
    )
    milestone = Milestone.objects.create(
        participant=participant,
        outcome_key="sustained_13",
        label="13 weeks",
        achieved_on=datetime.date(2026, 6, 1),
        evidence={},
    )
    milestone.jobs.add(job)
    note = CaseNote.objects.create(participant=participant, text=f"{surname} and {HEALTH}")
    CaseNote.objects.create(participant=participant, text="A correction", corrects=note)
    session = GroupSession.objects.create(
        programme=programme,
        organisation=organisation,
        kind="workshop",
        title="Job club",
        starts_at=timezone.now(),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
        capacity=10,
        location="Library",
    )
    GroupBooking.objects.create(session=session, participant=participant, status="booked")
    content = f"%PDF-1.4 {surname}".encode()
    document = Document.objects.create(
        participant=participant,
        kind="cv",
        title=f"CV of {surname}",
        original_filename="cv.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
        storage_name=storage.save(content),
        uploaded_by=staff,
    )
    paper = PaperFile.objects.create(
        programme=programme,
        participant=participant,
        reference="LUT-0001",
        location="Cabinet 3, Luton office",
        opened_on=participant.referred_on,
    )
    Qualification.objects.create(participant=participant, title="Forklift", level="entry")
    goal = Goal.objects.create(participant=participant, description="Find work")
    ActionStep.objects.create(
        goal=goal, participant=participant, description="Write a CV", due_on=participant.referred_on
    )
    Appointment.objects.create(
        participant=participant, starts_at=timezone.now(), kind="in_person", attendance="attended"
    )
    WorkPlacement.objects.create(
        participant=participant,
        kind="volunteering",
        organisation="Food bank",
        role="Helper",
        hours_per_week=4,
        started_on=participant.referred_on,
    )
    staff = (
        staff
        or StaffUser.objects.filter(memberships__programme=programme).first()
        or (factories.StaffUserFactory())
    )
    BreakGlassGrant.objects.create(
        user=staff,
        participant=participant,
        reason="covering_caseload",
        granted_at=timezone.now(),
        expires_at=timezone.now(),
    )
    # A safeguarding disclosure's reasons, a restriction, an objection and a place among the
    # people a breach affected: the rights and data protection records that are theirs.
    now = timezone.now()
    SafeguardingDisclosure.objects.create(
        participant=participant,
        reason="safeguarding",
        risk=f"{surname} at risk",
        why_override="Serious harm",
        asked_first=True,
        recipient_key="law-safeguarding",
        recipient_name="The safeguarding hub",
        what_was_shared="Name",
        delivery="recorded",
        requested_by=staff,
        requested_at=now,
        status="disclosed",
        inform="will_tell",
    )
    Restriction.objects.create(
        participant=participant, reason="Accuracy contested", started_at=now, started_by=staff
    )
    Objection.objects.create(
        participant=participant, purpose="evaluation", received_on=participant.referred_on
    )
    Rectification.objects.create(
        participant=participant,
        field="participants.Participant.last_name",
        old_value=f"{surname}-Old",
        new_value=surname,
        reason="Spelt wrongly",
        corrected_at=now,
        corrected_by=staff,
    )
    SupplementaryStatement.objects.create(
        participant=participant,
        field="participants.Participant.gender",
        statement="Not what I said",
        council_view="The signed form says otherwise",
        recorded_at=now,
        recorded_by=staff,
    )
    pack = SubjectAccessPack.objects.create(
        participant=participant, request_reference="R-TEST", as_of=now, prepared_at=now
    )
    PackRedaction.objects.create(pack=pack, item_key="note:1", item_title="Case note")
    breach = Breach.objects.create(
        programme=programme,
        reference=f"B-{participant.pk.hex[:8]}",
        summary="Lost list",
        what_happened="A list was lost",
        how_discovered="Reported by staff",
        aware_at=now,
    )
    AffectedPerson.objects.create(breach=breach, participant=participant)
    # A hold placed and lifted: it no longer stops anything, and it goes with the record.
    LegalHold.objects.create(
        programme=programme,
        participant=participant,
        reason="complaint",
        placed_by=staff,
        placed_at=timezone.now(),
        review_on=participant.referred_on,
        lifted_by=staff,
        lifted_at=timezone.now(),
    )
    schedule_participant(participant)
    return Held(participant, document, paper)


def matrix_kwargs(participant) -> dict:
    """For the access matrix: a hold, a paper file due for destruction and a run in the
    participant's programme (made once)."""
    from casework.disposal.models import DisposalRun

    programme = participant.programme
    staff = StaffUser.objects.filter(memberships__programme=programme).first()
    hold = LegalHold.objects.filter(programme=programme, lifted_at__isnull=True).first()
    if hold is None:
        hold = LegalHold.objects.create(
            programme=programme,
            participant=participant,
            reason="complaint",
            placed_by=staff,
            placed_at=timezone.now(),
            review_on=datetime.date(2099, 1, 1),
        )
    paper = PaperFile.objects.filter(programme=programme).first() or PaperFile.objects.create(
        programme=programme,
        reference="MATRIX-1",
        location="Cabinet 1",
        opened_on=datetime.date(2026, 1, 5),
        destruction_due_since=datetime.date(2026, 1, 6),
    )
    run = DisposalRun.objects.filter(programme=programme).first() or DisposalRun.objects.create(
        kind="sweep",
        status="finished",
        started_at=timezone.now(),
        as_of=timezone.localdate(),
        programme=programme,
    )
    return {"hold_id": hold.pk, "paper_file_id": paper.pk, "run_id": run.pk}
