"""The disclosure gate: `disclose` is the one service through which anything leaves Casework
(a CV to an employer, a referral, a safeguarding disclosure, a statutory request, a data-matching
extract, and later DWP returns, evaluation extracts and subject access packs). It checks the
register, the agreement or legal gateway, consent, restriction and objection at that moment;
refuses with a `DisclosureRefused` naming the failed check; and records the disclosure and one
audit event (Action.DISCLOSURE) in one transaction. What left is recorded by field names and
SHA-256, never a copy.

The kinds below (`send_document`, `refer`, `request_safeguarding_disclosure`, ...) gather what
each needs and call `disclose`."""

import datetime
import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from casework.access.permissions import Action, has_permission, require_permission
from casework.access.selectors import participant_scope
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.consents.models import ConsentDecision
from casework.disclosures import rules
from casework.disclosures.models import (
    Basis,
    Delivery,
    Disclosure,
    DisclosureKind,
    DisclosureStatus,
    InformDecision,
    SafeguardingDisclosure,
    SafeguardingReason,
    SafeguardingStatus,
)
from casework.participants.models import Participant
from casework.register.config import Recipient
from casework.register.selectors import collected_fields, current_config, current_version
from casework.rights.selectors import objecting_to, restricted_among

logger = logging.getLogger(__name__)


class DisclosureRefused(Exception):
    """A disclosure the checks refuse. `code` names the check that failed; `message` says why
    in words a member of staff can act on. Nothing was sent."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


def _refuse(code: str, message: str):
    raise DisclosureRefused(code, message)


class Subjects:
    """Whose data a disclosure holds: one Participant, a list of them, or a QuerySet of
    participants (a file of hundreds of thousands of people, never loaded as objects). Every
    check reads them in SQL through `ids` (a list, or a subquery of their ids); the disclosure's
    links are written with one INSERT ... SELECT."""

    def __init__(self, participants):
        self.given = participants
        if isinstance(participants, Participant):
            participants = [participants]
        if isinstance(participants, QuerySet):
            if participants.model is not Participant:
                raise TypeError("A disclosure's subjects are a queryset of participants")
            self.people = None
            self.query = Participant.objects.filter(pk__in=participants.values("pk")).order_by()
            self.ids = self.query.values("pk")
            self.count = self.expected = self.query.count()
        else:
            self.people = list(participants)
            self.ids = [p.pk for p in self.people]
            self.query = Participant.objects.filter(pk__in=self.ids).order_by()
            self.count = len(self.people)
            self.expected = len(set(self.ids))
        self._first = None

    def __len__(self) -> int:
        return self.count

    @property
    def first(self) -> Participant | None:
        """The one person of a disclosure about one participant (None for a file)."""
        if self.count != 1:
            return None
        if self.people is not None:
            return self.people[0]
        if self._first is None:
            self._first = self.query.get()
        return self._first

    def includes(self, pk) -> bool:
        if self.people is not None:
            return pk in self.ids
        return self.query.filter(pk=pk).exists()

    def outside(self, programme) -> bool:
        if self.people is not None:
            return any(p.programme_id != programme.pk for p in self.people)
        return self.query.exclude(programme_id=programme.pk).exists()

    def each(self):
        """The participants one at a time (a queryset in chunks: constant memory)."""
        if self.people is not None:
            return iter(self.people)
        return self.query.order_by("pk").iterator(chunk_size=2000)

    def audit_ids(self) -> list:
        """What an audit event about many of them lists: every id (as the event always has)."""
        if self.people is not None:
            return self.people
        return [str(pk) for pk in self.query.order_by("pk").values_list("pk", flat=True)]

    def link(self, disclosure) -> None:
        """The disclosure's many-to-many rows, in one statement whatever their number."""
        through = Disclosure.participants.through
        if self.people is not None:
            through.objects.bulk_create(
                [through(disclosure_id=disclosure.pk, participant_id=pk) for pk in set(self.ids)],
                batch_size=2000,
            )
            return
        sql, params = self.query.values_list("pk").query.sql_with_params()
        table = connection.ops.quote_name(through._meta.db_table)
        columns = ", ".join(
            connection.ops.quote_name(through._meta.get_field(name).column)
            for name in ("disclosure", "participant")
        )
        disclosure_id = through._meta.get_field("disclosure").get_db_prep_value(
            disclosure.pk, connection
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT %s, s.* FROM ({sql}) s",  # noqa: S608
                [disclosure_id, *params],
            )


def _participants(participants) -> Subjects:
    return participants if isinstance(participants, Subjects) else Subjects(participants)


