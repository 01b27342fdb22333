"""The privacy notice, generated from one register version. The notice is built once as plain
sections (headings, paragraphs, lists, tables) and rendered as a web page (Jinja2) and as a PDF
(casework/register/pdf.py) from the same structure, so the two cannot disagree."""

import datetime
from dataclasses import dataclass, field

from casework.register.categories import CATEGORIES
from casework.register.config import (
    Anchor,
    Contact,
    ProgrammeConfig,
    RetentionRule,
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

    def text(self) -> str:
        """The whole notice as plain text (used by tests and the letter to participants)."""
        lines = [self.title]
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


def retention_text(rule: RetentionRule, config: ProgrammeConfig) -> str:
    label = RECORD_TYPES[rule.record_type].label
    action = (
        "securely deleted"
        if rule.action == "delete"
        else "anonymised, so nothing left can identify you"
    )
    period = _period(rule)
    if rule.anchor == Anchor.FIXED_DATE:
        until = f"kept until {rule.date:%-d %B %Y}"
    elif rule.anchor == Anchor.PROGRAMME_END:
        end = add_period(config.ends_on, rule.years, rule.months)
        until = (
            f"kept for up to {period} after the end of the programme (until {end:%-d %B %Y})"
            if period
            else f"kept until the end of the programme ({config.ends_on:%-d %B %Y})"
        )
    elif rule.anchor == Anchor.PARTICIPANT_EXIT:
        until = (
            f"kept for {period} after you leave the programme"
            if period
            else "kept until you leave the programme"
        )
    else:
        until = f"kept for {period} after the record is made"
    return f"{label}: {until}, then {action}."


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def build_notice(version: RegisterVersion) -> Notice:
    config = config_from_json(version.config)
    area_names = {a.code: a.name for a in config.areas}
    controllers = config.controllers
    body = controllers.accountable_body.name
    dwp = controllers.government_department.name
    sections = []

    who = Section("who-we-are", "Who we are").add(Paragraph(config.who_we_are))
    who.add(
        Paragraph(
            f"{body} is the Accountable Body for {config.name} and is responsible for processing "
            "your personal information. We are regulated under the UK General Data Protection "
            "Regulation (UK GDPR) and the Data Protection Act 2018. We are the ‘data controller’ "
            f"for this information alongside the {dwp} (DWP)."
        )
    )
    if controllers.joint_controllers:
        who.add(
            Paragraph(
                "Our local authority delivery partners are ‘joint controllers’ of the "
                "information for their geography:"
            ),
            Bullets(
                [
                    f"{o.name}: {_joined([area_names[c] for c in o.areas])}"
                    for o in controllers.joint_controllers
                ]
            ),
        )
    if config.dpo:
        who.add(Paragraph("Our Data Protection Officer:"), Bullets(_contact_lines(config.dpo)))
    sections.append(who)

    held = Section("what-we-hold", "What information we hold")
    held.add(Paragraph("The information we hold about you may include:"))
    items, seen = [], set()
    for entry in config.data_collected:
        category = CATEGORIES[entry.category]
        text = entry.label or category.label
        if category.special_category:
            text += " (special category data)"
        if category.criminal_offence:
            text += " (criminal offence data)"
        if entry.where_relevant:
            text += " (where relevant)"
        if text not in seen:
            seen.add(text)
            items.append(text)
    held.add(Bullets(items))
    special = [
        CATEGORIES[e.category].label.split(",")[0].lower()
        for e in config.data_collected
        if CATEGORIES[e.category].special_category
    ]
    if special:
        held.add(
            Paragraph(
                "Special category data is more sensitive personal data; here, "
                f"{_joined(special)}. The law gives it extra protection."
            )
        )
    sections.append(held)

    collect = Section("how-we-collect", "How we collect your data")
    collect.add(
        Paragraph("Most of the information we hold is given to us directly by you:"),
        Bullets([CHANNEL_TEXT[c] for c in config.collection_channels]),
    )
    agreed = [s.description for s in config.sources if s.with_your_agreement]
    other = [s.description for s in config.sources if not s.with_your_agreement]
    if agreed:
        collect.add(
            Paragraph("We may also receive information from the following with your agreement:"),
            Bullets(agreed),
        )
    if other:
        collect.add(Paragraph("We may also receive information from:"), Bullets(other))
    sections.append(collect)

    why = Section("why", "Why we collect your information")
    why.add(
        Paragraph("We use your information to:"),
        Bullets([p.description for p in config.purposes]),
        Paragraph(
            "Whenever we collect information, we limit it to only the details that are needed."
        ),
    )
    sections.append(why)

    basis = Section("lawful-basis", "Our lawful basis for using your data")
    statements = []
    for text in dict.fromkeys(art6_text(p.art6) for p in config.purposes):
        statements.append(text)
    for text in dict.fromkeys(art9_text(p.art9) for p in config.purposes if p.art9):
        statements.append(text)
    for text in dict.fromkeys(schedule1_text(p.schedule1) for p in config.purposes if p.schedule1):
        statements.append(text)
    basis.add(Paragraph("We collect and use your personal data under:"), Bullets(statements))
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
    if relies_on_consent or config.consent_withdrawal:
        basis.add(
            Paragraph(
                "Where we rely on your consent, you can withdraw it at any time. Withdrawing "
                "consent does not affect what we did with your consent before."
            )
        )
        if config.consent_withdrawal:
            basis.add(
                Paragraph("You can withdraw your consent by:"),
                Bullets(list(config.consent_withdrawal)),
            )
    sections.append(basis)

    share = Section("sharing", "Who we share your information with")
    share_items = []
    for r in config.recipients:
        text = r.description
        if r.consent_needed:
            text += " (with your agreement)"
        elif r.condition:
            text += f" ({r.condition})"
        share_items.append(text)
    share.add(Paragraph("We may share your information with:"), Bullets(share_items))
    share.add(
        Paragraph(
            "All partners are required to comply with data protection legislation and are "
            "subject to data sharing agreements. Where we share because the law requires it or "
            "to keep someone safe, we record what we shared and why."
        )
    )
    sections.append(share)

    keep = Section("retention", "How long we keep your data")
    if config.retention_summary:
        keep.add(Paragraph(config.retention_summary))
    keep.add(
        Bullets(
            [
                retention_text(r, config)
                for r in config.retention
                if r.record_type != "staff_account"
            ]
        )
    )
    sections.append(keep)

    store = Section("storage", "Where and how we store and secure your data")
    where = f"Your data is stored in {config.storage.location}."
    if config.storage.systems:
        where += f" Digital data is held securely on {_joined(list(config.storage.systems))}."
    store.add(Paragraph(where))
    if config.storage.paper:
        store.add(Paragraph(config.storage.paper))
    store.add(
        Paragraph(
            "We do not transfer your data outside the UK."
            if config.international_transfers == "none"
            else f"Transfers outside the UK: {config.international_transfers}"
        ),
        Paragraph("How we keep it secure:"),
        Bullets(list(config.security_measures)),
    )
    sections.append(store)

    rights = Section("rights", "Your rights")
    bases = {p.art6.value for p in config.purposes}
    notes: dict[str, list[str]] = {}
    for note in config.right_notes:
        notes.setdefault(note.right, []).append(note.note)
    applies = {"yes": "Applies", "partly": "Applies in part", "no": "Does not apply"}
    rights.add(
        Paragraph(
            "Under the UK GDPR you have rights which you can use free of charge. Which rights "
            "apply depends on the lawful basis we use:"
        ),
        Table(
            "Your rights and whether they apply",
            ["Your right", "Does it apply?", "Why"],
            [
                [
                    f"{v.right.title} ({v.right.article}): {v.right.what}",
                    applies[v.applies],
                    " ".join([v.explanation, *notes.get(v.right.key, [])]),
                ]
                for v in rights_for(bases, automated_decisions=config.automated_decision_making)
            ],
        ),
        Paragraph("To use any of your rights, contact:"),
        Bullets(_contact_lines(config.rights_contact)),
    )
    sections.append(rights)

    complain = Section("complaints", "How to complain")
    complain.add(
        Paragraph(
            "If you are unhappy with how your information has been collected or used, you can "
            "speak to or make a complaint to:"
        ),
        Bullets(_contact_lines(config.complaints)),
        Paragraph(
            "You also have the right to complain to the Information Commissioner's Office "
            "(ICO), the UK's supervisory authority for data protection:"
        ),
        Bullets(_contact_lines(config.ico)),
    )
    sections.append(complain)

    if config.further_information or any(
        o.privacy_notice_url
        for o in (controllers.accountable_body, controllers.government_department)
    ):
        more = Section("more", "More information")
        if config.further_information:
            more.add(*[Paragraph(t) for t in config.further_information])
        links = [
            f"{o.name}: {o.privacy_notice_url}"
            for o in (controllers.accountable_body, controllers.government_department)
            if o.privacy_notice_url
        ]
        if links:
            more.add(Paragraph("Privacy notices of the controllers:"), Bullets(links))
        sections.append(more)

    changes = Section("changes", "Changes to this notice")
    loaded = version.loaded_at.date()
    changes.add(
        Paragraph(
            "Privacy notices are updated when the programme or the law changes. This is version "
            f"{version.number} of this notice, published on {loaded:%-d %B %Y}. What changed:"
        ),
        Bullets(list(version.changes)),
    )
    sections.append(changes)

    return Notice(
        title=f"{config.name}: privacy notice",
        programme_slug=version.programme.slug,
        version_number=version.number,
        version_date=loaded,
        sections=sections,
    )
