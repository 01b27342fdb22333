"""Every write to a participant's vocational profile. Keyword-only and atomic: each function
checks the actor may do it (editing roles; special category parts only for roles that may see
them), validates the whole change, saves all of it or nothing, and writes one audit event (field
names only, never values). Errors are ValidationErrors keyed by field name."""

import datetime
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.access.permissions import Action, require_permission
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.participants.models import Participant
from casework.profiles.models import (
    EXCLUSIVE_BENEFITS,
    Barrier,
    Benefit,
    EmploymentHistoryEntry,
    HealthBarrier,
    Qualification,
    QualificationLevel,
    ReasonLeft,
    TravelDistance,
    VocationalProfile,
    YesNo,
)
from casework.register.fields import special_category_fields
from casework.register.selectors import collected_fields

PROFILE = "profiles.VocationalProfile"
PROFILE_FIELDS = (
    "barriers",
    "health_barriers",
    "criminal_record_barrier",
    "barriers_detail",
    "support_received",
    "caring_responsibilities",
    "caring_detail",
    "benefits",
    "work_wanted",
    "hours_wanted",
    "travel_distance",
)
# Health and disability barriers, a criminal record, and the free text about barriers: only
# roles with `view special category data` may read or set them (casework/register/fields.py).
SPECIAL_CATEGORY_FIELDS = special_category_fields(PROFILE)
EMPLOYMENT_FIELDS = ("employer", "role", "started_on", "ended_on", "hours_per_week", "reason_left")
QUALIFICATION_FIELDS = ("title", "level", "institution", "year_achieved", "in_progress")
MAX_HOURS = 80
MAX_TEXT = 5000


def profile_fields_not_collected(programme) -> frozenset[str]:
    """Profile fields the programme's register does not collect (e.g. a criminal record where
    the privacy notice does not mention offending history): left off its pages and API, and
    refused here. Nothing while the programme has no register."""
    collected = collected_fields(programme)
    if not collected:
        return frozenset()
    return frozenset(name for name in PROFILE_FIELDS if f"{PROFILE}.{name}" not in collected)


def health_barriers_of(profile: VocationalProfile) -> list[str]:
    return json.loads(profile.health_barriers) if profile.health_barriers else []


def _audit(actor, action: str, participant: Participant, changed_fields: Iterable[str]) -> None:
    record_event(
        actor=actor,
        action=AuditAction.PARTICIPANT_RECORD,
        participant=participant,
        purpose=action,
        changed_fields=changed_fields,
    )


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def _require_editor(actor, participant: Participant, fields: Iterable[str] = ()) -> None:
    require_permission(actor, Action.EDIT_PARTICIPANT, participant.programme)
    if set(fields) & set(SPECIAL_CATEGORY_FIELDS):
        require_permission(actor, Action.VIEW_SPECIAL_CATEGORY, participant.programme)


# ---- the profile ------------------------------------------------------------------------------


def _profile_errors(
    participant: Participant, values: dict[str, Any], changed: Iterable[str]
) -> dict[str, list[str]]:
    """What is wrong with the profile's `values`. A field the programme does not collect is
    refused only when this change sets it (a value kept from before the register changed is left
    for the retention rules, not blamed on whoever edits another section)."""
    errors: dict[str, list[str]] = {}
    if not set(values["barriers"]) <= set(Barrier.values):
        _add(errors, "barriers", "Select barriers from the list")
    if not set(values["health_barriers"]) <= set(HealthBarrier.values):
        _add(errors, "health_barriers", "Select health barriers from the list")
    for name in ("criminal_record_barrier", "caring_responsibilities"):
        if values[name] not in ("", *YesNo.values):
            _add(errors, name, "Select yes, no or prefers not to say")
    benefits = set(values["benefits"])
    if not benefits <= set(Benefit.values):
        _add(errors, "benefits", "Select benefits from the list")
    else:
        for exclusive in EXCLUSIVE_BENEFITS:
            if exclusive in benefits and len(benefits) > 1:
                _add(
                    errors,
                    "benefits",
                    f"Select ‘{exclusive.label}’ on its own, or only the benefits they receive",
                )
    hours = values["hours_wanted"]
    if hours is not None and not 0 <= hours <= MAX_HOURS:
        _add(errors, "hours_wanted", f"Hours wanted per week must be between 0 and {MAX_HOURS}")
    if values["travel_distance"] not in ("", *TravelDistance.values):
        _add(errors, "travel_distance", "Select how far they can travel")
    if len(values["work_wanted"]) > 500:
        _add(errors, "work_wanted", "Kinds of work wanted must be 500 characters or fewer")
    for name in ("barriers_detail", "support_received", "caring_detail"):
        if len(values[name]) > MAX_TEXT:
            _add(errors, name, f"Enter {MAX_TEXT} characters or fewer")
    for name in profile_fields_not_collected(participant.programme) & set(changed):
        if values[name]:
            _add(
                errors,
                name,
                f"{participant.programme.name} does not collect this: its privacy notice does "
                "not say it is held, so leave it empty",
            )
    return errors