def _recipient(config, key: str) -> Recipient | None:
    return next((r for r in config.recipients if r.key == key), None)


def _consent_in_force(participant, purposes: Sequence[str], name: str):
    """(decision in force or None, whether the latest decision for this name was a withdrawal)."""
    latest = (
        ConsentDecision.objects.filter(
            participant=participant, purpose__in=purposes, recipient__iexact=name.strip()
        )
        .order_by("-recorded_at", "-id")
        .first()
    )
    if latest is None:
        return None, False
    return (latest, False) if latest.given else (None, True)


@dataclass(frozen=True)
class Allowed:
    """What the checks found: the basis and what it rests on."""

    recipient: Recipient | None  # None: the data subject (a subject access pack)
    basis: str
    agreement_reference: str
    legal_gateway: str
    categories: tuple[str, ...]
    consent_decision: ConsentDecision | None
    despite_restriction: bool


def check(
    *,
    by,
    programme,
    kind: str,
    recipient_key: str,
    purpose_key: str,
    participants,
    fields: Iterable[str],
    recipient_name: str = "",
    document=None,
    today: datetime.date | None = None,
) -> Allowed:
    """Every check of a disclosure, at this moment, without sending anything. Raises
    DisclosureRefused naming the first check that fails (PermissionDenied if the role may not
    make this kind of disclosure at all)."""
    today = today or timezone.localdate()
    people = _participants(participants)
    fields = list(dict.fromkeys(fields))
    if kind not in DisclosureKind.values:
        _refuse("unknown_kind", f"{kind!r} is not a kind of disclosure")
    require_permission(by, rules.ACTIONS[kind], programme)
    if not people.count:
        _refuse("no_participants", "Choose whose data is to be disclosed")
    if people.count > 1 and kind not in rules.BULK_KINDS:
        _refuse("one_participant", "This kind of disclosure is about one participant")
    if people.outside(programme):
        _refuse("other_programme", "Every participant must be on this programme")
    ids = people.ids
    visible = Participant.objects.filter(participant_scope(by), pk__in=ids).count()
    if visible != people.expected:
        _refuse("not_in_scope", "You may disclose only the data of participants you can see")
    config = current_config(programme)
    if config is None:
        _refuse("no_register", "The programme has no register loaded: nothing can be shared")

    if kind == DisclosureKind.SUBJECT_ACCESS:
        return _check_subject_access(people, recipient_key, fields)

    # The recipient is declared for this programme, and of a type this kind may go to.
    recipient = _recipient(config, recipient_key)
    if recipient is None:
        _refuse(
            "recipient_not_declared",
            f"{recipient_key!r} is not a recipient declared in the programme's register",
        )
    if recipient.type not in rules.RECIPIENT_TYPES[kind]:
        _refuse(
            "wrong_recipient_type",
            f"{recipient.description} cannot receive a {DisclosureKind(kind).label.lower()}",
        )
    named_kinds = (
        DisclosureKind.DOCUMENT,
        DisclosureKind.ENQUIRY,
        DisclosureKind.REFERRAL,
        DisclosureKind.SAFEGUARDING,
    )
    if kind in named_kinds and not recipient_name.strip():
        _refuse("no_named_recipient", "Name the organisation the data goes to")

    # Only known fields the programme collects, each with its category.
    if not fields:
        _refuse("no_fields", "Choose what is to be shared")
    if (rules.DOCUMENT_CONTENT in fields) != (document is not None):
        _refuse("document_mismatch", "A document is shared as the document's content field")
    if document is not None and not people.includes(document.participant_id):
        _refuse("document_mismatch", "The document is not this participant's")
    collected = collected_fields(programme)
    collected_categories = {c.category for c in config.data_collected}
    categories: dict[str, None] = {}
    for reference in fields:
        category = rules.field_category(reference, document)
        if category is None:
            _refuse("unknown_field", f"{reference!r} is not a field in the register")
        if category not in collected_categories or (
            reference != rules.DOCUMENT_CONTENT and reference not in collected
        ):
            _refuse(
                "field_not_collected",
                f"{rules.field_label(reference)} is not collected by this programme",
            )
        categories[category] = None

    # The basis: an agreement in force covering this purpose and these categories, or a
    # declared legal gateway for a kind that may use one.
    agreement = recipient.agreement
    purposes = {p.key: p for p in config.purposes}
    agreement_reference = legal_gateway = ""
    if kind in rules.GATEWAY_KINDS and recipient.legal_gateway:
        basis = Basis.LEGAL_GATEWAY
        legal_gateway = recipient.legal_gateway
        if purpose_key not in rules.GATEWAY_PURPOSES_OF[kind]:
            _refuse(
                "gateway_purpose",
                f"A {DisclosureKind(kind).label.lower()} cannot be made for {purpose_key!r}",
            )
    elif agreement is not None:
        basis = Basis.CONSENT if recipient.consent_needed else Basis.AGREEMENT
        agreement_reference = agreement.reference
        if today < agreement.starts_on:
            _refuse(
                "agreement_not_started",
                f"The data-sharing agreement {agreement.reference} starts on "
                f"{agreement.starts_on:%-d %B %Y}",
            )
        if today > agreement.expires_on:
            _refuse(
                "agreement_expired",
                f"The data-sharing agreement {agreement.reference} expired on "
                f"{agreement.expires_on:%-d %B %Y}",
            )
        if purpose_key not in purposes:
            _refuse(
                "purpose_not_declared", f"{purpose_key!r} is not one of the programme's purposes"
            )
        if purpose_key not in agreement.purposes:
            _refuse(
                "purpose_not_in_agreement",
                f"The agreement {agreement.reference} does not cover the purpose "
                f"{purposes[purpose_key].description!r}",
            )
        for category in categories:
            if category not in agreement.categories:
                _refuse(
                    "category_not_in_agreement",
                    f"The agreement {agreement.reference} does not cover "
                    f"{rules.category_label(category).lower()}",
                )
        for reference in fields:
            if rules.field_category(reference, document) not in purposes[purpose_key].categories:
                _refuse(
                    "field_outside_purpose",
                    f"{rules.field_label(reference)} is not needed for the purpose "
                    f"{purposes[purpose_key].description!r}",
                )
    else:
        _refuse(
            "no_agreement_or_gateway",
            f"{recipient.description} has no data-sharing agreement or legal gateway for this",
        )

    # Consent, where the register says it is needed, to that named organisation.
    consent_decision = None
    if recipient.consent_needed and kind not in rules.GATEWAY_KINDS:
        consent_purposes = rules.CONSENT_PURPOSES.get(recipient.type, ())
        for person in people.each():
            decision, withdrawn = _consent_in_force(person, consent_purposes, recipient_name)
            if withdrawn:
                _refuse(
                    "consent_withdrawn",
                    f"{person.display_name} has withdrawn their consent to sharing with "
                    f"{recipient_name}",
                )
            if decision is None:
                _refuse(
                    "no_consent",
                    f"{person.display_name} has not consented to sharing with "
                    f"{recipient_name or recipient.description}",
                )
            consent_decision = decision

    # Restriction (Art 18) and objection (Art 21).
    restricted = restricted_among(ids)
    despite_restriction = False
    if restricted:
        if kind in rules.DESPITE_RESTRICTION_KINDS:
            despite_restriction = True
        else:
            _refuse(
                "restricted",
                "Processing is restricted for "
                + (people.first.display_name if people.count == 1 else f"{len(restricted)} of them")
                + ": nothing about them may be shared until the restriction is lifted",
            )
    objecting = objecting_to(purpose_key, ids)
    if objecting:
        _refuse(
            "objected",
            (people.first.display_name if people.count == 1 else f"{len(objecting)} of them")
            + " objected to this purpose",
        )
    return Allowed(
        recipient=recipient,
        basis=basis,
        agreement_reference=agreement_reference,
        legal_gateway=legal_gateway,
        categories=tuple(categories),
        consent_decision=consent_decision if people.count == 1 else None,
        despite_restriction=despite_restriction,
    )


