"""The privacy notice, generated from one register version. The notice is built once as plain
sections (headings, paragraphs, lists, tables) and rendered as a web page (Jinja2) and as a PDF
(casework/register/pdf.py) from the same structure, so the two cannot disagree."""

import datetime
from dataclasses import dataclass, field

from casework.register.capabilities import promise_is_kept
from casework.register.categories import CATEGORIES
from casework.register.config import (
    SOURCE_CONDITION_TEXT,
    Anchor,
    Contact,
    LeadIn,
    NoticeSection,
    ProgrammeConfig,
    PromiseKind,
    RetentionRule,
    SourceCondition,
    config_from_json,
)
from casework.register.law import (
    Art6,
    art6_text,
    art9_text,
    rights_for,
    schedule1_short,
    schedule1_text,
)
from casework.register.models import RegisterVersion
from casework.register.record_types import RECORD_TYPES
from casework.register.retention import add_period

CHANNEL_TEXT = {
    "face_to_face": "Face to face",
    "telephone": "Telephone",
    "email": "Email",
    "letter": "In writing (letters and forms)",
    "reports": "Reports",
    "expression_of_interest_form": "Expression of Interest form / Application form",
    "online": "Online",
    "meetings_and_sessions": "In meetings and sessions with you",
}


@dataclass
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass
class Bullets:
    items: list[str]
    kind: str = "bullets"


@dataclass
class Table:
    caption: str
    head: list[str]
    rows: list[list[str]]
    kind: str = "table"


@dataclass
class Section:
    id: str
    heading: str
    blocks: list = field(default_factory=list)

    def add(self, *blocks) -> "Section":
        self.blocks.extend(b for b in blocks if b is not None)
        return self


@dataclass
class Notice:
    title: str
    programme_slug: str
    version_number: int
    version_date: datetime.date
    sections: list[Section]
    heading: str = "Privacy notice"
    introduction: list[str] = field(default_factory=list)
    last_updated: str = ""

    def text(self) -> str:
        """The whole notice as plain text (used by tests and the letter to participants)."""
        lines = [self.title, *self.introduction]
        if self.last_updated:
            lines.append(f"Last updated: {self.last_updated}")
        for section in self.sections:
            lines.append(section.heading)
            for block in section.blocks:
                if block.kind == "paragraph":
                    lines.append(block.text)
                elif block.kind == "bullets":
                    lines.extend(f"- {item}" for item in block.items)
                else:
                    lines.append(" | ".join(block.head))
                    lines.extend(" | ".join(row) for row in block.rows)
        return "\n".join(lines)


def _contact_lines(contact: Contact) -> list[str]:
    lines = []
    if contact.name or contact.team:
        lines.append(", ".join(x for x in (contact.name, contact.team) if x))
    if contact.email:
        lines.append(f"Email: {contact.email}")
    if contact.phone:
        lines.append(f"Phone: {contact.phone}")
    if contact.postal:
        lines.append(f"Write to: {contact.postal}")
    if contact.website:
        lines.append(f"Website: {contact.website}")
    return lines


def _period(rule: RetentionRule) -> str:
    parts = []
    if rule.years:
        parts.append(f"{rule.years} year{'s' if rule.years != 1 else ''}")
    if rule.months:
        parts.append(f"{rule.months} month{'s' if rule.months != 1 else ''}")
    return " and ".join(parts)


def _kept(term, config: ProgrammeConfig) -> str:
    period = _period(term)
    if term.anchor == Anchor.FIXED_DATE:
        return f"until {term.date:%-d %B %Y}"
    if term.anchor == Anchor.PROGRAMME_END:
        end = add_period(config.ends_on, term.years, term.months)
        return (
            f"for up to {period} after the end of the programme (until {end:%-d %B %Y})"
            if period
            else f"until the end of the programme ({config.ends_on:%-d %B %Y})"
        )
    if term.anchor == Anchor.PARTICIPANT_EXIT:
        return (
            f"for {period} after you leave the programme"
            if period
            else ("until you leave the programme")
        )
    if term.anchor == Anchor.PARTICIPANT_AGE:
        age = f"{term.age}" + (
            f" ({term.age_if_disabled} if you have a disability)" if term.age_if_disabled else ""
        )
        return f"for {period} after you turn {age}" if period else f"until you turn {age}"
    return f"for {period} after the record is made"


