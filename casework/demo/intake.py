"""Demo intake and the records around a participant's journey, all through the services: referrals
waiting in the inbox (from a partner, the public form and staff), eligibility decisions, enrolment
with the privacy notice and consents (some withdrawn later), documents, in-work support and
volunteering. Deterministic: each participant's choices come from a generator seeded by their
demo identifier."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from faker import Faker
from fpdf import FPDF

from casework.consents import services as consent_services
from casework.consents.models import ConsentPurpose
from casework.consents.selectors import offered_consents
from casework.demo import data
from casework.documents import services as document_services
from casework.eligibility import services as eligibility_services
from casework.eligibility.rules import Evidence
from casework.journey import services as journey_services
from casework.participants.models import Participant
from casework.referrals import services as referral_services
from casework.referrals.models import Referral
from casework.register.selectors import current_version
from casework.staff.models import StaffUser

WAITING_REFERRALS = 12
# Marks the demo's waiting referrals, so a second load adds none.
REFERRAL_EMAIL_DOMAIN = "referral.example"


def rng_for(participant: Participant, what: str) -> random.Random:
    return random.Random(f"{data.SEED}-{participant.local_authority_identifier}-{what}")


def decide_eligibility(actor, participant: Participant, on: datetime.date, decision="eligible"):
    """The specialist's eligibility decision, with the evidence they recorded."""
    rng = rng_for(participant, "eligibility")
    reasons = {
        "eligible": "",
        "not_eligible": "Already on Restart, another DWP employment programme",
        "referred_elsewhere": "Wants help with debt first: referred to the council's money advice",
    }
    return eligibility_services.record_decision(
        actor=actor,
        participant=participant,
        evidence=Evidence(
            date_of_birth=participant.date_of_birth,
            assessed_on=on,
            lives_in_area=True,
            right_to_work=True,
            on_other_dwp_programme=decision == "not_eligible",
            qualifying_groups=(rng.choice(["disabled", "health_condition", "carer"]),),
            strand=rng.choice(["out_of_work"] * 4 + ["in_work_retention"]),
        ),
        right_to_work_evidence=rng.choice(["UK passport seen", "Share code checked online"]),
        decision=decision,
        decision_reason=reasons[decision],
    )


def enrol(actor, participant: Participant, on: datetime.date) -> None:
    """Enrolment as a specialist records it: the eligibility decision, the privacy notice given,
    and the consents the participant chose."""
    rng = rng_for(participant, "consents")
    decide_eligibility(actor, participant, on)
    consents = []
    # The consents the programme's register offers (its consent-based purposes, and sharing
    # with a named employer where its employers need consent).
    for offered in offered_consents(participant.programme):
        if offered.names_a_recipient:
            if offered.key == ConsentPurpose.SHARE_WITH_EMPLOYER and rng.random() < 0.5:
                consents.append((offered.key, rng.choice(data.EMPLOYERS)))
        elif rng.random() < 0.7:
            consents.append((offered.key, ""))
    consent_services.enrol(
        actor=actor,
        participant=participant,
        on=on,
        notice_version=current_version(participant.programme),
        notice_method=rng.choice(["paper", "face_to_face", "face_to_face", "email"]),
        consents=consents,
    )
    # Some change their mind later: the withdrawal is recorded with its date and channel.
    if consents and rng.random() < 0.15:
        purpose, recipient = consents[0]
        consent_services.withdraw_consent(
            actor=actor,
            participant=participant,
            purpose=purpose,
            recipient=recipient,
            channel="phone",
            on=min(on + datetime.timedelta(days=rng.randrange(1, 20)), timezone.localdate()),
        )