def _check_subject_access(people, recipient_key: str, fields: list[str]) -> Allowed:
    """A subject access pack goes to the person it is about (Art 15): no agreement, gateway or
    consent is needed, and neither a restriction (Art 18 does not stop a person receiving their
    own data) nor an objection stops it. The fields must still be fields of the register."""
    if recipient_key != rules.DATA_SUBJECT_KEY:
        _refuse("wrong_recipient_type", "A subject access pack goes only to the person")
    if not fields:
        _refuse("no_fields", "Choose what is to be shared")
    categories: dict[str, None] = {}
    for reference in fields:
        category = rules.field_category(reference)
        if category is None:
            _refuse("unknown_field", f"{reference!r} is not a field in the register")
        categories[category] = None
    return Allowed(
        recipient=None,
        basis=Basis.RIGHT_OF_ACCESS,
        agreement_reference="",
        legal_gateway="",
        categories=tuple(categories),
        consent_decision=None,
        despite_restriction=bool(restricted_among(people.ids)),
    )


def _record_refusal(by, people, refused: DisclosureRefused) -> None:
    people = _participants(people)
    with transaction.atomic():
        record_event(
            actor=by,
            action=AuditAction.PERMISSION_DENIED,
            participant=people.first,
            participants=people.audit_ids() if people.count > 1 else (),
            purpose=f"disclosure refused: {refused.code}",
        )