def retention_text(rule: RetentionRule, config: ProgrammeConfig) -> str:
    label = RECORD_TYPES[rule.record_type].label
    action = (
        "securely deleted"
        if rule.action == "delete"
        else "anonymised, so nothing left can identify you"
    )
    until = "kept " + ", or ".join(_kept(term, config) for term in rule.terms)
    if rule.or_later:
        until += ", whichever is later"
    return f"{label}: {until}, then {action}."


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _paragraphs(text: str | list[str]) -> list[str]:
    if isinstance(text, str):
        return [text] if text else []
    return [t for t in text if t]


def _last_updated(value: str | None) -> str:
    if not value:
        return ""
    if len(value) == 7:
        return datetime.date.fromisoformat(value + "-01").strftime("%B %Y")
    return f"{datetime.date.fromisoformat(value):%-d %B %Y}"


def kept_promises(config: ProgrammeConfig, kind: PromiseKind) -> list[str]:
    """The programme's promises of `kind`, if the system keeps that kind of promise."""
    return [p.text for p in config.promises if p.kind == kind and promise_is_kept(p.kind)]


def build_notice(version: RegisterVersion) -> Notice:
    """The notice says only what the register version declares: each paragraph is either the
    programme's own text or a rendering of a declared fact (a list, a table, a contact), and a
    promise appears only while the system keeps it (casework/register/capabilities.py)."""
    config = config_from_json(version.config)
    area_names = {a.code: a.name for a in config.areas}
    controllers = config.controllers
    extra = config.notice.paragraphs
    lead = config.notice.lead_ins

    def lead_in(key: LeadIn, default: str) -> Paragraph | None:
        text = lead.get(key, default)
        return Paragraph(text) if text else None

    sections = []

    def own(section: Section, key: NoticeSection) -> None:
        section.add(*[Paragraph(t) for t in extra.get(key, [])])

    who = Section("who-we-are", "Who we are")
    who.add(*[Paragraph(t) for t in _paragraphs(config.who_we_are)])
    if controllers.joint_controllers:
        who.add(
            Paragraph(controllers.joint_controllers_intro)
            if controllers.joint_controllers_intro
            else None,
            Bullets(
                [
                    f"{o.name}: {_joined([area_names[c] for c in o.areas])}" if o.areas else o.name
                    for o in controllers.joint_controllers
                ]
            )
            if controllers.joint_controllers_listed or not controllers.joint_controllers_intro
            else None,
        )
    own(who, NoticeSection.WHO_WE_ARE)
    if config.dpo:
        who.add(Paragraph("Our Data Protection Officer:"), Bullets(_contact_lines(config.dpo)))
    if who.blocks:
        sections.append(who)

    held = Section("what-we-hold", "What information we hold")
    items, seen = [], set()
    for entry in config.data_collected:
        category = CATEGORIES[entry.category]
        for text in entry.wording() or [category.label]:
            if category.special_category and config.notice.marks_special_category:
                text += " (special category data)"
            if category.criminal_offence and config.notice.marks_special_category:
                text += " (criminal offence data)"
            if entry.where_relevant:
                text += " (where relevant)"
            if text not in seen:
                seen.add(text)
                items.append(text)
    held.add(lead_in(LeadIn.DATA_COLLECTED, ""), Bullets(items))
    own(held, NoticeSection.WHAT_WE_HOLD)
    sections.append(held)

    collect = Section("how-we-collect", "How we collect your data")
    if config.collection_channels:
        collect.add(
            lead_in(LeadIn.COLLECTION_CHANNELS, "From you:"),
            Bullets([CHANNEL_TEXT[c] for c in config.collection_channels]),
        )
    by_condition: dict[str, list[str]] = {}
    for source in config.sources:
        by_condition.setdefault(source.condition, []).append(source.description)
    for condition, descriptions in by_condition.items():
        if condition == SourceCondition.NOT_STATED:
            intro = lead_in(LeadIn.SOURCES, "From others:")
        else:
            intro = lead_in(
                LeadIn(f"sources_{condition}"),
                f"From others, {SOURCE_CONDITION_TEXT[SourceCondition(condition)]}:",
            )
        collect.add(intro, Bullets(descriptions))
    own(collect, NoticeSection.HOW_WE_COLLECT)
    if collect.blocks:
        sections.append(collect)

    why = Section("why", "Why we collect your information")
    why.add(lead_in(LeadIn.PURPOSES, ""), Bullets([p.description for p in config.purposes]))
    own(why, NoticeSection.WHY)
    sections.append(why)

    basis = Section("lawful-basis", "Our lawful basis for using your data")
    statements = []
    # Only the bases the programme's notice states (`art6_in_notice`, `art9_in_notice`).
    listed = config.notice.lists_bases
    stated6 = [p for p in config.purposes if p.art6_in_notice and listed]
    stated9 = [p for p in config.purposes if p.art9_in_notice and listed]
    for text in dict.fromkeys(art6_text(p.art6) for p in stated6):
        statements.append(text)
    for text in dict.fromkeys(art9_text(p.art9) for p in stated9 if p.art9):
        statements.append(text)
    for text in dict.fromkeys(schedule1_text(p.schedule1) for p in stated9 if p.schedule1):
        statements.append(text)
    basis.add(lead_in(LeadIn.LAWFUL_BASIS, ""), Bullets(statements) if statements else None)
    if config.notice.basis_per_purpose:
        basis.add(
            Table(
                "The lawful basis for each use of your data",
                ["What we use it for", "Lawful basis", "For special category data"],
                [
                    [
                        p.description,
                        art6_text(p.art6, short=True),
                        "; ".join(
                            x
                            for x in (
                                art9_text(p.art9, short=True) if p.art9 else "",
                                schedule1_short(p.schedule1) if p.schedule1 else "",
                            )
                            if x
                        )
                        or "Not used",
                    ]
                    for p in config.purposes
                ],
            )
        )
    relies_on_consent = any(p.art6 == Art6.CONSENT for p in config.purposes) or any(
        r.consent_needed for r in config.recipients
    )
    if relies_on_consent:
        # UK GDPR Art 13(2)(c) and 7(3): the right to withdraw, which the consents app keeps.
        basis.add(
            Paragraph(
                "Where we rely on your consent, you can withdraw it at any time. Withdrawing "
                "consent does not affect what we did with your consent before."
            )
        )
    if config.consent_withdrawal:
        basis.add(
            lead_in(LeadIn.CONSENT_WITHDRAWAL, "You can withdraw your consent by:"),
            Bullets(list(config.consent_withdrawal)),
        )
    own(basis, NoticeSection.LAWFUL_BASIS)
    if basis.blocks:
        sections.append(basis)

    share = Section("sharing", "Who we share your information with")
    share_items = []
    for r in config.recipients:
        text = r.label
        if r.consent_needed:
            text += " (with your agreement)"
        elif r.condition:
            text += f" ({r.condition})"
        share_items.append(text)
    if share_items:
        share.add(lead_in(LeadIn.RECIPIENTS, ""), Bullets(share_items))
    own(share, NoticeSection.SHARING)
    for kind in (PromiseKind.RECORDS_DISCLOSURES, PromiseKind.TELLS_OF_SHARING_CHANGES):
        share.add(*[Paragraph(t) for t in kept_promises(config, kind)])
    if share.blocks:
        sections.append(share)

    keep = Section("retention", "How long we keep your data")
    keep.add(*[Paragraph(t) for t in _paragraphs(config.retention_summary)])
    rules = [retention_text(r, config) for r in config.retention if r.in_notice]
    if rules:
        keep.add(Bullets(rules))
    own(keep, NoticeSection.RETENTION)
    if keep.blocks:
        sections.append(keep)

    store = Section("storage", "Where and how we store and secure your data")
    if config.storage:
        if config.storage.statement:
            store.add(*[Paragraph(t) for t in config.storage.statement])
        else:
            store.add(Paragraph(f"Where your data is stored: {config.storage.location}."))
            if config.storage.systems:
                store.add(Paragraph("Systems:"), Bullets(list(config.storage.systems)))
        if config.storage.paper:
            store.add(Paragraph(config.storage.paper))
    if config.international_transfers == "none":
        store.add(
            lead_in(LeadIn.INTERNATIONAL_TRANSFERS, "We do not transfer your data outside the UK.")
        )
    elif config.international_transfers != "not_stated":
        store.add(Paragraph(config.international_transfers))
    if config.security_measures:
        store.add(lead_in(LeadIn.SECURITY_MEASURES, ""), Bullets(list(config.security_measures)))
    own(store, NoticeSection.STORAGE)
    if store.blocks:
        sections.append(store)

    rights = Section("rights", "Your rights")
    bases = {p.art6.value for p in config.purposes}
    notes: dict[str, list[str]] = {}
    for note in config.right_notes:
        notes.setdefault(note.right, []).append(note.note)
    offers = {
        o.right: ("yes" if o.applies == "yes" else "partly", o.wording)
        for o in config.rights_offered
    }
    applies = {"yes": "Applies", "partly": "Applies in some cases", "no": "Does not apply"}
    rights.add(
        Table(
            "Your rights under the UK GDPR, and whether each applies",
            ["Your right", "Does it apply?", "Why"],
            [
                [
                    f"{v.right.title} ({v.right.article}): {v.right.what}",
                    applies[v.applies],
                    " ".join(x for x in [v.explanation, *notes.get(v.right.key, [])] if x),
                ]
                for v in rights_for(
                    bases, automated_decisions=config.automated_decision_making, offers=offers
                )
            ],
        ),
    )
    if config.rights_contact:
        rights.add(
            lead_in(LeadIn.RIGHTS_CONTACT, "To use any of your rights, contact:"),
            Bullets(_contact_lines(config.rights_contact)),
        )
    if config.changes_contact:
        rights.add(
            Paragraph("To tell us about changes to your details, contact:"),
            Bullets(_contact_lines(config.changes_contact)),
        )
    own(rights, NoticeSection.RIGHTS)
    sections.append(rights)

    complain = Section("complaints", "How to complain")
    if config.complaints:
        complain.add(
            lead_in(
                LeadIn.COMPLAINTS,
                "Complain to us first:" if config.complain_to_us_first else "You can complain to:",
            ),
            Bullets(_contact_lines(config.complaints)),
        )
    if config.ico:
        # UK GDPR Art 13(2)(d): the right to lodge a complaint with the supervisory authority.
        complain.add(
            lead_in(
                LeadIn.ICO,
                "If you are still unhappy, you can complain to the Information Commissioner's "
                "Office (ICO):"
                if config.complain_to_us_first
                else "You also have the right to complain to the Information Commissioner's Office "
                "(ICO), the UK's supervisory authority for data protection:",
            ),
            Bullets(_contact_lines(config.ico)),
        )
    own(complain, NoticeSection.COMPLAINTS)
    if complain.blocks:
        sections.append(complain)

    controller_links = [
        o
        for o in (controllers.accountable_body, controllers.government_department)
        if o is not None and o.privacy_notice_url
    ]
    more = Section("more", "More information")
    more.add(*[Paragraph(t) for t in config.further_information])
    if controller_links:
        more.add(
            Paragraph("Privacy notices of the controllers:"),
            Bullets([f"{o.name}: {o.privacy_notice_url}" for o in controller_links]),
        )
    own(more, NoticeSection.MORE)
    if more.blocks:
        sections.append(more)

    changes = Section("changes", "Changes to this notice")
    loaded = version.loaded_at.date()
    own(changes, NoticeSection.CHANGES)
    changes.add(
        Paragraph(f"Version {version.number} of this notice, published on {loaded:%-d %B %Y}."),
        Paragraph("What changed:"),
        Bullets(list(version.changes)),
    )
    sections.append(changes)

    for section in sections:
        section.heading = config.notice.headings.get(section.id, section.heading)
    title = config.notice.title
    return Notice(
        title=f"{config.name}: {title}",
        programme_slug=version.programme.slug,
        version_number=version.number,
        version_date=loaded,
        sections=sections,
        heading=title[0].upper() + title[1:],
        introduction=_paragraphs(config.introduction),
        last_updated=_last_updated(config.notice.last_updated),
    )
