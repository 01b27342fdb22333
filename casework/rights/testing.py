"""Fixtures for other apps' tests (the access matrix): a field to correct and an objection that
is decided (not upheld, so it stops nothing) for the participant."""

from django.utils import timezone

from casework.rights.models import Objection, ObjectionDecision


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


def matrix_kwargs(participant) -> dict:
    return {"field": "phone", "objection_id": decided_objection(participant).pk}