def _hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def disclose(
    *,
    by,
    programme,
    kind: str,
    recipient_key: str,
    purpose_key: str,
    participants,
    fields: Iterable[str],
    delivery: str,
    content: bytes | str = b"",
    attachments: Sequence[Attachment] = (),
    recipient_name: str = "",
    recipient_email: str = "",
    subject: str = "",
    request_reference: str = "",
    document=None,
    content_digest: tuple[str, int] | None = None,
) -> Disclosure:
    """Checks and records one disclosure, and sends it if by email. `participants` is one
    Participant or many (a file of many people is one disclosure). `fields` are the field
    references (`app.Model.field`, or rules.DOCUMENT_CONTENT) the content holds, exactly: only
    those are recorded as having left. `content` is the message or the file; `attachments` go
    with an email. An email that fails leaves the disclosure recorded as not sent.
    `content_digest` is the (SHA-256, size) of a downloaded file too big to pass whole (a
    monthly return streamed to the document store), recorded instead of `content`'s."""
    people = _participants(participants)
    fields = list(dict.fromkeys(fields))
    content = content.encode() if isinstance(content, str) else content
    if delivery not in Delivery.values:
        raise ValidationError({"delivery": ["Select how the data is shared"]})
    if delivery == Delivery.EMAIL:
        try:
            validate_email(recipient_email)
        except ValidationError:
            raise ValidationError(
                {"recipient_email": ["Enter the email address to send it to"]}
            ) from None
    try:
        allowed = check(
            by=by,
            programme=programme,
            kind=kind,
            recipient_key=recipient_key,
            purpose_key=purpose_key,
            participants=people,
            fields=fields,
            recipient_name=recipient_name,
            document=document,
        )
    except DisclosureRefused as refused:
        _record_refusal(by, people, refused)
        raise
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            programme=programme,
            register_version=current_version(programme),
            kind=kind,
            participant_count=people.count,
            recipient_key=allowed.recipient.key if allowed.recipient else rules.DATA_SUBJECT_KEY,
            recipient_type=str(allowed.recipient.type)
            if allowed.recipient
            else rules.DATA_SUBJECT_KEY,
            recipient_description=allowed.recipient.description
            if allowed.recipient
            else rules.DATA_SUBJECT_DESCRIPTION,
            recipient_name=recipient_name.strip(),
            recipient_email=recipient_email.strip() if delivery == Delivery.EMAIL else "",
            purpose=purpose_key,
            basis=allowed.basis,
            agreement_reference=allowed.agreement_reference,
            legal_gateway=allowed.legal_gateway,
            consent_decision=allowed.consent_decision,
            request_reference=request_reference.strip(),
            despite_restriction=allowed.despite_restriction,
            categories=list(allowed.categories),
            fields=fields,
            document=document,
            content_sha256=content_digest[0] if content_digest else _hash(content),
            content_size=content_digest[1] if content_digest else len(content),
            attachments=[
                {"sha256": _hash(a.content), "size": len(a.content), "content_type": a.content_type}
                for a in attachments
            ],
            delivery=delivery,
            status=DisclosureStatus.SENDING,
            disclosed_by=by,
            disclosed_at=timezone.now(),
        )
        people.link(disclosure)
        record_event(
            actor=by,
            action=AuditAction.DISCLOSURE,
            participant=people.first,
            participants=people.audit_ids() if people.count > 1 else (),
            purpose=f"{kind}: {purpose_key}"[:40],
            changed_fields=fields,
        )
        status, failure = _deliver(disclosure, content, attachments, subject)
        disclosure.status = status
        disclosure.failure = failure
        disclosure.save(update_fields=["status", "failure"])
    return disclosure


def _deliver(disclosure, content: bytes, attachments, subject: str) -> tuple[str, str]:
    if disclosure.delivery == Delivery.DOWNLOAD:
        return DisclosureStatus.HANDED_OVER, ""
    if disclosure.delivery == Delivery.RECORDED:
        return DisclosureStatus.RECORDED, ""
    message = EmailMessage(
        subject=subject or "Information from Connect to Work",
        body=content.decode("utf-8", errors="replace"),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[disclosure.recipient_email],
    )
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.content_type)
    try:
        message.send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any failure to send is a disclosure not sent
        logger.warning("Disclosure %s not sent: %s", disclosure.pk, type(error).__name__)
        return DisclosureStatus.NOT_SENT, f"The email could not be sent ({type(error).__name__})"
    return DisclosureStatus.SENT, ""


