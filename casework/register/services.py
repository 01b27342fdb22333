"""Every write to the processing register: loading a programme configuration (which also drives
the programme, its areas and its organisations' roles) and recording which notice a participant
was given."""

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework.access.permissions import Action, has_permission
from casework.access.selectors import participants_visible_to
from casework.participants.models import Participant
from casework.programmes.models import (
    Area,
    Organisation,
    OrganisationRole,
    Programme,
    ProgrammeOrganisation,
)
from casework.register.config import (
    ConfigError,
    Problem,
    ProgrammeConfig,
    content_hash,
    load_config,
    normalised,
)
from casework.register.models import NoticeAcknowledgement, NoticeMethod, RegisterVersion
from casework.register.selectors import forget_current_version


@dataclass(frozen=True)
class LoadResult:
    programme: Programme
    version: RegisterVersion
    created: bool


@transaction.atomic
def load_programme(*, path: str | Path, today: datetime.date | None = None) -> LoadResult:
    """Validates the file (raising ConfigError and changing nothing if it is invalid), then
    creates or updates the programme and its parties, and stores a new register version when
    the content differs from the latest one."""
    config = load_config(path, today=today)
    programme = _sync_programme(config, source=str(path))
    # One loader at a time per programme, so version numbers cannot collide.
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    data = normalised(config)
    digest = content_hash(data)
    latest = programme.versions.order_by("-number").first()
    if latest is not None and latest.content_hash == digest:
        return LoadResult(programme, latest, created=False)
    previous = latest.config if latest else None
    version = RegisterVersion.objects.create(
        programme=programme,
        number=(latest.number + 1) if latest else 1,
        config=data,
        content_hash=digest,
        loaded_at=timezone.now(),
        source_file=Path(path).name,
        changes=describe_changes(previous, data),
        added_recipients=_added_keys(previous, data, "recipients", "key"),
        added_purposes=_added_keys(previous, data, "purposes", "key"),
        changed_recipients=_changed_keys(previous, data, "recipients", "key"),
    )
    forget_current_version(programme)
    # A new version may change a retention rule: every due date of the programme follows it.
    from casework.disposal.schedule import reschedule_programme

    reschedule_programme(programme, today=today)
    return LoadResult(programme, version, created=True)


def _sync_programme(config: ProgrammeConfig, *, source: str) -> Programme:
    programme, _ = Programme.objects.update_or_create(
        slug=config.slug,
        defaults={
            "name": config.name,
            "starts_on": config.starts_on,
            "ends_on": config.ends_on,
            "delivery_models": list(config.delivery_models),
        },
    )
    programme.full_clean()
    kept_codes = {a.code for a in config.areas}
    stranded = (
        Participant.objects.filter(programme=programme)
        .exclude(area__code__in=kept_codes)
        .values_list("area__name", flat=True)
        .distinct()
    )
    if stranded:
        raise ConfigError(
            [
                Problem(
                    source,
                    ("areas",),
                    None,
                    f"cannot remove {', '.join(sorted(stranded))}: participants live there",
                )
            ]
        )
    areas = {}
    for area in config.areas:
        areas[area.code], _ = Area.objects.update_or_create(
            code=area.code, defaults={"name": area.name}
        )
    programme.areas.set(areas.values())

    controllers = config.controllers
    wanted = [(controllers.accountable_body, OrganisationRole.ACCOUNTABLE_BODY)]
    wanted += [(o, OrganisationRole.JOINT_CONTROLLER) for o in controllers.joint_controllers]
    if controllers.government_department is not None:
        wanted.append((controllers.government_department, OrganisationRole.GOVERNMENT_DEPARTMENT))
    wanted += [
        (o, OrganisationRole.COMMISSIONED_PROVIDER) for o in controllers.commissioned_providers
    ]
    wanted += [(o, OrganisationRole.REFERRAL_PARTNER) for o in controllers.referral_partners]
    kept = []
    for declared, role in wanted:
        organisation, _ = Organisation.objects.get_or_create(name=declared.name)
        link, _ = ProgrammeOrganisation.objects.get_or_create(
            programme=programme, organisation=organisation, role=role
        )
        link.areas.set([areas[c] for c in declared.areas])
        kept.append(link.pk)
    ProgrammeOrganisation.objects.filter(programme=programme).exclude(pk__in=kept).delete()
    return programme