def cv(participant: Participant) -> bytes:
    """A one-page CV as a real PDF, so the document store's type sniffing accepts it."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.cell(0, 10, f"{participant.first_name} {participant.last_name}", new_x="LMARGIN")
    pdf.ln(12)
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Curriculum vitae (synthetic demo data).\n\nProfile: reliable, keen to")
    return bytes(pdf.output())


def add_documents(actor, participant: Participant) -> None:
    rng = rng_for(participant, "documents")
    if rng.random() < 0.6:
        document_services.add_document(
            actor=actor,
            participant=participant,
            kind="cv",
            title="CV",
            source="",
            filename=f"cv-{participant.last_name.lower().replace(' ', '-')}.pdf",
            content=cv(participant),
        )
    if rng.random() < 0.2:
        document_services.add_document(
            actor=actor,
            participant=participant,
            kind="scanned_paper_record",
            title="Signed participant information sheet",
            source="Paper form signed at the first appointment, scanned at the office",
            filename="information-sheet.pdf",
            content=cv(participant),
        )


def support_in_work(actor, job, until: datetime.date) -> None:
    """In-work support contacts every few weeks from the job start."""
    rng = random.Random(f"{data.SEED}-{job.pk}-in-work")
    day = job.started_on + datetime.timedelta(days=7)
    last = min(until, job.ended_on or until)
    while day <= last:
        journey_services.record_in_work_support(
            actor=actor,
            job=job,
            contacted_on=day,
            channel=rng.choice(["in_person", "phone", "phone", "email"]),
            summary=rng.choice(data.IN_WORK_NOTES),
            with_employer=rng.random() < 0.3,
        )
        day += datetime.timedelta(days=rng.choice([14, 21, 28]))


def volunteer(actor, participant: Participant, from_day: datetime.date, today) -> None:
    """Volunteering: recorded, never counted as a job outcome."""
    rng = rng_for(participant, "volunteering")
    ended_on = from_day + datetime.timedelta(days=rng.choice([28, 42, 56]))
    journey_services.record_work_placement(
        actor=actor,
        participant=participant,
        kind=rng.choice(["volunteering", "work_experience"]),
        organisation=rng.choice(data.VOLUNTEERING),
        role=rng.choice(["Shop volunteer", "Kitchen assistant", "Gardening volunteer"]),
        hours_per_week=Decimal(rng.choice([4, 6, 8, 12])),
        started_on=from_day,
        ended_on=ended_on if ended_on < today else None,
    )


def load_waiting_referrals(programme, today: datetime.date) -> int:
    """Referrals waiting for a decision in the inbox: from the Jobcentre Plus referrer, the public
    form and contacts staff recorded. Returns how many it added (none on a second load)."""
    if Referral.objects.filter(
        programme=programme, email__endswith=f"@{REFERRAL_EMAIL_DOMAIN}"
    ).exists():
        return 0
    fake = Faker("en_GB")
    fake.seed_instance(data.SEED + 1)
    rng = random.Random(data.SEED + 1)
    referrer = StaffUser.objects.get(email=data.staff_email("referrer"))
    specialist = StaffUser.objects.get(email=data.staff_email("specialist.luton"))
    areas = {a.code: a for a in programme.areas.all()}
    for i in range(WAITING_REFERRALS):
        code = rng.choice(["E06000032", "E06000032", "E06000042", "E06000062"])
        first, last = fake.first_name(), fake.last_name()
        person = {
            "first_name": first,
            "last_name": last,
            "date_of_birth": fake.date_of_birth(minimum_age=18, maximum_age=64),
            "email": f"{first}.{last}{i}@{REFERRAL_EMAIL_DOMAIN}".lower().replace("'", ""),
            "phone": fake.phone_number(),
            "postcode": f"{rng.choice(data.OUTWARD_CODES[code])} {rng.randrange(10)}AB",
            "area": areas[code],
            "national_insurance_number": "",
            "support_needs": rng.choice(data.REFERRAL_NEEDS),
        }
        kind = i % 3
        if kind == 0 and code == "E06000032":
            referral = referral_services.submit_referral(
                actor=referrer,
                programme=programme,
                route="jobcentre_plus",
                agreement_how=rng.choice(["in_person", "phone"]),
                **person,
            )
        elif kind == 1:
            referral = referral_services.submit_expression_of_interest(
                programme=programme, **person
            )
        else:
            referral = referral_services.record_contact(
                actor=specialist if code == "E06000032" else specialist_for(programme, code),
                programme=programme,
                channel=rng.choice(["face_to_face", "phone", "email", "letter"]),
                route=rng.choice(["self_referral", "council", "voluntary_sector"]),
                **person,
            )
        # Received over the last fortnight, so the inbox has an order to it (demo data only:
        # the services always stamp the moment they are called).
        received = timezone.now() - datetime.timedelta(days=rng.randrange(0, 14), hours=i)
        Referral.objects.filter(pk=referral.pk).update(
            received_at=received, agreement_recorded_at=received
        )
    return WAITING_REFERRALS


def specialist_for(programme, code: str) -> StaffUser:
    """A specialist of the organisation responsible for the area `code`."""
    return (
        StaffUser.objects.filter(
            memberships__programme=programme,
            memberships__role="employment_specialist",
            organisation__programme_roles__programme=programme,
            organisation__programme_roles__areas__code=code,
        )
        .order_by("email")
        .first()
    )