# ---- what goes in a message -----------------------------------------------------------------


def field_value(participant, reference: str) -> str:
    """The value of a participant field reference as text, for the content that leaves."""
    model_label, _, name = reference.rpartition(".")
    if model_label != "participants.Participant":
        return ""
    display = getattr(participant, f"get_{name}_display", None)
    value = display() if callable(display) else getattr(participant, name, "")
    if isinstance(value, datetime.date):
        return value.strftime("%-d %B %Y")
    return "" if value is None else str(value)


def fields_text(participant, fields: Iterable[str]) -> str:
    return "\n".join(
        f"{rules.field_label(ref)}: {field_value(participant, ref)}"
        for ref in fields
        if ref != rules.DOCUMENT_CONTENT
    )


def _sender(by) -> str:
    organisation = getattr(by, "organisation", None)
    return by.get_full_name() + (f", {organisation.name}" if organisation else "")


# ---- the kinds --------------------------------------------------------------------------------

NAME_FIELDS = ("participants.Participant.first_name", "participants.Participant.last_name")


def purpose_for(programme, recipient_key: str, fields: Iterable[str], document=None) -> str:
    """The first purpose of the recipient's agreement that needs every one of these fields: what
    a page proposes when a member of staff does not choose one. Empty if none does."""
    config = current_config(programme)
    recipient = _recipient(config, recipient_key) if config else None
    if recipient is None or recipient.agreement is None:
        return ""
    needed = {rules.field_category(f, document) for f in fields}
    for purpose in config.purposes:
        if purpose.key in recipient.agreement.purposes and needed <= set(purpose.categories):
            return purpose.key
    return recipient.agreement.purposes[0]


def send_document(
    *,
    by,
    participant,
    document,
    recipient_key: str,
    recipient_name: str,
    delivery: str,
    recipient_email: str = "",
    purpose_key: str = "",
) -> tuple[Disclosure, bytes]:
    """A CV, application form or other document to a named employer or training provider, with
    the participant's name, by email (attached) or as a download. Returns the disclosure and
    the file (for the download)."""
    from casework.documents import storage

    if delivery not in (Delivery.EMAIL, Delivery.DOWNLOAD):
        raise ValidationError({"delivery": ["Select email or download"]})
    fields = [*NAME_FIELDS, rules.DOCUMENT_CONTENT]
    content = storage.read(document.storage_name)
    body = (
        f"Dear {recipient_name},\n\n"
        f"Please find attached the {document.get_kind_display()} of "
        f"{participant.first_name} {participant.last_name}, sent with their consent.\n\n"
        f"{_sender(by)}\n{participant.programme.name}\n"
    )
    disclosure = disclose(
        by=by,
        programme=participant.programme,
        kind=DisclosureKind.DOCUMENT,
        recipient_key=recipient_key,
        purpose_key=purpose_key
        or purpose_for(participant.programme, recipient_key, fields, document),
        participants=participant,
        fields=fields,
        delivery=delivery,
        content=body if delivery == Delivery.EMAIL else content,
        attachments=[Attachment(document.original_filename, content, document.content_type)]
        if delivery == Delivery.EMAIL
        else (),
        recipient_name=recipient_name,
        recipient_email=recipient_email,
        subject=f"{document.get_kind_display()} from {participant.programme.name}",
        document=document,
    )
    return disclosure, content


def refer(
    *,
    by,
    participant,
    recipient_key: str,
    recipient_name: str,
    fields: Iterable[str],
    message: str,
    delivery: str,
    recipient_email: str = "",
    purpose_key: str = "",
) -> tuple[Disclosure, bytes]:
    """An onward referral to a support organisation (or health service) the register names: the
    chosen fields and why the person is referred. Returns the disclosure and the letter (what
    left, for the download)."""
    fields = list(dict.fromkeys(fields))
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": ["Enter why you are referring them"]})
    body = (
        f"Dear {recipient_name},\n\nReferral from {participant.programme.name}.\n\n"
        f"{fields_text(participant, fields)}\n\n{message}\n\n{_sender(by)}\n"
    )
    disclosure = disclose(
        by=by,
        programme=participant.programme,
        kind=DisclosureKind.REFERRAL,
        recipient_key=recipient_key,
        purpose_key=purpose_key or purpose_for(participant.programme, recipient_key, fields),
        participants=participant,
        fields=fields,
        delivery=delivery,
        content=body,
        recipient_name=recipient_name,
        recipient_email=recipient_email,
        subject=f"Referral from {participant.programme.name}",
    )
    return disclosure, body.encode()


