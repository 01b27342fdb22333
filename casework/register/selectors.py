"""Reads of the processing register. Register versions and privacy notices are public (they
describe the programme, not a person); reads that touch participants take the acting user and
are scoped through casework.access.selectors."""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, OuterRef, Q, Subquery
from django.http import Http404

from casework.access.permissions import Action, require_permission
from casework.access.selectors import participants_visible_to
from casework.audit.context import memo
from casework.participants.models import Participant
from casework.programmes.models import Programme
from casework.register.categories import CATEGORIES, DataSubject
from casework.register.config import ProgrammeConfig, config_from_json
from casework.register.fields import PERSONAL_FIELDS
from casework.register.models import NoticeAcknowledgement, RegisterVersion
from casework.staff.models import Membership


def programme_for_staff(user, slug: str, action: Action) -> Programme:
    """The programme `slug` if `user` is a member of it: 404 for non-members (nothing is
    revealed), 403 for members whose role may not `action` there."""
    membership = (
        Membership.objects.filter(user=user, programme__slug=slug)
        .select_related("programme")
        .first()
    )
    if membership is None:
        raise Http404("No such programme")
    require_permission(user, action, membership.programme)
    return membership.programme


# A version's large JSON columns, left unread by current_version: its configuration is parsed
# once per process by config_of (by id and content hash), which reads the column only the first
# time; the change lists are read when something asks for them. On the 10,000 dataset this
# takes a version's read from 1.26 to 0.79 ms (a 14 kB configuration), on every page that asks
# for the programme's rules.
_LARGE_COLUMNS = ("config", "changes", "added_recipients", "added_purposes", "changed_recipients")


def current_version(programme: Programme) -> RegisterVersion | None:
    """The programme's latest register version, read once per request (a page asks for the
    programme's rules, consents and outcomes from several places) or unit of work; every time
    outside both."""
    remembered = memo()
    if remembered is None:
        return _latest(programme)
    versions = remembered.setdefault("_casework_register_versions", {})
    if programme.pk not in versions:
        versions[programme.pk] = _latest(programme)
    return versions[programme.pk]


def _latest(programme: Programme) -> RegisterVersion | None:
    return programme.versions.order_by("-number").defer(*_LARGE_COLUMNS).first()


def forget_current_version(programme: Programme) -> None:
    """After publishing a version: the rest of this request (or unit of work) reads the new one."""
    remembered = memo()
    if remembered is not None:
        remembered.get("_casework_register_versions", {}).pop(programme.pk, None)


# Parsed configurations, by register version (its id and content hash). A stored version never
# changes (a new content is a new version), so each is validated by pydantic once per process,
# not on every page; a newly published version is a new key, parsed the first time it is read.
# Bounded, for a process that lives through many versions of many programmes.
_CONFIGS: OrderedDict[tuple[int, str], ProgrammeConfig] = OrderedDict()
_CONFIGS_KEPT = 64
_CONFIGS_LOCK = threading.Lock()


def config_of(version: RegisterVersion) -> ProgrammeConfig:
    """The validated configuration of a stored register version, parsed once per version."""
    key = (version.pk, version.content_hash)
    with _CONFIGS_LOCK:
        config = _CONFIGS.get(key)
        if config is not None:
            _CONFIGS.move_to_end(key)
            return config
    config = config_from_json(version.config)
    with _CONFIGS_LOCK:
        _CONFIGS[key] = config
        while len(_CONFIGS) > _CONFIGS_KEPT:
            _CONFIGS.popitem(last=False)
    return config


def current_config(programme: Programme) -> ProgrammeConfig | None:
    version = current_version(programme)
    return config_of(version) if version else None


def published_version(slug: str, number: int | None = None) -> RegisterVersion:
    """A programme's notice version (the latest when `number` is None); 404 if there is none."""
    versions = RegisterVersion.objects.filter(programme__slug=slug).select_related("programme")
    version = (
        versions.order_by("-number").first()
        if number is None
        else versions.filter(number=number).first()
    )
    if version is None:
        raise Http404("No such privacy notice")
    return version


def published_versions(slug: str) -> list[RegisterVersion]:
    versions = list(
        RegisterVersion.objects.filter(programme__slug=slug)
        .select_related("programme")
        .order_by("-number")
    )
    if not versions:
        raise Http404("No such programme")
    return versions


def collected_fields(programme: Programme) -> frozenset[str]:
    """The participant fields (`app.Model.field`) this programme collects under its current
    register version. Pages show a participant field only if it is in this set, so a field the
    programme does not collect appears nowhere. Empty when the programme has no register yet."""
    config = current_config(programme)
    if config is None:
        return frozenset()
    # A parsed configuration is kept per stored version and never changes, and the fields the
    # code declares are fixed for the life of the process: work the set out once per config.
    kept = _COLLECTED.get(id(config))
    if kept is not None and kept[0] is config:
        return kept[1]
    fields = _collected_by(config)
    with _CONFIGS_LOCK:
        _COLLECTED[id(config)] = (config, fields)
        while len(_COLLECTED) > _CONFIGS_KEPT:
            _COLLECTED.pop(next(iter(_COLLECTED)))
    return fields


_COLLECTED: dict[int, tuple[ProgrammeConfig, frozenset[str]]] = {}