def _clean_profile_changes(changes: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(changes)
    for name in ("barriers", "health_barriers", "benefits"):
        if name in cleaned:
            cleaned[name] = sorted(set(cleaned[name] or []))
    for name in (
        "criminal_record_barrier",
        "barriers_detail",
        "support_received",
        "caring_responsibilities",
        "caring_detail",
        "work_wanted",
        "travel_distance",
    ):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    return cleaned


def _profile_values(profile: VocationalProfile) -> dict[str, Any]:
    values = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    values["health_barriers"] = health_barriers_of(profile)
    return values


def _prepare_profile(
    participant: Participant, changes: dict[str, Any]
) -> tuple[VocationalProfile, dict[str, Any], list[str], dict[str, list[str]]]:
    """The profile, its values after `changes`, the names of the fields that change, and the
    errors; nothing saved."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"update_profile() got unexpected fields: {sorted(unknown)}")
    profile = VocationalProfile.objects.filter(participant=participant).first()
    if profile is None:
        profile = VocationalProfile(participant=participant)
    before = _profile_values(profile)
    after = {**before, **_clean_profile_changes(changes)}
    # Details of caring responsibilities are kept only while they have some.
    if after["caring_responsibilities"] != YesNo.YES:
        after["caring_detail"] = ""
    changed = [name for name in PROFILE_FIELDS if before[name] != after[name]]
    return profile, after, changed, _profile_errors(participant, after, changed)


def _save_profile(actor, profile: VocationalProfile, after: dict[str, Any]) -> None:
    for name in PROFILE_FIELDS:
        setattr(profile, name, after[name])
    health = after["health_barriers"]
    profile.health_barriers = json.dumps(health) if health else ""
    profile.updated_by = actor
    profile.save()


@transaction.atomic
def update_profile(*, actor, participant: Participant, **changes: Any) -> VocationalProfile:
    """Change some fields of the participant's profile (creating it the first time)."""
    _require_editor(actor, participant, changes)
    profile, after, changed, errors = _prepare_profile(participant, changes)
    if errors:
        raise ValidationError(errors)
    _save_profile(actor, profile, after)
    _audit(actor, "profiles.profile.update", participant, changed)
    return profile


# ---- employment history -----------------------------------------------------------------------


def _employment_errors(participant: Participant, data: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, message in (("employer", "Enter the employer"), ("role", "Enter their role")):
        if not (data.get(name) or "").strip():
            _add(errors, name, message)
        elif len(data[name].strip()) > 200:
            _add(errors, name, "Enter 200 characters or fewer")
    started_on, ended_on = data.get("started_on"), data.get("ended_on")
    earliest_year = participant.date_of_birth.year + 12 if participant.date_of_birth else 1900
    if started_on is None:
        _add(errors, "started_on", "Enter when they started")
    elif started_on > timezone.localdate():
        _add(errors, "started_on", "When they started must be this month or in the past")
    elif started_on.year < earliest_year:
        _add(errors, "started_on", f"When they started must be in {earliest_year} or later")
    if ended_on is not None:
        if ended_on > timezone.localdate():
            _add(errors, "ended_on", "When they left must be this month or in the past")
        elif started_on is not None and ended_on < started_on:
            _add(errors, "ended_on", "When they left must be the same as or after they started")
    hours = data.get("hours_per_week")
    if hours is not None and not Decimal(0) <= hours <= MAX_HOURS:
        _add(errors, "hours_per_week", f"Hours per week must be between 0 and {MAX_HOURS}")
    reason = data.get("reason_left") or ""
    if reason and reason not in ReasonLeft.values:
        _add(errors, "reason_left", "Select why they left")
    elif reason and ended_on is None:
        _add(errors, "reason_left", "Give a reason for leaving only for a job they have left")
    return errors


def _employment_entry(actor, participant: Participant, data: dict[str, Any]):
    return EmploymentHistoryEntry(
        participant=participant,
        employer=data["employer"].strip(),
        role=data["role"].strip(),
        started_on=data["started_on"],
        ended_on=data.get("ended_on"),
        hours_per_week=data.get("hours_per_week"),
        reason_left=data.get("reason_left") or "",
        recorded_by=actor,
    )


# An upper bound a person would expect: nobody's working life needs more entries.
MAX_EMPLOYMENT_ENTRIES = 100
TOO_MANY_JOBS = (
    f"A profile can hold at most {MAX_EMPLOYMENT_ENTRIES} jobs in its employment history: "
    "remove some before adding more"
)


@transaction.atomic
def add_employment_entry(
    *,
    actor,
    participant: Participant,
    employer: str,
    role: str,
    started_on: datetime.date | None,
    ended_on: datetime.date | None = None,
    hours_per_week: Decimal | None = None,
    reason_left: str = "",
) -> EmploymentHistoryEntry:
    _require_editor(actor, participant)
    data = {
        "employer": employer,
        "role": role,
        "started_on": started_on,
        "ended_on": ended_on,
        "hours_per_week": hours_per_week,
        "reason_left": reason_left,
    }
    errors = _employment_errors(participant, data)
    if participant.employment_history.count() >= MAX_EMPLOYMENT_ENTRIES:
        errors.setdefault("employer", []).append(TOO_MANY_JOBS)
    if errors:
        raise ValidationError(errors)
    entry = _employment_entry(actor, participant, data)
    entry.save()
    _audit(
        actor,
        "profiles.employment.add",
        participant,
        [name for name in EMPLOYMENT_FIELDS if data[name] not in (None, "")],
    )
    return entry


@transaction.atomic
def remove_employment_entry(*, actor, entry: EmploymentHistoryEntry) -> None:
    participant = entry.participant
    _require_editor(actor, participant)
    entry.delete()
    _audit(actor, "profiles.employment.remove", participant, EMPLOYMENT_FIELDS)


# ---- qualifications ---------------------------------------------------------------------------


def _qualification_errors(participant: Participant, data: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    title = (data.get("title") or "").strip()
    if not title:
        _add(errors, "title", "Enter the qualification or course")
    elif len(title) > 200:
        _add(errors, "title", "Enter 200 characters or fewer")
    if data.get("level") not in QualificationLevel.values:
        _add(errors, "level", "Select the level of the qualification")
    if len((data.get("institution") or "").strip()) > 200:
        _add(errors, "institution", "Enter 200 characters or fewer")
    year = data.get("year_achieved")
    if year is not None:
        born = participant.date_of_birth.year if participant.date_of_birth else 1890
        earliest, latest = born + 10, timezone.localdate().year
        if data.get("in_progress"):
            _add(errors, "year_achieved", "Leave the year empty for a course still in progress")
        elif not earliest <= year <= latest:
            _add(errors, "year_achieved", f"The year must be between {earliest} and {latest}")
    return errors


def _qualification(actor, participant: Participant, data: dict[str, Any]) -> Qualification:
    return Qualification(
        participant=participant,
        title=data["title"].strip(),
        level=data["level"],
        institution=(data.get("institution") or "").strip(),
        year_achieved=data.get("year_achieved"),
        in_progress=bool(data.get("in_progress")),
        recorded_by=actor,
    )


@transaction.atomic
def add_qualification(
    *,
    actor,
    participant: Participant,
    title: str,
    level: str,
    institution: str = "",
    year_achieved: int | None = None,
    in_progress: bool = False,
) -> Qualification:
    _require_editor(actor, participant)
    data = {
        "title": title,
        "level": level,
        "institution": institution,
        "year_achieved": year_achieved,
        "in_progress": in_progress,
    }
    errors = _qualification_errors(participant, data)
    if errors:
        raise ValidationError(errors)
    qualification = _qualification(actor, participant, data)
    qualification.save()
    _audit(
        actor,
        "profiles.qualification.add",
        participant,
        [name for name in QUALIFICATION_FIELDS if data[name] not in (None, "", False)],
    )
    return qualification


@transaction.atomic
def remove_qualification(*, actor, qualification: Qualification) -> None:
    participant = qualification.participant
    _require_editor(actor, participant)
    qualification.delete()
    _audit(actor, "profiles.qualification.remove", participant, QUALIFICATION_FIELDS)


# ---- the whole profile at once (the API's PUT) ------------------------------------------------


@transaction.atomic
def replace_profile(
    *,
    actor,
    participant: Participant,
    changes: dict[str, Any],
    employment_history: list[dict[str, Any]] | None = None,
    qualifications: list[dict[str, Any]] | None = None,
) -> VocationalProfile:
    """Set the profile's fields in `changes` and, when given, replace the participant's whole
    employment history and qualifications with the lists given. Errors in list entries are keyed
    `employment_history.<index>.<field>`. All or nothing; one audit event."""
    _require_editor(actor, participant, changes)
    profile, after, changed, errors = _prepare_profile(participant, changes)
    if employment_history is not None and len(employment_history) > MAX_EMPLOYMENT_ENTRIES:
        raise ValidationError({"employment_history": [TOO_MANY_JOBS]})
    for key, rows, check in (
        ("employment_history", employment_history, _employment_errors),
        ("qualifications", qualifications, _qualification_errors),
    ):
        for index, row in enumerate(rows or []):
            for name, messages in check(participant, row).items():
                errors[f"{key}.{index}.{name}"] = messages
    if errors:
        raise ValidationError(errors)
    _save_profile(actor, profile, after)
    if employment_history is not None:
        participant.employment_history.all().delete()
        EmploymentHistoryEntry.objects.bulk_create(
            [_employment_entry(actor, participant, row) for row in employment_history]
        )
        changed.append("employment_history")
    if qualifications is not None:
        participant.qualifications.all().delete()
        Qualification.objects.bulk_create(
            [_qualification(actor, participant, row) for row in qualifications]
        )
        changed.append("qualifications")
    _audit(actor, "profiles.profile.replace", participant, changed)
    return profile