_KEYED_LISTS = {
    "purposes": ("key", "purpose"),
    "recipients": ("key", "recipient"),
    "data_collected": ("category", "data collected"),
    "retention": ("record_type", "retention rule for"),
    "areas": ("code", "area"),
}
_LABELS = {
    "name": "the programme's name",
    "controllers": "the controllers",
    "dpo": "the Data Protection Officer's details",
    "rights_contact": "who to contact about your rights",
    "consent_withdrawal": "how to withdraw consent",
    "complaints": "how to complain",
    "ico": "the Information Commissioner's details",
    "collection_channels": "how we collect your data",
    "sources": "where we get your data from",
    "storage": "where your data is stored",
    "security_measures": "how we keep your data secure",
    "international_transfers": "transfers outside the UK",
    "automated_decision_making": "automated decision-making",
    "retention_summary": "how long we keep your data",
}


def _describe(kind: str, item: dict[str, Any]) -> str:
    return item.get("description") or item.get("label") or item.get("name") or ""


def _added_keys(previous, current, list_name: str, key: str) -> list[str]:
    if previous is None:
        return []
    before = {item[key] for item in previous.get(list_name, [])}
    return [item[key] for item in current.get(list_name, []) if item[key] not in before]


def _changed_keys(previous, current, list_name: str, key: str) -> list[str]:
    """Keys in both versions whose entry changed (who a recipient is, what it receives, why, on
    which agreement or gateway): people must be told of these as of an added one."""
    if previous is None:
        return []
    before = {item[key]: item for item in previous.get(list_name, [])}
    return [
        item[key]
        for item in current.get(list_name, [])
        if item[key] in before and before[item[key]] != item
    ]


def describe_changes(previous: dict | None, current: dict) -> list[str]:
    """A readable list of what changed between two normalised configurations."""
    if previous is None:
        return ["First version."]
    changes = []
    for list_name, (key, noun) in _KEYED_LISTS.items():
        before = {item[key]: item for item in previous.get(list_name, [])}
        after = {item[key]: item for item in current.get(list_name, [])}
        for k, item in after.items():
            text = _describe(noun, item)
            if k not in before:
                changes.append(f"Added {noun} {k}" + (f": {text}" if text else ""))
            elif before[k] != item:
                changes.append(f"Changed {noun} {k}" + (f": {text}" if text else ""))
        for k, item in before.items():
            if k not in after:
                text = _describe(noun, item)
                changes.append(f"Removed {noun} {k}" + (f": {text}" if text else ""))
    for name in sorted(set(previous) | set(current)):
        if name in _KEYED_LISTS or previous.get(name) == current.get(name):
            continue
        changes.append(f"Changed {_LABELS.get(name, name.replace('_', ' '))}.")
    return changes


def can_record_notice(actor, participant) -> bool:
    return has_permission(actor, Action.EDIT_PARTICIPANT, participant.programme)


@transaction.atomic
def record_notice_given(
    *,
    actor,
    participant,
    version: RegisterVersion,
    given_on: datetime.date,
    method: str,
) -> NoticeAcknowledgement:
    """Records that `participant` was given `version` of their programme's privacy notice."""
    if not participants_visible_to(actor).filter(pk=participant.pk).exists():
        raise PermissionDenied("You cannot see this participant.")
    if not can_record_notice(actor, participant):
        raise PermissionDenied("Your role does not allow you to record this.")
    errors = {}
    if version.programme_id != participant.programme_id:
        errors["version"] = "Choose a version of this participant's programme's notice"
    if method not in NoticeMethod.values:
        errors["method"] = "Choose how the notice was given"
    if given_on > timezone.localdate():
        errors["given_on"] = "The date the notice was given must be today or in the past"
    if errors:
        raise ValidationError(errors)
    return NoticeAcknowledgement.objects.create(
        participant=participant,
        version=version,
        given_on=given_on,
        method=method,
        recorded_by=actor,
    )
