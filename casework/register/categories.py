"""The data categories Casework knows, and which of them are special category data
(UK GDPR Art 9) or criminal offence data (Art 10). Programme configurations (a later issue)
choose which of these they collect and why."""

from dataclasses import dataclass
from enum import StrEnum


class DataSubject(StrEnum):
    PARTICIPANT = "participant"
    STAFF = "staff"
    # Someone who complains about how their (or another's) data is handled: often a participant,
    # sometimes a relative or advocate, never matched to a record automatically.
    COMPLAINANT = "complainant"
    # Someone who asks to use a data protection right: the person, or someone acting for them,
    # matched to a participant's record only by the DPO.
    REQUESTER = "requester"


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    special_category: bool = False
    criminal_offence: bool = False


_ALL = [
    Category("identity", "Name, date of birth and gender"),
    Category("contact", "Contact details and address"),
    Category("government_identifier", "National Insurance number"),
    Category("local_authority_identifier", "Local authority identifiers"),
    Category("case_management", "Referral and case management information"),
    Category("employment_education", "Employment and education history"),
    Category("residency_benefits", "Residency and benefit status"),
    Category("support_services", "Details of support services received"),
    Category(
        "case_notes",
        "Case notes and other free text written by staff (action plans, in-work support), "
        "which may include health or other special category information",
        special_category=True,
    ),
    Category("health", "Health information, disabilities or learning difficulties", True),
    Category("ethnicity", "Ethnicity", True),
    Category("religion", "Religion or belief", True),
    Category("sexual_orientation", "Sexual orientation", True),
    Category("criminal_offence", "Offending history", criminal_offence=True),
    Category("parental_caring", "Parental and caring responsibilities"),
    Category("attendance", "Attendance and participation in meetings and sessions"),
    Category("barriers_to_work", "Barriers to work"),
    Category(
        "disadvantaged_groups",
        "Whether you belong to a disadvantaged group (for example care leaver, carer, veteran, "
        "homeless)",
    ),
    Category("family_household", "Family and household circumstances"),
    Category("housing", "Housing circumstances"),
    Category("emergency_contact", "Emergency contact details"),
    Category("nationality", "Nationality and right to work"),
    Category("financial", "Financial information"),
    Category("images", "Photographs and images"),
    Category("disability", "Disabilities or learning difficulties", special_category=True),
    Category("sex_and_gender_identity", "Sex and gender identity"),
    Category("trade_union", "Trade union membership", special_category=True),
    Category("political_opinion", "Political opinions", special_category=True),
    Category("staff_identity", "Staff names and work contact details"),
    Category("staff_account", "Staff sign-in and account records"),
    Category("staff_activity", "Staff activity: the audit trail of who did what, when, from where"),
]

CATEGORIES: dict[str, Category] = {c.key: c for c in _ALL}


def category(key: str) -> Category:
    try:
        return CATEGORIES[key]
    except KeyError:
        raise KeyError(f"Unknown data category {key!r}; known: {', '.join(CATEGORIES)}") from None
