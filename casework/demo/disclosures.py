"""Demo disclosures of each kind the programme's register allows, made through the gate
(casework.disclosures.services), so the log, the timeline and the DPO's pages have something to
show. South Midlands declares no statutory data-matching recipient, so the demo's file of many
people is its DWP extract under the DWP agreement."""

import datetime

from django.utils import timezone

from casework.consents.models import ConsentDecision, ConsentPurpose
from casework.consents.services import give_consent
from casework.demo import data
from casework.disclosures import services
from casework.disclosures.models import Disclosure, DisclosureKind
from casework.disclosures.selectors import extract_population
from casework.participants.models import Participant
from casework.staff.models import StaffUser

FIRST, LAST = services.NAME_FIELDS
P = "participants.Participant."


def _user(local_part: str) -> StaffUser:
    return StaffUser.objects.get(email=data.staff_email(local_part))


def load_disclosures(programme) -> int:
    """Adds the demo disclosures once; returns how many it made."""
    if Disclosure.objects.filter(programme=programme).exists():
        return 0
    specialist = _user("specialist.luton")
    dpo = _user("dpo")
    caseload = list(
        Participant.objects.filter(assigned_specialist=specialist)
        .exclude(status__in=["referred", "exited"])
        .order_by("local_authority_identifier")
    )
    made = 0
    # A CV to an employer the participant consented to.
    for person in caseload:
        cv = person.documents.filter(kind="cv").first()
        latest = {}
        for decision in ConsentDecision.objects.filter(
            participant=person, purpose=ConsentPurpose.SHARE_WITH_EMPLOYER
        ).order_by("recorded_at", "id"):
            latest[decision.recipient] = decision.given
        employers = [name for name, given in latest.items() if given]
        if cv and employers:
            services.send_document(
                by=specialist,
                participant=person,
                document=cv,
                recipient_key="employers-training",
                recipient_name=employers[0],
                delivery="email",
                recipient_email="recruitment@employer.example",
            )
            made += 1
            break
    others = [p for p in caseload if not p.disclosures.exists()]
    if len(others) >= 4:  # a demo this small has too few people for one of each kind
        made += _one_of_each(specialist, dpo, others)
    # A file of many people under the DWP agreement (one disclosure of many).
    population = [p for p in extract_population(dpo, programme) if p.status != "referred"][:40]
    services.produce_extract(
        by=dpo,
        programme=programme,
        kind=DisclosureKind.EXTRACT,
        recipient_key="government-departments",
        purpose_key="reporting",
        participants=population,
        fields=[P + "national_insurance_number", P + "date_of_birth", P + "status"],
    )
    made += 1
    return made


def _one_of_each(specialist, dpo, others) -> int:
    """A referral, two safeguarding disclosures (one waiting for approval) and a police request,
    each about a different person."""
    made = 0
    # A referral to a support organisation, with consent.
    person = others[0]
    give_consent(
        actor=specialist,
        participant=person,
        purpose=ConsentPurpose.SHARE_WITH_SUPPORT_ORGANISATION,
        recipient="Luton Debt Advice",
        channel="face_to_face",
    )
    services.refer(
        by=specialist,
        participant=person,
        recipient_key="support-organisations",
        recipient_name="Luton Debt Advice",
        fields=[FIRST, LAST, P + "phone"],
        message="Rent arrears are stopping them looking for work; please contact them.",
        delivery="download",
    )
    made += 1
    # An urgent safeguarding disclosure, not told yet, with a review date.
    services.request_safeguarding_disclosure(
        by=specialist,
        participant=others[1],
        reason="safeguarding",
        risk="Disclosed that an ex-partner has found their new address and made threats.",
        why_override="A credible threat of serious harm; the notice allows sharing to protect "
        "an adult at risk.",
        asked_first=True,
        recipient_key="law-safeguarding",
        recipient_name="Luton Multi-Agency Safeguarding Hub",
        fields=[FIRST, LAST, P + "address_line_1", P + "postcode"],
        what_was_shared="Name and address, and what they told me about the threats.",
        delivery="recorded",
        urgent=True,
        urgency_reason="They were afraid to go home that evening; no team leader was free.",
        inform="not_yet",
        not_yet_reason="The MASH asked us not to until the police have visited.",
        review_on=timezone.localdate() + datetime.timedelta(days=14),
    )
    made += 1
    # One waiting for the team leader's approval.
    services.request_safeguarding_disclosure(
        by=specialist,
        participant=others[2],
        reason="safeguarding",
        risk="Mentioned that their teenage child is not attending school and is missing nights.",
        why_override="A child may be at risk of exploitation.",
        asked_first=False,
        not_asked_reason="Asking could lead them to stop engaging before help is arranged.",
        recipient_key="law-safeguarding",
        recipient_name="Luton Children's Services",
        fields=[FIRST, LAST, P + "address_line_1"],
        what_was_shared="Name and address, and the concern about their child.",
        delivery="recorded",
        inform="will_tell",
        inform_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    # (left waiting: the Luton team leader's Disclosures page shows it)
    # A police request under the crime exemption, answered by the DPO.
    services.answer_statutory_request(
        by=dpo,
        participant=others[3],
        recipient_key="law-safeguarding",
        recipient_name="Bedfordshire Police",
        request_reference="BP-DP-2026-0117",
        purpose_key="crime_prevention",
        fields=[FIRST, LAST, P + "date_of_birth", P + "address_line_1"],
        delivery="download",
    )
    made += 1
    return made
