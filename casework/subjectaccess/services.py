"""Preparing, reviewing and releasing a subject access pack (UK GDPR Art 15).

A pack is prepared as a draft: an account of the record up to that moment, with its
third-party items (notes flagged as holding another person's information, documents supplied
by others, complaints) listed for review. The DPO decides each: released, a passage redacted,
or withheld in full, each redaction or withholding with its exemption. Releasing is refused
until the person's identity is verified and every item is decided; it is a disclosure through
the gate (casework.disclosures.services.disclose, kind subject access, to the person) and an
audit event, and the released pack is kept (encrypted) to be given again."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.access.permissions import Action, require_permission
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.disclosures import rules as disclosure_rules
from casework.disclosures.models import Delivery, DisclosureKind
from casework.disclosures.services import DisclosureRefused, disclose
from casework.subjectaccess.models import (
    Decision,
    Exemption,
    PackRedaction,
    PackStatus,
    SubjectAccessPack,
)
from casework.subjectaccess.pack import ItemDecision, Pack, apply_decisions, build_pack
from casework.subjectaccess.render import FORMATS, pack_csv, pack_json, pack_pdf

ALL_FORMATS = tuple(FORMATS)


def _decisions(pack: SubjectAccessPack) -> dict[str, ItemDecision]:
    return {
        r.item_key: ItemDecision(
            decision=r.decision,
            passage=r.passage,
            exemption_label=Exemption(r.exemption).label if r.exemption else "",
            reason=r.reason,
        )
        for r in pack.redactions.all()
        if r.decision != Decision.PENDING
    }


def pack_contents(pack: SubjectAccessPack) -> Pack:
    """The pack as it stands: the released copy, or the draft rebuilt as of its moment with
    the decisions taken so far."""
    if pack.status == PackStatus.RELEASED and pack.content:
        import json

        return Pack.from_dict(json.loads(pack.content))
    contents = build_pack(
        pack.participant, as_of=pack.as_of, request_reference=pack.request_reference
    )
    return apply_decisions(contents, _decisions(pack))


@transaction.atomic
def prepare_pack(*, by, participant, request_reference: str = "") -> SubjectAccessPack:
    require_permission(by, Action.MANAGE_REQUESTS, participant.programme)
    now = timezone.now()
    pack = SubjectAccessPack.objects.create(
        participant=participant,
        request_reference=(request_reference or "").strip()[:120],
        as_of=now,
        prepared_by=by,
        prepared_at=now,
    )
    contents = build_pack(participant, as_of=now)
    PackRedaction.objects.bulk_create(
        PackRedaction(pack=pack, item_key=record.key, item_title=f"{section}: {record.title}"[:200])
        for section, record in contents.review_items()
    )
    record_event(
        actor=by,
        action=AuditAction.PARTICIPANT_READ,
        participant=participant,
        purpose="subject_access.prepare",
    )
    return pack


def item_under_review(redaction: PackRedaction):
    """The item (pack.Record) a redaction decides, as the draft holds it (None if gone)."""
    pack = redaction.pack
    contents = build_pack(pack.participant, as_of=pack.as_of)
    return next((r for _, r in contents.review_items() if r.key == redaction.item_key), None)


def _item_text(redaction: PackRedaction) -> str:
    record = item_under_review(redaction)
    return "\n".join(item.value for item in record.items) if record else ""


@transaction.atomic
def decide_item(
    *,
    by,
    redaction: PackRedaction,
    decision: str,
    passage: str = "",
    exemption: str = "",
    reason: str = "",
) -> PackRedaction:
    """The DPO's decision on one third-party item. A redaction names the passage withheld (as
    it appears in the item) and its exemption; an item withheld in full names its exemption."""
    pack = redaction.pack
    require_permission(by, Action.MANAGE_REQUESTS, pack.participant.programme)
    errors: dict[str, list[str]] = {}
    passage = (passage or "").strip()
    reason = (reason or "").strip()
    if pack.status != PackStatus.DRAFT:
        errors["decision"] = ["This pack has been released: it can no longer be changed"]
    elif decision not in (Decision.RELEASED, Decision.REDACTED, Decision.WITHHELD):
        errors["decision"] = ["Select whether to release, redact or withhold this item"]
    else:
        if decision in (Decision.REDACTED, Decision.WITHHELD) and exemption not in Exemption.values:
            errors["exemption"] = ["Select the exemption that allows this to be withheld"]
        if decision == Decision.REDACTED:
            if not passage:
                errors["passage"] = ["Enter the passage to withhold, exactly as it appears"]
            elif passage not in _item_text(redaction):
                errors["passage"] = [
                    "The passage is not in this item: copy it exactly as it appears"
                ]
    if errors:
        raise ValidationError(errors)
    redaction.decision = decision
    redaction.passage = passage if decision == Decision.REDACTED else ""
    redaction.exemption = exemption if decision != Decision.RELEASED else ""
    redaction.reason = reason if decision != Decision.RELEASED else ""
    redaction.decided_by = by
    redaction.decided_at = timezone.now()
    redaction.save()
    record_event(
        actor=by,
        action=AuditAction.PARTICIPANT_RECORD,
        participant=pack.participant,
        purpose="subject_access.review",
        changed_fields=["decision", "passage", "exemption", "reason"],
    )
    return redaction


def release_pack(
    pack: SubjectAccessPack,
    *,
    by,
    identity_verified: bool,
    request_reference: str,
    formats=ALL_FORMATS,
) -> SubjectAccessPack:
    """Releases the pack to the person: refused, with every reason, when their identity is not
    verified, there is no request reference, or a third-party item is not yet reviewed."""
    participant = pack.participant
    require_permission(by, Action.MANAGE_REQUESTS, participant.programme)
    request_reference = (request_reference or "").strip()
    formats = [f for f in ALL_FORMATS if f in set(formats or ())]
    errors: dict[str, list[str]] = {}
    if pack.status != PackStatus.DRAFT:
        raise ValidationError({"__all__": ["This pack has already been released"]})
    if not identity_verified:
        errors["identity_verified"] = [
            "Confirm the person's identity has been verified: a pack is never released before"
        ]
    if not request_reference:
        errors["request_reference"] = ["Enter the reference of the subject access request"]
    pending = pack.redactions.filter(decision=Decision.PENDING).count()
    if pending:
        errors["__all__"] = [
            f"Review every third-party item first: {pending} "
            f"{'is' if pending == 1 else 'are'} not reviewed yet"
        ]
    if not formats:
        errors["formats"] = ["Select at least one format"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contents = pack_contents(pack)
        contents.request_reference = request_reference
        content = pack_json(contents)
        try:
            disclosure = disclose(
                by=by,
                programme=participant.programme,
                kind=DisclosureKind.SUBJECT_ACCESS,
                recipient_key=disclosure_rules.DATA_SUBJECT_KEY,
                purpose_key="right_of_access",
                participants=participant,
                fields=contents.field_references,
                delivery=Delivery.DOWNLOAD,
                content=content,
                recipient_name=participant.display_name,
                request_reference=request_reference,
            )
        except DisclosureRefused as refused:
            raise ValidationError({"__all__": [refused.message]}) from None
        pack.request_reference = request_reference
        pack.identity_verified = True
        pack.status = PackStatus.RELEASED
        pack.released_by = by
        pack.released_at = disclosure.disclosed_at
        pack.formats = formats
        pack.content = contents.to_json()
        pack.content_sha256 = hashlib.sha256(content).hexdigest()
        pack.disclosure = disclosure
        pack.save()
        record_event(
            actor=by,
            action=AuditAction.DISCLOSURE,
            participant=participant,
            purpose="subject_access.release",
        )
    return pack


RENDERERS = {"pdf": pack_pdf, "json": pack_json, "csv": pack_csv}


def download(*, by, pack: SubjectAccessPack, fmt: str) -> tuple[bytes, str, str]:
    """A released pack in one of its formats (content, content type, file name), audited."""
    if pack.status != PackStatus.RELEASED:
        raise ValidationError("Only a released pack can be downloaded")
    if fmt not in RENDERERS or fmt not in pack.formats:
        raise ValidationError("This pack was not released in that format")
    content = RENDERERS[fmt](pack_contents(pack))
    record_event(
        actor=by,
        action=AuditAction.EXPORT,
        participant=pack.participant,
        purpose="subject_access.download",
    )
    content_type, extension = FORMATS[fmt]
    return content, content_type, f"subject-access-pack-{pack.released_at:%Y-%m-%d}.{extension}"


def read(*, by, pack: SubjectAccessPack) -> Pack:
    """The pack's readable page (a draft to review, or the released pack), audited."""
    record_event(
        actor=by,
        action=AuditAction.PARTICIPANT_READ
        if pack.status == PackStatus.DRAFT
        else AuditAction.EXPORT,
        participant=pack.participant,
        purpose="subject_access.preview"
        if pack.status == PackStatus.DRAFT
        else "subject_access.download",
    )
    return pack_contents(pack)
