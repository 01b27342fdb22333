"""Every write to participants' documents."""

import hashlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from casework.access.permissions import Action, require_permission
from casework.documents import sniffing, storage
from casework.documents.models import Document, DocumentKind
from casework.participants.models import Participant
from casework.register.selectors import uncollected_errors


def _require_editor(actor, participant: Participant) -> None:
    require_permission(actor, Action.EDIT_PARTICIPANT, participant.programme)


def _check_file(filename: str, content: bytes) -> sniffing.FileType:
    limit = settings.CASEWORK_DOCUMENT_MAX_BYTES
    if not content:
        raise ValidationError({"file": ["The selected file is empty"]})
    if len(content) > limit:
        raise ValidationError(
            {"file": [f"The selected file must be smaller than {limit // 2**20}MB"]}
        )
    file_type = sniffing.sniff(content)
    if file_type is None:
        raise ValidationError({"file": [f"The selected file must be a {sniffing.ALLOWED_LABELS}"]})
    extension = PurePath(filename).suffix.lower()
    if extension not in file_type.extensions:
        raise ValidationError(
            {
                "file": [
                    f"The selected file is a {file_type.label}, but its name ends in "
                    f"{extension or 'no file type'}: rename it or choose the right file"
                ]
            }
        )
    return file_type


@transaction.atomic
def add_document(
    *,
    actor,
    participant: Participant,
    kind: str,
    title: str,
    source: str,
    filename: str,
    content: bytes,
) -> Document:
    _require_editor(actor, participant)
    errors: dict[str, list[str]] = {}
    if kind not in DocumentKind.values:
        errors["kind"] = ["Select what kind of document this is"]
    if not title.strip():
        errors["title"] = ["Enter a title for the document"]
    if kind == DocumentKind.SCANNED_PAPER_RECORD and not source.strip():
        errors["source"] = ["Enter where the paper record came from"]
    try:
        file_type = _check_file(filename, content)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    errors.update(
        uncollected_errors(
            participant.programme, "documents.Document", {"title": title, "kind": kind}
        )
    )
    if errors:
        raise ValidationError(errors)
    storage_name = storage.save(content)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                participant=participant,
                kind=kind,
                title=title.strip(),
                source=source.strip(),
                original_filename=PurePath(filename).name[:255],
                content_type=file_type.content_type,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                storage_name=storage_name,
                uploaded_by=actor,
            )
    except Exception:
        storage.delete(storage_name)
        raise
    return document
