"""Every write to a participant record. Keyword-only, atomic; each function validates the whole
record and either saves all of it or nothing, raising ValidationError keyed by field name. Each
write records one audit event, with the names (never the values) of the fields it changed, in
the same transaction."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.access.permissions import Action, require_permission
from casework.access.selectors import area_scope, participant_scope
from casework.audit.models import Action as AuditAction
from casework.audit.models import Purpose
from casework.audit.services import record_event
from casework.disposal.schedule import schedule_participant
from casework.participants.matching import (
    NEEDS_PROGRAMME_CHECK,
    POSSIBLE_DUPLICATE,
    same_person,
)
from casework.participants.models import ExitReason, Participant, Status, StatusChange
from casework.participants.validators import (
    nino_index_for,
    normalise_nino,
    normalise_postcode,
)
from casework.programmes.models import OrganisationRole, ProgrammeOrganisation
from casework.register.fields import special_category_fields
from casework.register.selectors import participant_fields_not_collected
from casework.staff.models import Membership, Role

MOVE_PURPOSE = "participant.move"
# Where a participant is supported: changed only by move_participant, never by an edit.
PLACE_FIELDS = ("area", "responsible_organisation")
MOVE_IS_ITS_OWN_STEP = (
    "An edit cannot move someone to another area or organisation: use 'Move to another area' "
    "on their record"
)

# Fields a caseworker may set through the participant form or API.
EDITABLE_FIELDS = (
    "area",
    "responsible_organisation",
    "assigned_specialist",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "gender",
    "email",
    "phone",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "national_insurance_number",
    "local_authority_identifier",
    "next_contact_on",
    "health_conditions",
    "disability",
    "ethnicity",
    "religion_or_belief",
    "sexual_orientation",
    "offending_history",
)
# Health, disability, ethnicity, religion, sexual orientation and offending history: only roles
# with `view special category data` may read or set them (casework/register/fields.py decides).
SPECIAL_CATEGORY_FIELDS = special_category_fields("participants.Participant")

# Explicit status transitions: to-status -> (allowed from-statuses, date field set).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    Status.ENROLLED: (frozenset({Status.REFERRED, Status.EXITED}), "enrolled_on"),
    Status.IN_WORK: (frozenset({Status.ENROLLED}), "in_work_on"),
    Status.EXITED: (frozenset({Status.REFERRED, Status.ENROLLED, Status.IN_WORK}), "exited_on"),
}


def _snapshot(participant: Participant) -> dict[str, Any]:
    return {
        field.name: getattr(participant, field.attname)
        for field in Participant._meta.concrete_fields
        if field.name not in ("id", "created_at", "updated_at", "nino_index")
    }


def _changed(before: dict[str, Any], participant: Participant) -> list[str]:
    after = _snapshot(participant)
    return [name for name, value in after.items() if before.get(name) != value]


def _record_change(*, actor, participant: Participant, action: AuditAction, before: dict) -> None:
    record_event(
        actor=actor,
        action=action,
        participant=participant,
        purpose=Purpose.EDITING,
        changed_fields=_changed(before, participant),
    )


def _require_editor(actor, programme, fields) -> None:
    require_permission(actor, Action.EDIT_PARTICIPANT, programme)
    if set(fields) & set(SPECIAL_CATEGORY_FIELDS):
        require_permission(actor, Action.VIEW_SPECIAL_CATEGORY, programme)


def _normalise(participant: Participant) -> None:
    participant.national_insurance_number = normalise_nino(participant.national_insurance_number)
    participant.nino_index = nino_index_for(participant.national_insurance_number)
    participant.postcode = normalise_postcode(participant.postcode)
    participant.email = (participant.email or "").strip().lower()
    for name in ("first_name", "last_name", "preferred_name", "town", "phone"):
        setattr(participant, name, (getattr(participant, name) or "").strip())


def _relationship_errors(actor, participant: Participant) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    programme = participant.programme
    if participant.area_id and not programme.areas.filter(pk=participant.area_id).exists():
        errors["area"] = [f"Choose an area covered by {programme.name}"]
    if participant.responsible_organisation_id:
        responsible = ProgrammeOrganisation.objects.filter(
            programme=programme,
            organisation_id=participant.responsible_organisation_id,
            role__in=[
                OrganisationRole.ACCOUNTABLE_BODY,
                OrganisationRole.JOINT_CONTROLLER,
                OrganisationRole.COMMISSIONED_PROVIDER,
            ],
        )
        if not responsible.exists():
            errors["responsible_organisation"] = [
                f"Choose an organisation that delivers {programme.name}"
            ]
    if participant.assigned_specialist_id:
        is_specialist = Membership.objects.filter(
            user_id=participant.assigned_specialist_id,
            programme=programme,
            role__in=[Role.EMPLOYMENT_SPECIALIST, Role.TEAM_LEADER],
            user__is_active=True,
        ).exists()
        if not is_specialist:
            errors["assigned_specialist"] = [
                "Choose an employment specialist who works on this programme"
            ]
    if participant.nino_index:
        taken = Participant.objects.filter(
            programme=programme, nino_index=participant.nino_index
        ).exclude(pk=participant.pk)
        if taken.filter(area_scope(actor)).exists():
            errors["national_insurance_number"] = [
                "Another participant on this programme already has this National Insurance "
                "number: search for them instead of adding them again"
            ]
        elif taken.exists():  # out of the user's sight: say nothing of who or where
            errors["national_insurance_number"] = [NEEDS_PROGRAMME_CHECK]
    return errors


def _validate_and_save(*, actor, participant: Participant) -> Participant:
    _normalise(participant)
    errors: dict[str, list[str]] = {}
    try:
        participant.full_clean(exclude=["nino_index"], validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    not_collected = participant_fields_not_collected(participant.programme)
    # Date of birth and gender are optional in the model (not every programme collects them)
    # and required wherever the programme does.
    for name, message in (
        ("date_of_birth", "Enter a date of birth"),
        ("gender", "Select how the participant describes their gender"),
    ):
        if name not in not_collected and not getattr(participant, name) and name not in errors:
            errors[name] = [message]
    for name in not_collected:
        if getattr(participant, name, ""):
            errors.setdefault(name, []).append(
                f"{participant.programme.name} does not collect this: its privacy notice does "
                "not say it is held, so leave it empty"
            )
    for field, messages in _relationship_errors(actor, participant).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as exc:  # a concurrent save took the same NINO
        raise ValidationError(
            {"national_insurance_number": ["This National Insurance number is already in use"]}
        ) from exc
    if not Participant.objects.filter(participant_scope(actor), pk=participant.pk).exists():
        raise ValidationError(
            {
                "area": [
                    "You can only add participants in your organisation's areas, "
                    "and specialists only to their own caseload"
                ]
            }
        )
    return participant


@transaction.atomic
def create_participant(
    *,
    actor,
    programme,
    referred_on: datetime.date | None = None,
    different_person: bool = False,
    **fields: Any,
) -> Participant:
    """Adds a participant, refusing a likely duplicate (the same last name and date of birth on
    the programme) unless the user confirms `different_person`. A repeated National Insurance
    number is always refused."""
    _require_editor(actor, programme, fields)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"create_participant() got unexpected fields: {sorted(unknown)}")
    participant = Participant(
        programme=programme,
        status=Status.REFERRED,
        referred_on=referred_on or timezone.localdate(),
        **fields,
    )
    participant = _validate_and_save(actor=actor, participant=participant)
    # After the other checks (a repeated NINO is a firmer answer); the save is rolled back.
    # Someone in the user's organisation's areas: they check, and tick to say it is someone
    # else. Someone held by another organisation: a neutral message, for the programme manager
    # (who sees both) to check.
    duplicates = _possible_duplicates(participant)
    if duplicates.exclude(area_scope(actor)).exists():
        raise ValidationError({"last_name": [NEEDS_PROGRAMME_CHECK]})
    if not different_person and duplicates.exists():
        raise ValidationError({"different_person": [POSSIBLE_DUPLICATE]})
    StatusChange.objects.create(
        participant=participant,
        to_status=Status.REFERRED,
        on=participant.referred_on,
        changed_by=actor,
    )
    schedule_participant(participant)
    record_event(
        actor=actor,
        action=AuditAction.PARTICIPANT_CREATE,
        participant=participant,
        purpose=Purpose.CASE_MANAGEMENT,
        changed_fields=[name for name, value in _snapshot(participant).items() if value],
    )
    return participant


def _possible_duplicates(participant: Participant):
    match = same_person(
        participant.programme,
        nino_index="",
        last_name=participant.last_name,
        date_of_birth=participant.date_of_birth,
    )
    return Participant.objects.filter(match).exclude(pk=participant.pk)


@transaction.atomic
def update_participant(*, actor, participant: Participant, **changes: Any) -> Participant:
    _require_editor(actor, participant.programme, changes)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"update_participant() got unexpected fields: {sorted(unknown)}")
    before = _snapshot(participant)
    moved = [
        name
        for name in PLACE_FIELDS
        if name in changes and getattr(changes[name], "pk", changes[name]) != before[name]
    ]
    if moved:
        raise ValidationError({name: [MOVE_IS_ITS_OWN_STEP] for name in moved})
    for name, value in changes.items():
        setattr(participant, name, value)
    _validate_and_save(actor=actor, participant=participant)
    if {"date_of_birth", "disability"} & set(changes):
        # Anchors of a rule "until the participant reaches an age" (19, or 25 if disabled).
        schedule_participant(participant)
    _record_change(
        actor=actor, participant=participant, action=AuditAction.PARTICIPANT_UPDATE, before=before
    )
    return participant


@transaction.atomic
def move_participant(
    *, actor, participant: Participant, area, responsible_organisation, reason: str
) -> Participant:
    """Moves the participant to another area and the organisation that delivers there: its own
    step, allowed to roles with `move a participant to another area` who can see the record now,
    with a reason, and audited as a move. The caseload is cleared, for the receiving partner to
    allocate; the mover may lose sight of the record, as intended."""
    require_permission(actor, Action.MOVE_BETWEEN_AREAS, participant.programme)
    if not Participant.objects.filter(participant_scope(actor), pk=participant.pk).exists():
        raise ValidationError({"area": ["You can only move participants you can see"]})
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = ["Enter why they are moving to another area"]
    if area is None:
        errors["area"] = ["Choose the area they are moving to"]
    if responsible_organisation is None:
        errors["responsible_organisation"] = ["Choose the organisation that will support them"]
    elif (
        area is not None
        and not ProgrammeOrganisation.objects.filter(
            programme=participant.programme,
            organisation=responsible_organisation,
            areas=area,
            role__in=[OrganisationRole.JOINT_CONTROLLER, OrganisationRole.COMMISSIONED_PROVIDER],
        ).exists()
    ):
        errors["responsible_organisation"] = [
            f"Choose an organisation that delivers {participant.programme.name} in {area.name}"
        ]
    if errors:
        raise ValidationError(errors)
    before = _snapshot(participant)
    participant.area = area
    participant.responsible_organisation = responsible_organisation
    participant.assigned_specialist = None
    _normalise(participant)
    errors = _relationship_errors(actor, participant)
    if errors:
        raise ValidationError(errors)
    participant.save()
    record_event(
        actor=actor,
        action=AuditAction.PARTICIPANT_UPDATE,
        participant=participant,
        purpose=MOVE_PURPOSE,
        changed_fields=_changed(before, participant),
    )
    return participant


def _status_date(participant: Participant) -> datetime.date:
    """The date the participant entered their current status."""
    field = {
        Status.REFERRED: "referred_on",
        Status.ENROLLED: "enrolled_on",
        Status.IN_WORK: "in_work_on",
        Status.EXITED: "exited_on",
    }[participant.status]
    return getattr(participant, field) or participant.referred_on


def _exit_reason_errors(to: str, reason: str, reason_detail: str) -> list[str]:
    if to != Status.EXITED:
        return ["A reason is only given when a participant exits"] if reason else []
    if reason not in ExitReason.values:
        return ["Select why the participant is leaving"]
    if reason == ExitReason.OTHER and not reason_detail.strip():
        return ["Enter the reason the participant is leaving"]
    return []


@transaction.atomic
def change_status(
    *,
    actor,
    participant: Participant,
    to: str,
    on: datetime.date | None = None,
    reason: str = "",
    reason_detail: str = "",
) -> Participant:
    """Moves the participant along the allowed transitions (TRANSITIONS). An exit needs a
    reason (ExitReason; 'other' with its detail); moving an exited participant back to enrolled
    is re-engagement, which clears the current exit but keeps it in the history."""
    _require_editor(actor, participant.programme, ())
    if to not in TRANSITIONS:
        raise ValidationError({"status": [f"{to!r} is not a status a participant can move to"]})
    allowed_from, date_field = TRANSITIONS[to]
    if participant.status not in allowed_from:
        raise ValidationError(
            {
                "status": [
                    f"A participant who is {participant.get_status_display().lower()} cannot "
                    f"move to {Status(to).label.lower()}"
                ]
            }
        )
    on = on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if on < participant.referred_on:
        errors["on"] = ["The date cannot be before the referral date"]
    elif on < _status_date(participant):
        errors["on"] = [
            f"The date cannot be before they became {participant.get_status_display().lower()}"
            f" on {_status_date(participant):%-d %B %Y}"
        ]
    elif to == Status.EXITED and on > timezone.localdate():
        errors["on"] = ["The exit date must be today or in the past"]
    reason_errors = _exit_reason_errors(to, reason, reason_detail or "")
    if reason_errors:
        errors["reason"] = reason_errors
    if errors:
        raise ValidationError(errors)
    from_status = participant.status
    before = _snapshot(participant)
    participant.status = to
    setattr(participant, date_field, on)
    if to == Status.ENROLLED:
        participant.exited_on = None
        participant.exit_reason = ""
        participant.exit_reason_detail = ""
    if to == Status.EXITED:
        participant.exit_reason = reason
        participant.exit_reason_detail = (reason_detail or "").strip()
    participant = _validate_and_save(actor=actor, participant=participant)
    StatusChange.objects.create(
        participant=participant,
        from_status=from_status,
        to_status=to,
        on=on,
        exit_reason=participant.exit_reason if to == Status.EXITED else "",
        exit_reason_detail=participant.exit_reason_detail if to == Status.EXITED else "",
        changed_by=actor,
    )
    # The exit date anchors retention rules "after the participant leaves".
    schedule_participant(participant)
    _record_change(
        actor=actor,
        participant=participant,
        action=AuditAction.PARTICIPANT_STATUS_CHANGE,
        before=before,
    )
    return participant


def exit_participant(
    *,
    actor,
    participant: Participant,
    reason: str,
    on: datetime.date | None = None,
    reason_detail: str = "",
) -> Participant:
    """The participant leaves the programme. Their exit date anchors retention rules."""
    return change_status(
        actor=actor,
        participant=participant,
        to=Status.EXITED,
        on=on,
        reason=reason,
        reason_detail=reason_detail,
    )


def re_engage_participant(
    *, actor, participant: Participant, on: datetime.date | None = None
) -> Participant:
    """An exited participant comes back: enrolled again from `on`."""
    if participant.status != Status.EXITED:
        raise ValidationError({"status": ["Only a participant who has exited can re-engage"]})
    return change_status(actor=actor, participant=participant, to=Status.ENROLLED, on=on)


# Fields the rights casework may correct (Art 16): the person's own details, never where they
# are supported or who supports them (those are the programme's, not the person's, facts).
CORRECTABLE_FIELDS = tuple(
    name
    for name in EDITABLE_FIELDS
    if name not in (*PLACE_FIELDS, "assigned_specialist", "next_contact_on")
)


@transaction.atomic
def correct_field(*, actor, participant: Participant, name: str, value: Any) -> Any:
    """Sets one field to its corrected value for a rectification (casework.rights), validated
    exactly as an edit of the record is (the model's validators, the programme's rules, the
    National Insurance number's uniqueness), and audited as an update. For roles that manage
    rights requests. Returns the value before. Raises ValidationError keyed by `name`; on error
    nothing is saved."""
    require_permission(actor, Action.MANAGE_REQUESTS, participant.programme)
    if name not in CORRECTABLE_FIELDS:
        raise ValidationError({name: ["This detail cannot be corrected here"]})
    if name in SPECIAL_CATEGORY_FIELDS:
        require_permission(actor, Action.VIEW_SPECIAL_CATEGORY, participant.programme)
    before = _snapshot(participant)
    old = getattr(participant, name)
    setattr(participant, name, value)
    _validate_and_save(actor=actor, participant=participant)
    _record_change(
        actor=actor, participant=participant, action=AuditAction.PARTICIPANT_UPDATE, before=before
    )
    return old