def _collected_by(config: ProgrammeConfig) -> frozenset[str]:
    fields = set()
    for entry in config.data_collected:
        if entry.fields:
            fields.update(entry.fields)
            continue
        for model_label, declared in PERSONAL_FIELDS.items():
            fields.update(
                f"{model_label}.{name}"
                for name, personal in declared.items()
                if personal.category == entry.category
                and personal.subject == DataSubject.PARTICIPANT
            )
    return frozenset(fields)


def participant_fields_not_collected(programme: Programme) -> frozenset[str]:
    """The optional participant fields the programme does not collect: left off its forms,
    record pages and API, and refused by the services. Nothing while it has no register."""
    collected = collected_fields(programme)
    if not collected:
        return frozenset()
    return frozenset(
        field.name
        for field in Participant._meta.concrete_fields
        if field.blank
        and field.name in PERSONAL_FIELDS["participants.Participant"]
        and f"participants.Participant.{field.name}" not in collected
    )


def collects(programme: Programme, model_label: str, field_name: str) -> bool:
    return f"{model_label}.{field_name}" in collected_fields(programme)


def offers_support(programme: Programme, kind: str) -> bool:
    """Whether the programme offers this kind of support (`support_offered` in its file). A
    programme whose file lists none, or that has no register yet, is not limited."""
    config = current_config(programme)
    if config is None or not config.support_offered:
        return True
    return any(s.kind == kind for s in config.support_offered)


def _stored(value) -> bool:
    return value is not None and value != "" and value != [] and value != ()


def uncollected_errors(
    programme: Programme, model_label: str, values: dict[str, Any]
) -> dict[str, list[str]]:
    """For a write of personal data to `model_label`, a message for each field given a value
    that the programme does not collect (its register does not declare the field's category):
    the services refuse to store it. Nothing is refused while the programme has no register."""
    collected = collected_fields(programme)
    if not collected:
        return {}
    declared = PERSONAL_FIELDS.get(model_label, {})
    errors = {}
    for name, value in values.items():
        personal = declared.get(name)
        if personal is None or personal.subject != DataSubject.PARTICIPANT or not _stored(value):
            continue
        if f"{model_label}.{name}" not in collected:
            label = CATEGORIES[personal.category].label
            errors[name] = [
                f"{programme.name} does not collect this ({label[0].lower() + label[1:]}): its "
                "privacy notice does not say it is held, so it cannot be stored"
            ]
    return errors


@dataclass(frozen=True)
class ToTell:
    participant: Participant
    last_version: int | None
    new_recipients: list[str]
    new_purposes: list[str]
    changed_recipients: list[str] = ()


def participants_to_tell(user, programme: Programme) -> list[ToTell]:
    """Participants the user can see whose last notice (if any) is older than a version that
    added a recipient or a purpose or changed a recipient, with what was added or changed
    since."""
    queryset, describe = to_tell(user, programme)
    return describe(list(queryset))


def to_tell(user, programme: Programme):
    """(queryset, describe): the participants to tell, chosen in the database (by name), and a
    function giving each of a list of them (a page) their ToTell. A participant must be told
    when no notice is on record, or their latest notice's version is older than the newest
    version that added or changed a recipient or purpose still in the current notice."""
    versions = list(programme.versions.order_by("number"))
    if not versions:
        return Participant.objects.none(), lambda participants: []
    current = config_of(versions[-1])
    recipient_text = {
        r.key: r.label + (" (with your agreement)" if r.consent_needed else "")
        for r in current.recipients
    }
    purpose_text = {p.key: p.description for p in current.purposes}
    material = [
        v.number
        for v in versions
        if any(k in recipient_text for k in (*v.added_recipients, *v.changed_recipients))
        or any(k in purpose_text for k in v.added_purposes)
    ]
    latest_seen = Subquery(
        NoticeAcknowledgement.objects.filter(participant=OuterRef("pk"))
        .order_by()
        .values("participant")
        .annotate(n=Max("version__number"))
        .values("n")[:1]
    )
    needs = Q(seen__isnull=True)
    if material:
        needs |= Q(seen__lt=max(material))
    queryset = (
        participants_visible_to(user)
        .filter(programme=programme)
        .annotate(seen=latest_seen)
        .filter(needs)
        .order_by("last_name", "first_name", "pk")
    )

    def describe(participants) -> list[ToTell]:
        result = []
        for participant in participants:
            seen = participant.seen
            if seen is None:
                result.append(
                    ToTell(
                        participant,
                        None,
                        list(recipient_text.values()),
                        list(purpose_text.values()),
                    )
                )
                continue
            later = [v for v in versions if v.number > seen]
            recipients = [k for v in later for k in v.added_recipients if k in recipient_text]
            purposes = [k for v in later for k in v.added_purposes if k in purpose_text]
            changed = [
                k
                for v in later
                for k in v.changed_recipients
                if k in recipient_text and k not in recipients
            ]
            result.append(
                ToTell(
                    participant,
                    seen,
                    [recipient_text[k] for k in dict.fromkeys(recipients)],
                    [purpose_text[k] for k in dict.fromkeys(purposes)],
                    [recipient_text[k] for k in dict.fromkeys(changed)],
                )
            )
        return result

    return queryset, describe


def notices_given(user, participant: Participant) -> list[NoticeAcknowledgement]:
    """The notices `participant` was given, newest first; 404 if the user cannot see them."""
    if not participants_visible_to(user).filter(pk=participant.pk).exists():
        raise Http404("No participant found")
    return list(
        participant.notices_given.select_related("version", "recorded_by").order_by(
            "-given_on", "-recorded_at"
        )
    )
