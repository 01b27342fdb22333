"""The subject access pack as one plain structure (sections of records of labelled values), built
from the model registry through the section table (sections.py). The HTML page, the PDF, the
JSON and the CSV all render this structure, so they cannot disagree.

`build_pack` reads the database with one query per section (related staff and sessions joined,
many-to-many prefetched), whatever the number of rows."""

import dataclasses
import datetime
import json

from django.apps import apps
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from casework.audit.labels import describe
from casework.disclosures.rules import field_label as reference_label
from casework.register.categories import CATEGORIES, DataSubject
from casework.register.fields import PERSONAL_FIELDS
from casework.register.selectors import collected_fields, current_config
from casework.subjectaccess.sections import PARTICIPANT, SECTIONS, Section

NOT_RECORDED = "Not recorded"
# Documents the person did not supply themselves need a review: a scan of a paper record or
# evidence from someone else, or anything with a named source.
OWN_DOCUMENT_KINDS = frozenset({"cv", "application_form"})
PARTICIPANT_OMIT = {"nino_index": "a keyed code made from your National Insurance number"}


@dataclasses.dataclass
class Item:
    label: str
    value: str
    field: str = ""  # the register's reference, app.Model.field ("" for a value not in it)
    category: str = ""  # the category's label (the participant's own details)


@dataclasses.dataclass
class Record:
    key: str  # "app.Model:<pk>": the row, for the redaction review
    title: str
    when: str
    items: list[Item]
    needs_review: bool = False
    withheld: bool = False
    note: str = ""  # what the DPO did to it, in words


@dataclasses.dataclass
class PackSection:
    key: str
    title: str
    description: str
    records: list[Record]


@dataclasses.dataclass
class WithheldEntry:
    section: str
    item: str
    what: str  # "The whole item" / "A passage"
    exemption: str
    reason: str


@dataclasses.dataclass
class Pack:
    participant_id: str
    name: str
    programme: str
    as_of: str
    request_reference: str
    details: list[Item]
    sections: list[PackSection]
    about: list[Item]
    schedule: list[WithheldEntry]

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> "Pack":
        return cls(
            **{
                **data,
                "details": [Item(**i) for i in data["details"]],
                "about": [Item(**i) for i in data["about"]],
                "schedule": [WithheldEntry(**w) for w in data["schedule"]],
                "sections": [
                    PackSection(
                        **{
                            **s,
                            "records": [
                                Record(**{**r, "items": [Item(**i) for i in r["items"]]})
                                for r in s["records"]
                            ],
                        }
                    )
                    for s in data["sections"]
                ],
            }
        )

    @property
    def field_references(self) -> list[str]:
        """Every register field the pack holds a value of (for the disclosure log)."""
        seen: dict[str, None] = {}
        for item in self.details:
            if item.field and item.value != NOT_RECORDED:
                seen[item.field] = None
        for section in self.sections:
            for record in section.records:
                if record.withheld:
                    continue
                for item in record.items:
                    if item.field and item.value != NOT_RECORDED:
                        seen[item.field] = None
        return list(seen)

    def review_items(self) -> list[tuple[str, Record]]:
        return [(s.title, r) for s in self.sections for r in s.records if r.needs_review]


# ---- values in words -----------------------------------------------------------------------


def _date(value: datetime.date) -> str:
    return value.strftime("%-d %B %Y")


