"""Fixtures for other apps' tests (the access matrix, browser tests): a participant's CV, a
consent to a named employer, and a safeguarding disclosure waiting for approval."""

import datetime

from django.utils import timezone

from casework.consents.models import ConsentDecision
from casework.disclosures.models import (
    Delivery,
    InformDecision,
    SafeguardingDisclosure,
    SafeguardingStatus,
)
from casework.documents import services as document_services

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def cv_of(participant, actor):
    """A CV uploaded for the participant through the documents service."""
    return document_services.add_document(
        actor=actor,
        participant=participant,
        kind="cv",
        title="CV 2026",
        source="",
        filename="cv.pdf",
        content=PDF,
    )


def consent_to(participant, purpose: str, recipient: str, *, given: bool = True, actor=None):
    return ConsentDecision.objects.create(
        participant=participant,
        purpose=purpose,
        recipient=recipient,
        given=given,
        decided_on=timezone.localdate(),
        channel="face_to_face",
        recorded_by=actor,
    )


def pending_safeguarding(participant, requested_by=None) -> SafeguardingDisclosure:
    """A safeguarding disclosure of the participant waiting for a second person (made once)."""
    found = SafeguardingDisclosure.objects.filter(participant=participant).first()
    if found:
        return found
    return SafeguardingDisclosure.objects.create(
        participant=participant,
        reason="safeguarding",
        risk="Risk",
        why_override="Serious",
        asked_first=True,
        recipient_key="law-safeguarding",
        recipient_name="Adult social care",
        fields=["participants.Participant.first_name"],
        what_was_shared="Name",
        delivery=Delivery.RECORDED,
        requested_by=requested_by,
        requested_at=timezone.now(),
        status=SafeguardingStatus.AWAITING_APPROVAL,
        inform=InformDecision.WILL_TELL,
        inform_on=timezone.localdate() + datetime.timedelta(days=7),
    )


def matrix_kwargs(participant) -> dict:
    return {"record_id": pending_safeguarding(participant).pk}


class FailingEmailBackend:
    """An email backend whose server is down (settings.EMAIL_BACKEND in a test)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")
