"""Reads of documents, always through the participant scope (casework.participants.selectors)."""

from django.core.exceptions import ValidationError
from django.http import Http404

from casework.documents import storage
from casework.documents.models import Document
from casework.participants.selectors import get_participant


def documents_of(user, participant_id):
    participant = get_participant(user, participant_id)
    return participant, list(participant.documents.select_related("uploaded_by"))


def document_content(user, participant, document_id) -> tuple[Document, bytes]:
    """A document of `participant`, who the caller has already read through the scoped selector
    (one audited read per download)."""
    try:
        document = participant.documents.get(pk=document_id)
    except (Document.DoesNotExist, ValidationError):
        raise Http404("No document found") from None
    return document, storage.read(document.storage_name)