def make_enquiry(
    *,
    by,
    participant,
    recipient_key: str,
    recipient_name: str,
    purpose_key: str,
    fields: Iterable[str],
    question: str,
    delivery: str,
    recipient_email: str = "",
) -> tuple[Disclosure, bytes]:
    """An enquiry to an employer or education provider, to check eligibility or evidence a job
    outcome: exactly the fields chosen (a name and National Insurance number, say) and the
    question, nothing else."""
    fields = list(dict.fromkeys(fields))
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": ["Enter what you are asking"]})
    body = (
        f"Dear {recipient_name},\n\n{question}\n\n{fields_text(participant, fields)}\n\n"
        f"{_sender(by)}\n{participant.programme.name}\n"
    )
    disclosure = disclose(
        by=by,
        programme=participant.programme,
        kind=DisclosureKind.ENQUIRY,
        recipient_key=recipient_key,
        purpose_key=purpose_key,
        participants=participant,
        fields=fields,
        delivery=delivery,
        content=body,
        recipient_name=recipient_name,
        recipient_email=recipient_email,
        subject=f"Enquiry from {participant.programme.name}",
    )
    return disclosure, body.encode()


# ---- safeguarding and crime prevention, without consent ---------------------------------------

GATEWAY_PURPOSE_OF_REASON = {
    SafeguardingReason.SAFEGUARDING: "safeguarding",
    SafeguardingReason.SERIOUS_RISK: "safeguarding",
    SafeguardingReason.CRIME_PREVENTION: "crime_prevention",
}


def _validate_inform(inform, inform_on, not_yet_reason, review_on, today, errors) -> None:
    if inform not in InformDecision.values:
        errors["inform"] = ["Select whether the person will be told"]
    elif inform == InformDecision.WILL_TELL and not inform_on:
        errors["inform_on"] = ["Enter when they will be told"]
    elif inform == InformDecision.NOT_YET:
        if not (not_yet_reason or "").strip():
            errors["not_yet_reason"] = ["Enter why it is not safe to tell them yet"]
        if not review_on:
            errors["review_on"] = ["Enter when the decision not to tell them will be reviewed"]
        elif review_on <= today:
            errors["review_on"] = ["The review date must be in the future"]


def _safeguarding_content(record: SafeguardingDisclosure, participant) -> str:
    return (
        f"Dear {record.recipient_name},\n\n{record.get_reason_display()}.\n\n"
        f"{fields_text(participant, record.fields)}\n\n{record.what_was_shared}\n"
    )


def _disclose_safeguarding(*, by, record: SafeguardingDisclosure) -> SafeguardingDisclosure:
    participant = record.participant
    try:
        disclosure = disclose(
            by=by,
            programme=participant.programme,
            kind=DisclosureKind.SAFEGUARDING,
            recipient_key=record.recipient_key,
            purpose_key=GATEWAY_PURPOSE_OF_REASON[record.reason],
            participants=participant,
            fields=record.fields,
            delivery=record.delivery,
            content=_safeguarding_content(record, participant),
            recipient_name=record.recipient_name,
            recipient_email=record.recipient_email,
            subject=f"{record.get_reason_display()}: {participant.programme.name}",
        )
    except DisclosureRefused:
        record.status = SafeguardingStatus.REFUSED
        record.save(update_fields=["status"])
        raise
    record.disclosure = disclosure
    record.status = SafeguardingStatus.DISCLOSED
    record.save(update_fields=["disclosure", "status"])
    return record


