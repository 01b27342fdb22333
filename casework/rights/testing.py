"""Fixtures for other apps' tests (the access matrix): a field to correct, an objection that is
decided (not upheld, so it stops nothing) and an open rights request about the participant, in
the participant's programme (each made once)."""

from django.utils import timezone

from casework.rights.models import Objection, ObjectionDecision, RequestKind, RightsRequest


def decided_objection(participant) -> Objection:
    found = Objection.objects.filter(participant=participant).first()
    if found:
        return found
    return Objection.objects.create(
        participant=participant,
        purpose="support",
        received_on=timezone.localdate(),
        decision=ObjectionDecision.NOT_UPHELD,
        reasons="Compelling legitimate grounds",
        decided_at=timezone.now(),
    )


def request_for(participant, kind: str = RequestKind.ACCESS) -> RightsRequest:
    request = RightsRequest.objects.filter(participant=participant, kind=kind).first()
    if request is None:
        today = timezone.localdate()
        request = RightsRequest.objects.create(
            programme=participant.programme,
            reference=f"R-{str(participant.pk)[:6].upper()}{kind[:2].upper()}",
            kind=kind,
            channel="email",
            received_on=today,
            due_on=today,
            requester_name=participant.last_name,
            email="requester@example.com",
            details=participant.health_conditions or "A copy of my data",
            participant=participant,
            controller="Accountable Body Council",
        )
    return request


def matrix_kwargs(participant) -> dict:
    return {
        "field": "phone",
        "objection_id": decided_objection(participant).pk,
        "request_id": request_for(participant).pk,
    }
