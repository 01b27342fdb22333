"""Fixtures for other apps' tests (the access matrix): a closed complaint about the participant
and an open breach affecting them, in the participant's programme (made once each)."""

from django.utils import timezone

from casework.breaches.models import AffectedPerson, Breach
from casework.complaints.models import Complaint


def records_for(participant) -> tuple[Complaint, Breach, AffectedPerson]:
    today, now = timezone.localdate(), timezone.now()
    complaint = Complaint.objects.filter(participant=participant).first()
    if complaint is None:
        complaint = Complaint.objects.create(
            programme=participant.programme,
            reference=f"C-{str(participant.pk)[:8].upper()}",
            channel="email",
            received_on=today,
            acknowledge_by=Complaint.acknowledgement_due(today),
            complainant_name=participant.last_name,
            email="complainant@example.com",
            details=participant.health_conditions or "Complaint",
            participant=participant,
            status="closed",
            acknowledged_on=today,
            acknowledged_how="email",
            outcome="upheld",
            outcome_summary="Upheld",
            closed_on=today,
            outcome_sent_how="email",
        )
    person = AffectedPerson.objects.filter(participant=participant).select_related("breach").first()
    if person is None:
        breach = Breach.objects.create(
            programme=participant.programme,
            reference=f"B-{str(participant.pk)[:8].upper()}",
            summary="Breach",
            what_happened="Something happened",
            cyber_incident="no",
            how_discovered="Told",
            aware_at=now,
            data_categories=["identity"],
            subject_categories=["participants"],
        )
        person = AffectedPerson.objects.create(breach=breach, participant=participant)
    return complaint, person.breach, person


def matrix_kwargs(participant) -> dict:
    complaint, breach, person = records_for(participant)
    return {"complaint_id": complaint.pk, "breach_id": breach.pk, "person_id": person.pk}
