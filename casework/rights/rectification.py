"""Rectification (UK GDPR Art 16): the DPO corrects a participant's declared field, keeping the
value before (encrypted) in the record's history with the reason and who corrected it, and lists
the recipients that received the field, to be told of the correction (Art 19). Where the council
disagrees that the field is wrong, the person's supplementary statement is attached instead.

The new value is validated exactly as an edit of the record is: the page uses the edit form's own
field, and the write goes through casework.participants.services.correct_field (the model's
validators and the programme's rules). Every step is audited in the same transaction."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import JSONField, Value
from django.db.models.functions import Concat, Trim
from django.utils import timezone
from django.utils.text import capfirst

from casework.access.permissions import Action, has_permission, require_permission
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.core.fields import EncryptedTextField
from casework.core.formatting import uk_date
from casework.disclosures.selectors import recipients_to_tell
from casework.participants import services as participant_services
from casework.participants.models import Participant
from casework.register.fields import personal_fields_of
from casework.register.selectors import participant_fields_not_collected
from casework.rights.models import Rectification, SupplementaryStatement

MODEL = "participants.Participant"
CORRECTED = "rights.rectification.correct"
STATEMENT = "rights.rectification.statement"
ANOTHER_DETAIL = "The record cannot be saved until another detail is corrected first: {message}"


def reference(name: str) -> str:
    """The register's reference for a participant field, as the disclosure log keeps it."""
    return f"{MODEL}.{name}"


def field_name(ref: str) -> str:
    return ref.rsplit(".", 1)[-1]


def label_of(name: str) -> str:
    return capfirst(str(Participant._meta.get_field(name).verbose_name))


def correctable_fields(actor, participant) -> list[tuple[str, str]]:
    """(name, label) of the fields the actor may correct on this participant: declared in the
    register, collected by the programme, and special category only for roles that see it."""
    declared = personal_fields_of(MODEL)
    not_collected = participant_fields_not_collected(participant.programme)
    special = set(participant_services.SPECIAL_CATEGORY_FIELDS)
    sees_special = has_permission(actor, Action.VIEW_SPECIAL_CATEGORY, participant.programme)
    return [
        (name, label_of(name))
        for name in participant_services.CORRECTABLE_FIELDS
        if name in declared and name not in not_collected and (sees_special or name not in special)
    ]