def _moment(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%-d %B %Y, %H:%M")


def _words(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return NOT_RECORDED
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return _moment(value)
    if isinstance(value, datetime.date):
        return _date(value)
    if isinstance(value, list | tuple):
        return ", ".join(_words(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_words(v)}" for k, v in value.items())
    return str(value)


def _label(field) -> str:
    text = str(getattr(field, "verbose_name", field.name))
    return text[:1].upper() + text[1:]


def _value(row, field) -> str:
    if field.many_to_many:
        return _words([str(r) for r in getattr(row, field.name).all()])
    if field.is_relation:
        return _words(getattr(row, field.name))
    if field.choices:
        display = getattr(row, f"get_{field.name}_display")()
        raw = getattr(row, field.name)
        return NOT_RECORDED if raw in (None, "") else str(display)
    value = getattr(row, field.name)
    if field.name == "fields" and isinstance(value, list):
        return _words([reference_label(r) for r in value])
    return _words(value)


# ---- the sections ---------------------------------------------------------------------------


def shown_fields(section: Section) -> list[str]:
    """The fields a section shows: every field the register declares for the model (of the
    participant or of staff), in the model's order, without those it leaves out, then extras."""
    model = apps.get_model(section.model)
    declared = PERSONAL_FIELDS.get(section.model, {})
    names = [
        f.name
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many)
        and not (f.auto_created and not f.concrete)
        and f.name in declared
        and f.name not in section.omit
    ]
    return [*names, *(e for e in section.extra if e not in names)]


def _queryset(section: Section, participant, as_of):
    model = apps.get_model(section.model)
    names = shown_fields(section)
    fields = [model._meta.get_field(n) for n in names]
    related = [f.name for f in fields if f.is_relation and not f.many_to_many]
    many = [f.name for f in fields if f.many_to_many]
    queryset = model.objects.filter(**{section.path: participant})
    when = model._meta.get_field(section.when)
    if as_of is not None:
        bound = as_of if isinstance(when, models.DateTimeField) else timezone.localdate(as_of)
        queryset = queryset.filter(
            models.Q(**{f"{section.when}__lte": bound}) | models.Q(**{f"{section.when}": None})
        )
    queryset = queryset.select_related(*related) if related else queryset
    if many:
        queryset = queryset.prefetch_related(*(Prefetch(m) for m in many))
    return queryset.order_by(section.when, "pk").distinct(), fields


def _needs_review(section: Section, row) -> bool:
    if not section.review:
        return False
    if section.review == "always":
        return True
    if section.review == "supplied_by_others":
        return bool(row.source.strip()) or row.kind not in OWN_DOCUMENT_KINDS
    return bool(getattr(row, section.review))


def _title(section: Section, row, when: str) -> str:
    model = apps.get_model(section.model)
    return f"{model._meta.verbose_name[:1].upper()}{model._meta.verbose_name[1:]}, {when}"


def _record(section: Section, row, fields) -> Record:
    when_value = getattr(row, section.when)
    when = _words(when_value)
    if section.model == "audit.AuditEvent":
        what, why = describe(row)
        items = [
            Item("When", _words(row.occurred_at), "audit.AuditEvent.occurred_at"),
            Item(
                "Who",
                str(row.actor) if row.actor else (row.actor_label or "The system"),
                "audit.AuditEvent.actor",
            ),
            Item("What they did", what, "audit.AuditEvent.action"),
            Item("Why", why, "audit.AuditEvent.purpose"),
            Item(
                "What changed",
                _words(list(row.changed_fields)) if row.changed_fields else "Nothing (they looked)",
                "",
            ),
        ]
        return Record(f"{section.model}:{row.pk}", f"{what}, {when}", when, items)
    items = [
        Item(
            _label(f),
            _value(row, f),
            f"{section.model}.{f.name}" if f.name in PERSONAL_FIELDS.get(section.model, {}) else "",
        )
        for f in fields
    ]
    return Record(
        f"{section.model}:{row.pk}",
        _title(section, row, when),
        when,
        items,
        needs_review=_needs_review(section, row),
    )


def _details(participant) -> list[Item]:
    """The participant's own details: every field the register declares that the programme
    collects (or that holds a value), with its label and its category in the programme's
    own words."""
    collected = collected_fields(participant.programme)
    config = current_config(participant.programme)
    own_words = {}
    if config is not None:
        for entry in config.data_collected:
            if entry.label:
                own_words.setdefault(entry.category, entry.label)
    items = []
    declared = PERSONAL_FIELDS[PARTICIPANT]
    for f in participant._meta.concrete_fields:
        personal = declared.get(f.name)
        if personal is None or f.name in PARTICIPANT_OMIT:
            continue
        if personal.subject != DataSubject.PARTICIPANT:
            continue
        reference = f"{PARTICIPANT}.{f.name}"
        value = _value(participant, f)
        if reference not in collected and value == NOT_RECORDED:
            continue
        category = own_words.get(personal.category) or CATEGORIES[personal.category].label
        items.append(
            (personal.category == "case_management", Item(_label(f), value, reference, category))
        )
    # Who they are first; how the programme manages their case after.
    return [item for _, item in sorted(items, key=lambda pair: pair[0])]


def _about(participant) -> list[Item]:
    """What Art 15(1) says the person must also be told, from the programme's register."""
    config = current_config(participant.programme)
    if config is None:
        return []
    items = [Item("Why we use your information", p.description) for p in config.purposes]
    items += [Item("Who we may share it with", r.label) for r in config.recipients]
    items.append(
        Item(
            "Your right to complain",
            "You can complain to the Information Commissioner's Office (ico.org.uk, "
            "0303 123 1113), and you may apply to a court.",
        )
    )
    return items


def build_pack(
    participant, *, as_of: datetime.datetime | None = None, request_reference=""
) -> Pack:
    """A complete account of everything held on the participant, up to `as_of` (now by
    default): their details, then one section per kind of record (sections.SECTIONS). Items
    that may hold another person's information are marked for the redaction review; nothing
    is withheld until `apply_decisions` is given the DPO's decisions."""
    as_of = as_of or timezone.now()
    sections = []
    for section in SECTIONS:
        queryset, fields = _queryset(section, participant, as_of)
        records = [_record(section, row, fields) for row in queryset]
        sections.append(PackSection(section.key, section.title, section.description, records))
    return Pack(
        participant_id=str(participant.pk),
        name=f"{participant.first_name} {participant.last_name}".strip(),
        programme=participant.programme.name,
        as_of=_moment(as_of),
        request_reference=request_reference,
        details=_details(participant),
        sections=sections,
        about=_about(participant),
        schedule=[],
    )


@dataclasses.dataclass(frozen=True)
class ItemDecision:
    decision: str  # released / redacted / withheld (subjectaccess.models.Decision)
    passage: str = ""
    exemption_label: str = ""
    reason: str = ""


WITHHELD_TEXT = "[Withheld: {exemption}]"


def apply_decisions(pack: Pack, decisions: dict[str, ItemDecision]) -> Pack:
    """The pack with the DPO's decisions applied: a passage redacted from every value of its
    item, or the whole item withheld; each one entered in the schedule with its exemption."""
    schedule = []
    for section in pack.sections:
        for record in section.records:
            decision = decisions.get(record.key)
            if decision is None or decision.decision == "released":
                continue
            if decision.decision == "withheld":
                record.items = []
                record.withheld = True
                record.note = f"This item is withheld: {decision.exemption_label}"
                what = "The whole item"
            else:
                marker = WITHHELD_TEXT.format(exemption=decision.exemption_label)
                for item in record.items:
                    item.value = item.value.replace(decision.passage, marker)
                record.note = "A passage of this item is withheld (see the schedule)"
                what = "A passage"
            schedule.append(
                WithheldEntry(
                    section.title, record.title, what, decision.exemption_label, decision.reason
                )
            )
    pack.schedule = schedule
    return pack
