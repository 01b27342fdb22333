"""Demo complaints and a breach for the data protection officer's pages, through the services.
Idempotent: complaints are keyed by the complainant's demo email address, the breach by its
short description."""

import datetime

from django.db import transaction
from django.utils import timezone

from casework.breaches import services as breach_services
from casework.breaches.models import Breach
from casework.complaints import services as complaint_services
from casework.complaints.models import Complaint
from casework.participants.models import Participant
from casework.staff.models import Membership, Role

DOMAIN = "complaint.example"
BREACH_SUMMARY = "Caseload list emailed to the wrong delivery partner"

# (local part, name, channel, days ago received, what it is about, how far it has got)
COMPLAINTS = (
    (
        "j.okafor",
        "Jade Okafor",
        "email",
        26,
        "I asked for my details to be corrected twice "
        "and my old address is still on the letters I get.",
        "received",
    ),
    (
        "p.lewis",
        "Peter Lewis",
        "letter",
        33,
        "My specialist told my job coach at the Jobcentre about my health without asking me first.",
        "received",
    ),
    (
        "r.begum",
        "Ruksana Begum",
        "phone",
        18,
        "I was not told my information would go to the DWP's evaluation researchers.",
        "acknowledged",
    ),
    ("d.fraser", "Dean Fraser", "email", 70, "My subject access request took too long.", "closed"),
)


@transaction.atomic
def load_complaints_and_breach(programme, today: datetime.date) -> int:
    dpo = Membership.objects.get(programme=programme, role=Role.DATA_PROTECTION_OFFICER).user
    people = list(
        Participant.objects.filter(programme=programme)
        .exclude(email="")
        .order_by("local_authority_identifier")[:3]
    )
    added = 0
    for local, name, channel, days, details, stage in COMPLAINTS:
        email = f"{local}@{DOMAIN}"
        if Complaint.objects.filter(programme=programme, email=email).exists():
            continue
        received = today - datetime.timedelta(days=days)
        complaint = complaint_services.record_complaint(
            actor=dpo,
            programme=programme,
            channel=channel,
            received_on=received,
            complainant_name=name,
            email=email,
            phone="",
            postal_address="",
            details=details,
            wanted_outcome="",
            participant=people[added % len(people)] if people and stage != "received" else None,
        )
        added += 1
        if stage == "received":
            continue
        complaint_services.acknowledge_complaint(
            actor=dpo,
            complaint=complaint,
            acknowledged_on=received + datetime.timedelta(days=3),
            how="email",
            text="Thank you: we are looking into your complaint.",
        )
        complaint_services.add_entry(
            actor=dpo,
            complaint=complaint,
            kind="note",
            text="Checked the record and spoke to the specialist and their team leader.",
            on=received + datetime.timedelta(days=5),
        )
        if stage == "closed":
            complaint_services.close_complaint(
                actor=dpo,
                complaint=complaint,
                outcome="partly_upheld",
                outcome_summary="The request was answered 9 days late. We have added a "
                "reminder so requests are answered within a month.",
                closed_on=received + datetime.timedelta(days=28),
                sent_how="email",
            )
    if not Breach.objects.filter(programme=programme, summary=BREACH_SUMMARY).exists():
        aware = timezone.now() - datetime.timedelta(hours=20)
        breach = breach_services.record_breach(
            actor=dpo,
            programme=programme,
            summary=BREACH_SUMMARY,
            report_type="initial",
            ico_reference="",
            what_happened="A spreadsheet of one specialist's caseload (names, phone numbers and "
            "next appointments) was emailed to a member of staff at another delivery partner.",
            cyber_incident="no",
            how_discovered="The person who received it told us the same day",
            occurred_at=aware - datetime.timedelta(hours=3),
            aware_at=aware,
            data_categories=["identity", "contact", "case_management"],
            data_categories_other="",
            subject_categories=["participants", "vulnerable_adults"],
            records_affected=28,
            records_count="exact",
            people_affected=28,
            people_count="exact",
            unidentified_people=0,
            likely_consequences="",
            containment="The recipient deleted the email and confirmed it in writing.",
        )
        breach_services.assess_risk(
            actor=dpo,
            breach=breach,
            risk="risk",
            risk_reasoning="Contact details only, sent to a partner bound by the same agreement.",
            likely_consequences="Little likely harm: the recipient is a trained caseworker.",
        )
        if people:
            breach_services.link_people(actor=dpo, breach=breach, participants=people[:2])
        added += 1
    return added
