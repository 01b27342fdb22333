"""Fixtures for other apps' tests (the access matrix): an open rights request about the
participant, in the participant's programme (made once)."""

from django.utils import timezone

from casework.rights.models import RequestKind, RightsRequest


def request_for(participant) -> RightsRequest:
    request = RightsRequest.objects.filter(participant=participant).first()
    if request is None:
        today = timezone.localdate()
        request = RightsRequest.objects.create(
            programme=participant.programme,
            reference=f"R-{str(participant.pk)[:8].upper()}",
            kind=RequestKind.ACCESS,
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
    return {"request_id": request_for(participant).pk}
