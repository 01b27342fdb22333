"""The Art 30 record of processing activities, one row per purpose, with the columns of the
ICO's documentation template for controllers, exported as CSV and XLSX."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from casework.core.exports import UTF8_BOM, escape_cell
from casework.register.categories import CATEGORIES
from casework.register.config import RECIPIENT_TYPE_LABELS, Contact, ProgrammeConfig
from casework.register.law import art6_text, art9_text, rights_for, schedule1_text
from casework.register.notice import CHANNEL_TEXT, retention_text

COLUMNS = [
    "Business function",
    "Name and contact details of controller",
    "Name and contact details of joint controllers",
    "Contact details of Data Protection Officer",
    "Purpose of processing",
    "Article 6 lawful basis for processing personal data",
    "Article 9 basis for processing special category data",
    "DPA 2018 Schedule 1 condition for processing",
    "Categories of individuals",
    "Categories of personal data",
    "Categories of recipients",
    "Link to contract with processor or data-sharing agreement",
    "Names of third countries or international organisations that personal data are transferred to",
    "Retention schedule",
    "General description of technical and organisational security measures",
    "Rights available to individuals",
    "Existence of automated decision-making, including profiling",
    "Source of the personal data",
    "Location of personal data",
]

_RECIPIENT_TYPE_TEXT = RECIPIENT_TYPE_LABELS


def _contact(contact: Contact | None) -> str:
    if contact is None:
        return "Not given"
    return "; ".join(
        x
        for x in (
            contact.name,
            contact.team,
            contact.email,
            contact.phone,
            contact.postal,
            contact.website,
        )
        if x
    )


def rows(config: ProgrammeConfig) -> list[list[str]]:
    areas = {a.code: a.name for a in config.areas}
    controllers = config.controllers
    controller = controllers.accountable_body.name + (
        f", with {controllers.government_department.name}"
        if controllers.government_department
        else ""
    )
    joint = "; ".join(
        f"{o.name} ({', '.join(areas[c] for c in o.areas)})" for o in controllers.joint_controllers
    )
    sources = ["The participant"] + (
        [": " + ", ".join(CHANNEL_TEXT[c] for c in config.collection_channels)]
        if config.collection_channels
        else []
    )
    sources = ["".join(sources)]
    sources += [s.description for s in config.sources]
    retention = " ".join(retention_text(r, config) for r in config.retention)
    result = []
    for purpose in config.purposes:
        recipients = [
            r
            for r in config.recipients
            if (r.agreement and purpose.key in r.agreement.purposes) or r.agreement is None
        ]
        rights = [
            f"{v.right.title}{' (in part)' if v.applies == 'partly' else ''}"
            for v in rights_for(
                {purpose.art6.value}, automated_decisions=config.automated_decision_making
            )
            if v.applies != "no"
        ]
        result.append(
            [
                config.name,
                controller,
                joint or "None",
                _contact(config.dpo),
                purpose.description,
                art6_text(purpose.art6),
                art9_text(purpose.art9) if purpose.art9 else "Not applicable",
                schedule1_text(purpose.schedule1) if purpose.schedule1 else "Not applicable",
                "Programme participants (people referred to or supported by the programme)",
                "; ".join(
                    CATEGORIES[k].label
                    + (" (special category)" if CATEGORIES[k].special_category else "")
                    for k in purpose.categories
                ),
                "; ".join(
                    f"{_RECIPIENT_TYPE_TEXT[r.type]}: {r.label}"
                    + (" (with consent)" if r.consent_needed else "")
                    for r in recipients
                )
                or "None",
                "; ".join(
                    f"{r.agreement.reference} ({r.agreement.starts_on} to {r.agreement.expires_on})"
                    if r.agreement
                    else f"No agreement: {r.legal_gateway}"
                    for r in recipients
                )
                or "None",
                {"none": "None (UK only)", "not_stated": "Not stated"}.get(
                    config.international_transfers, config.international_transfers
                ),
                retention,
                " ".join(config.security_measures),
                "; ".join(rights),
                {True: "Yes", False: "No", None: "Not stated"}[config.automated_decision_making],
                "; ".join(sources),
                config.storage.location if config.storage else "Not stated",
            ]
        )
    return result


def as_csv(config: ProgrammeConfig) -> str:
    """The record as CSV text that Excel opens as UTF-8 (it starts with a byte order mark)."""
    out = io.StringIO()
    out.write(UTF8_BOM)
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows(config):
        writer.writerow([escape_cell(v) for v in row])
    return out.getvalue()


def as_xlsx(config: ProgrammeConfig) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Record of processing"
    sheet.append(COLUMNS)
    for row in rows(config):
        sheet.append([escape_cell(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 40
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
