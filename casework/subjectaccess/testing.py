"""Fixtures for other apps' tests (the access matrix): a released pack with one reviewed item."""

from django.utils import timezone

from casework.subjectaccess.models import Decision, PackRedaction, PackStatus, SubjectAccessPack
from casework.subjectaccess.pack import build_pack
from casework.subjectaccess.render import FORMATS


def released_pack(participant) -> SubjectAccessPack:
    found = SubjectAccessPack.objects.filter(
        participant=participant, request_reference="SAR-MATRIX"
    ).first()
    if found:
        return found
    now = timezone.now()
    pack = SubjectAccessPack.objects.create(
        participant=participant,
        request_reference="SAR-MATRIX",
        status=PackStatus.RELEASED,
        as_of=now,
        prepared_at=now,
        released_at=now,
        identity_verified=True,
        formats=list(FORMATS),
        content=build_pack(participant, as_of=now).to_json(),
    )
    PackRedaction.objects.create(
        pack=pack, item_key="journey.CaseNote:x", item_title="Case note", decision=Decision.RELEASED
    )
    return pack


def matrix_kwargs(participant) -> dict:
    pack = released_pack(participant)
    return {"pack_id": pack.pk, "redaction_id": pack.redactions.get().pk, "fmt": "pdf"}