def stored_text(value) -> str:
    """A field's value as the history keeps it (a date as YYYY-MM-DD)."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def shown(name: str, text: str) -> str:
    """A kept value as a person reads it: a choice by its label, a date as '3 March 2026'."""
    if not text:
        return "Not given"
    field = Participant._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(text, text))
    if field.get_internal_type() == "DateField":
        try:
            return uk_date(datetime.date.fromisoformat(text))
        except ValueError:
            return text
    return text


def _require(actor, participant, name: str) -> None:
    require_permission(actor, Action.MANAGE_REQUESTS, participant.programme)
    if name not in dict(correctable_fields(actor, participant)):
        raise ValidationError({name: ["This detail cannot be corrected here"]})


@transaction.atomic
def rectify(*, actor, participant, field: str, value, reason: str) -> Rectification:
    """Corrects `field` (a Participant field name) to `value`, with the reason, keeping the value
    before. Refused, with nothing saved, when the value is invalid (the edit's own messages),
    unchanged, or the reason is missing."""
    _require(actor, participant, field)
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = ["Enter why the detail is corrected"]
    if stored_text(value) == stored_text(getattr(participant, field)):
        errors[field] = ["Enter the corrected value: this is the value the record holds now"]
    if errors:
        raise ValidationError(errors)
    try:
        old = participant_services.correct_field(
            actor=actor, participant=participant, name=field, value=value
        )
    except ValidationError as error:
        raise _about_the_field(error, field) from error
    recipients = recipients_to_tell(actor, participant, [reference(field)])
    rectification = Rectification.objects.create(
        participant=participant,
        field=reference(field),
        old_value=stored_text(old),
        new_value=stored_text(getattr(participant, field)),
        reason=reason,
        recipients_to_tell=[list(r) for r in recipients],
        corrected_at=timezone.now(),
        corrected_by=actor,
    )
    record_event(
        actor=actor,
        action=AuditAction.PARTICIPANT_RECORD,
        participant=participant,
        purpose=CORRECTED,
        changed_fields=[field],
    )
    return rectification


def _about_the_field(error: ValidationError, field: str) -> ValidationError:
    """The record's other fields are not on the page: their problems are said as one message."""
    if not hasattr(error, "error_dict"):
        return error
    result: dict[str, list[str]] = {}
    for name, messages in error.message_dict.items():
        if name == field:
            result.setdefault(field, []).extend(messages)
        else:
            result.setdefault("__all__", []).extend(
                ANOTHER_DETAIL.format(message=f"{label_of(name)}: {m}")
                if name in {f.name for f in Participant._meta.fields}
                else m
                for m in messages
            )
    return ValidationError(result)


@transaction.atomic
def attach_statement(
    *, actor, participant, field: str, statement: str, council_view: str
) -> SupplementaryStatement:
    """The council disagrees that `field` is inaccurate: the person's statement is attached to
    the record, with why the council does not correct it."""
    _require(actor, participant, field)
    statement = (statement or "").strip()
    council_view = (council_view or "").strip()
    errors: dict[str, list[str]] = {}
    if not statement:
        errors["statement"] = ["Enter the person's statement, in their words"]
    if not council_view:
        errors["council_view"] = ["Enter why the council does not correct the detail"]
    if errors:
        raise ValidationError(errors)
    attached = SupplementaryStatement.objects.create(
        participant=participant,
        field=reference(field),
        statement=statement,
        council_view=council_view,
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        action=AuditAction.PARTICIPANT_RECORD,
        participant=participant,
        purpose=STATEMENT,
        changed_fields=[field],
    )
    return attached


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    field: str
    label: str
    kind: str  # "correction" or "statement"
    before: str = ""
    after: str = ""
    reason: str = ""
    by: str = ""
    recipients: tuple = ()
    statement: str = ""
    council_view: str = ""


def history(user, participant) -> list[HistoryEntry]:
    """The corrections and supplementary statements on the record, newest first, for a user who
    can already see the record (the caller read it through the participant selectors): special
    category fields' history only for roles that see special category data."""
    sees_special = has_permission(user, Action.VIEW_SPECIAL_CATEGORY, participant.programme)
    special = set(participant_services.SPECIAL_CATEGORY_FIELDS)
    entries = []
    for kind, when, field, first, second, reason, recipients, by in _history_rows(participant):
        name = field_name(field)
        if name in special and not sees_special:
            continue
        if kind == _CORRECTION:
            entry = HistoryEntry(
                when,
                name,
                label_of(name),
                "correction",
                before=shown(name, first),
                after=shown(name, second),
                reason=reason,
                by=by,
                recipients=tuple(n or k for k, n in recipients or ()),
            )
        else:
            entry = HistoryEntry(
                when,
                name,
                label_of(name),
                "statement",
                by=by,
                statement=first,
                council_view=second,
            )
        entries.append(entry)
    return sorted(entries, key=lambda e: e.when, reverse=True)


_CORRECTION, _STATEMENT = 0, 1


def _history_rows(participant):
    """The corrections and the statements on a record in one UNION ALL (one statement where the
    participant's page made two): (kind, when, field, before or statement, after or council's
    view, reason, recipients to tell, by whom). Each column is converted, and decrypted, by the
    correction's own field, the statements' values being the same kinds of field."""
    corrections = (
        Rectification.objects.filter(participant=participant)
        .order_by()
        .values_list(
            Value(_CORRECTION),
            "corrected_at",
            "field",
            "old_value",
            "new_value",
            "reason",
            "recipients_to_tell",
            _full_name("corrected_by"),
        )
    )
    statements = (
        SupplementaryStatement.objects.filter(participant=participant)
        .order_by()
        .values_list(
            Value(_STATEMENT),
            "recorded_at",
            "field",
            "statement",
            "council_view",
            Value(None, output_field=EncryptedTextField()),
            Value(None, output_field=JSONField()),
            _full_name("recorded_by"),
        )
    )
    return list(corrections.union(statements, all=True))


def _full_name(user_relation: str):
    """The member of staff's name as `get_full_name()` gives it, in SQL ("" for nobody)."""
    return Trim(Concat(f"{user_relation}__first_name", Value(" "), f"{user_relation}__last_name"))