def request_safeguarding_disclosure(
    *,
    by,
    participant,
    reason: str,
    risk: str,
    why_override: str,
    asked_first: bool | None,
    not_asked_reason: str = "",
    recipient_key: str,
    recipient_name: str,
    recipient_email: str = "",
    fields: Iterable[str],
    what_was_shared: str,
    delivery: str,
    urgent: bool = False,
    urgency_reason: str = "",
    inform: str,
    inform_on: datetime.date | None = None,
    not_yet_reason: str = "",
    review_on: datetime.date | None = None,
) -> SafeguardingDisclosure:
    """A disclosure without consent to protect someone or to prevent crime. With a second
    person's approval (`approve_safeguarding_disclosure`), or at once when the urgency is
    recorded. Either way the gate checks it at the moment it is made."""
    require_permission(by, Action.DISCLOSE, participant.programme)
    today = timezone.localdate()
    fields = list(dict.fromkeys(fields))
    errors: dict[str, list[str]] = {}
    if reason not in SafeguardingReason.values:
        errors["reason"] = ["Select why the data must be shared without consent"]
    for name, value, message in (
        ("risk", risk, "Describe the risk"),
        ("why_override", why_override, "Explain why the risk overrides their privacy"),
        ("recipient_name", recipient_name, "Enter who the data is shared with"),
        ("what_was_shared", what_was_shared, "Describe what is shared"),
    ):
        if not (value or "").strip():
            errors[name] = [message]
    if asked_first is None:
        errors["asked_first"] = ["Select whether the person was asked first"]
    elif not asked_first and not (not_asked_reason or "").strip():
        errors["not_asked_reason"] = ["Enter why the person was not asked first"]
    if not fields:
        errors["fields"] = ["Select what is shared"]
    if delivery not in (Delivery.EMAIL, Delivery.RECORDED):
        errors["delivery"] = ["Select how it is shared"]
    if urgent and not (urgency_reason or "").strip():
        errors["urgency_reason"] = ["Enter why it could not wait for a second person's approval"]
    _validate_inform(inform, inform_on, not_yet_reason, review_on, today, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record = SafeguardingDisclosure.objects.create(
            participant=participant,
            reason=reason,
            risk=risk.strip(),
            why_override=why_override.strip(),
            asked_first=asked_first,
            not_asked_reason="" if asked_first else not_asked_reason.strip(),
            recipient_key=recipient_key,
            recipient_name=recipient_name.strip(),
            recipient_email=recipient_email.strip(),
            fields=fields,
            what_was_shared=what_was_shared.strip(),
            delivery=delivery,
            urgent=urgent,
            urgency_reason=urgency_reason.strip() if urgent else "",
            requested_by=by,
            requested_at=timezone.now(),
            status=SafeguardingStatus.AWAITING_APPROVAL,
            inform=inform,
            inform_on=inform_on if inform == InformDecision.WILL_TELL else None,
            not_yet_reason=not_yet_reason.strip() if inform == InformDecision.NOT_YET else "",
            review_on=review_on if inform == InformDecision.NOT_YET else None,
        )
        record_event(
            actor=by,
            action=AuditAction.PARTICIPANT_RECORD,
            participant=participant,
            purpose="disclosure.safeguarding.request",
            changed_fields=["risk", "why_override", "what_was_shared", "inform"],
        )
    if urgent:
        # Checked and made now; the refusal (if any) is recorded on the request.
        _disclose_safeguarding(by=by, record=record)
    else:
        # Checked now too, so a request that could never be made is refused at once.
        try:
            check(
                by=by,
                programme=participant.programme,
                kind=DisclosureKind.SAFEGUARDING,
                recipient_key=recipient_key,
                purpose_key=GATEWAY_PURPOSE_OF_REASON[reason],
                participants=participant,
                fields=fields,
                recipient_name=recipient_name,
            )
        except DisclosureRefused as refused:
            record.status = SafeguardingStatus.REFUSED
            record.save(update_fields=["status"])
            _record_refusal(by, [participant], refused)
            raise
    return record


def _require_approver(by, record: SafeguardingDisclosure) -> None:
    if by.pk == record.requested_by_id:
        raise PermissionDenied("A second person must approve a disclosure you asked for.")
    require_permission(by, Action.APPROVE_DISCLOSURE, record.participant.programme)
    if not Participant.objects.filter(participant_scope(by), pk=record.participant_id).exists():
        raise PermissionDenied("You may approve only for participants you can see.")
    if record.status != SafeguardingStatus.AWAITING_APPROVAL:
        raise ValidationError("This disclosure is not waiting for approval")


def approve_safeguarding_disclosure(
    *, by, record: SafeguardingDisclosure, note: str = ""
) -> SafeguardingDisclosure:
    """The second person approves: the gate checks the disclosure now and makes it."""
    _require_approver(by, record)
    record.approved_by = by
    record.approved_at = timezone.now()
    record.decision_note = (note or "").strip()
    record.save(update_fields=["approved_by", "approved_at", "decision_note"])
    return _disclose_safeguarding(by=by, record=record)


@transaction.atomic
def decline_safeguarding_disclosure(
    *, by, record: SafeguardingDisclosure, note: str
) -> SafeguardingDisclosure:
    _require_approver(by, record)
    if not (note or "").strip():
        raise ValidationError({"note": ["Enter why the disclosure is not approved"]})
    record.approved_by = by
    record.approved_at = timezone.now()
    record.decision_note = note.strip()
    record.status = SafeguardingStatus.DECLINED
    record.save(update_fields=["approved_by", "approved_at", "decision_note", "status"])
    record_event(
        actor=by,
        action=AuditAction.PARTICIPANT_RECORD,
        participant=record.participant,
        purpose="disclosure.safeguarding.decline",
        changed_fields=["status", "decision_note"],
    )
    return record


@transaction.atomic
def record_inform_decision(
    *,
    by,
    record: SafeguardingDisclosure,
    inform: str,
    inform_on: datetime.date | None = None,
    not_yet_reason: str = "",
    review_on: datetime.date | None = None,
) -> SafeguardingDisclosure:
    """Revisits whether the person is told: told now, to be told on a date, or not yet (with a
    new review date)."""
    require_permission(by, Action.DISCLOSE, record.participant.programme)
    errors: dict[str, list[str]] = {}
    _validate_inform(inform, inform_on, not_yet_reason, review_on, timezone.localdate(), errors)
    if errors:
        raise ValidationError(errors)
    record.inform = inform
    record.inform_on = (
        inform_on
        if inform == InformDecision.WILL_TELL
        else (timezone.localdate() if inform == InformDecision.TOLD else None)
    )
    record.not_yet_reason = not_yet_reason.strip() if inform == InformDecision.NOT_YET else ""
    record.review_on = review_on if inform == InformDecision.NOT_YET else None
    record.save(update_fields=["inform", "inform_on", "not_yet_reason", "review_on"])
    record_event(
        actor=by,
        action=AuditAction.PARTICIPANT_RECORD,
        participant=record.participant,
        purpose="disclosure.safeguarding.inform",
        changed_fields=["inform", "inform_on", "not_yet_reason", "review_on"],
    )
    return record


# ---- statutory requests and extracts ------------------------------------------------------------


def answer_statutory_request(
    *,
    by,
    participant,
    recipient_key: str,
    recipient_name: str,
    request_reference: str,
    purpose_key: str,
    fields: Iterable[str],
    delivery: str,
    recipient_email: str = "",
) -> tuple[Disclosure, bytes]:
    """A statutory request (police under the crime exemption, a court order) answered under the
    recipient's legal gateway, with the request's reference. Returns the disclosure and the
    text that left (for the download)."""
    fields = list(dict.fromkeys(fields))
    errors = {}
    if not (request_reference or "").strip():
        errors["request_reference"] = ["Enter the request's reference"]
    if not (recipient_name or "").strip():
        errors["recipient_name"] = ["Enter who made the request"]
    if errors:
        raise ValidationError(errors)
    content = (
        f"Disclosure to {recipient_name}, request reference {request_reference}\n"
        f"{rules.GATEWAY_PURPOSES.get(purpose_key, purpose_key)}\n\n"
        f"{fields_text(participant, fields)}\n"
    ).encode()
    disclosure = disclose(
        by=by,
        programme=participant.programme,
        kind=DisclosureKind.STATUTORY_REQUEST,
        recipient_key=recipient_key,
        purpose_key=purpose_key,
        participants=participant,
        fields=fields,
        delivery=delivery,
        content=content,
        recipient_name=recipient_name,
        recipient_email=recipient_email,
        subject=f"Your request {request_reference}",
        request_reference=request_reference,
    )
    return disclosure, content


def extract_csv(participants: Sequence[Participant], fields: Sequence[str]) -> bytes:
    """A file of many people: one row each, one formula-safe column per field."""
    import csv
    import io

    from casework.core.exports import UTF8_BOM, safe_cell

    buffer = io.StringIO()
    buffer.write(UTF8_BOM)
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(rules.field_label(f)) for f in fields])
    for participant in participants:
        writer.writerow([safe_cell(field_value(participant, f)) for f in fields])
    return buffer.getvalue().encode("utf-8")


def produce_extract(
    *,
    by,
    programme,
    kind: str,
    recipient_key: str,
    purpose_key: str,
    participants: Sequence[Participant],
    fields: Sequence[str],
    request_reference: str = "",
) -> tuple[Disclosure, bytes]:
    """A file of many people (a statutory data-matching extract; later DWP returns and
    evaluation extracts), checked participant by participant and logged as one disclosure."""
    if kind not in rules.BULK_KINDS:
        raise ValueError(f"{kind} is not a kind of extract")
    content = extract_csv(participants, fields)
    disclosure = disclose(
        by=by,
        programme=programme,
        kind=kind,
        recipient_key=recipient_key,
        purpose_key=purpose_key,
        participants=participants,
        fields=fields,
        delivery=Delivery.DOWNLOAD,
        content=content,
        request_reference=request_reference,
    )
    return disclosure, content


def may_disclose(user, programme) -> bool:
    return has_permission(user, Action.DISCLOSE, programme)
