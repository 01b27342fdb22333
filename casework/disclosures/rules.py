"""What the law and the register's taxonomy say about each kind of disclosure. None of this is
a programme fact: which recipients, agreements and gateways a programme has comes from its
register (programmes/*.yaml); these tables say which of them a kind of disclosure may use."""

from django.apps import apps

from casework.access.permissions import Action
from casework.consents.selectors import NAMED_CONSENTS_FOR
from casework.disclosures.models import DisclosureKind
from casework.register.categories import CATEGORIES
from casework.register.config import RecipientType
from casework.register.fields import PERSONAL_FIELDS

K = DisclosureKind

_EMPLOYERS_AND_TRAINING = frozenset(
    {
        RecipientType.EMPLOYER_OR_TRAINING,
        RecipientType.EMPLOYER,
        RecipientType.TRAINING_PROVIDER,
        RecipientType.EDUCATION_OR_EXAMINING_BODY,
    }
)

# The register's recipient types each kind of disclosure may go to.
RECIPIENT_TYPES: dict[str, frozenset[str]] = {
    K.DOCUMENT: _EMPLOYERS_AND_TRAINING,
    K.ENQUIRY: _EMPLOYERS_AND_TRAINING,
    K.REFERRAL: frozenset(
        {
            RecipientType.SUPPORT_ORGANISATION,
            RecipientType.VOLUNTARY_OR_COMMUNITY,
            RecipientType.HEALTH_SERVICE,
        }
    ),
    K.SAFEGUARDING: frozenset(
        {
            RecipientType.SAFEGUARDING_LAW_ENFORCEMENT,
            RecipientType.POLICE_OR_LAW_ENFORCEMENT,
            RecipientType.SOCIAL_CARE,
            RecipientType.EMERGENCY_SERVICES,
        }
    ),
    K.STATUTORY_REQUEST: frozenset(
        {
            RecipientType.SAFEGUARDING_LAW_ENFORCEMENT,
            RecipientType.POLICE_OR_LAW_ENFORCEMENT,
            RecipientType.COURT_TRIBUNAL_OR_PRISON,
            RecipientType.PROBATION,
            RecipientType.REGULATOR_OR_OMBUDSMAN,
        }
    ),
    K.DATA_MATCHING: frozenset({RecipientType.STATUTORY_DATA_MATCHING}),
    K.EXTRACT: frozenset({RecipientType.GOVERNMENT_DEPARTMENT, RecipientType.RESEARCH}),
    # A subject access pack goes to the person themselves, never to a recipient of the register.
    K.SUBJECT_ACCESS: frozenset(),
}

# Kinds that may rely on a legal gateway instead of an agreement, and may go ahead while the
# record is restricted (Art 18(2): another person's rights, legal claims, important public
# interest).
GATEWAY_KINDS = frozenset({K.SAFEGUARDING, K.STATUTORY_REQUEST, K.DATA_MATCHING})
DESPITE_RESTRICTION_KINDS = frozenset({K.SAFEGUARDING, K.STATUTORY_REQUEST})
# Kinds about many people at once (a file), each participant checked.
BULK_KINDS = frozenset({K.DATA_MATCHING, K.EXTRACT})

# Why data may leave under a legal gateway, in the law's words: the purpose of a gateway
# disclosure (it is not one of the programme's own processing purposes).
GATEWAY_PURPOSES: dict[str, str] = {
    "safeguarding": "To protect a child or an adult at risk (DPA 2018 Schedule 1 paragraph 18)",
    "crime_prevention": "To prevent or detect crime (DPA 2018 Schedule 2 paragraph 2)",
    "required_by_law": "Required by law or by a court order (DPA 2018 Schedule 2 paragraph 5)",
    "data_matching": "Statutory data matching to prevent and detect fraud",
}
GATEWAY_PURPOSES_OF: dict[str, frozenset[str]] = {
    K.SAFEGUARDING: frozenset({"safeguarding", "crime_prevention"}),
    K.STATUTORY_REQUEST: frozenset({"crime_prevention", "required_by_law"}),
    K.DATA_MATCHING: frozenset({"data_matching"}),
}

# The consent that sharing with a named organisation of this type needs, where the register
# says consent is needed (any one of them, given to that named organisation): the same table
# that decides which consents a programme offers.
CONSENT_PURPOSES = NAMED_CONSENTS_FOR

# Who may make each kind (casework.access.permissions).
ACTIONS: dict[str, Action] = {
    K.DOCUMENT: Action.DISCLOSE,
    K.ENQUIRY: Action.DISCLOSE,
    K.REFERRAL: Action.DISCLOSE,
    K.SAFEGUARDING: Action.DISCLOSE,
    K.STATUTORY_REQUEST: Action.ANSWER_STATUTORY_REQUEST,
    K.DATA_MATCHING: Action.ANSWER_STATUTORY_REQUEST,
    K.EXTRACT: Action.ANSWER_STATUTORY_REQUEST,
    K.SUBJECT_ACCESS: Action.MANAGE_REQUESTS,
}

# The recipient of a subject access pack: the data subject, not a recipient the register declares.
DATA_SUBJECT_KEY = "data_subject"
DATA_SUBJECT_DESCRIPTION = "The person themselves, answering their subject access request"

# A document's file is not a model field: it is named by this reference, and its category is
# what the kind of document holds.
DOCUMENT_CONTENT = "documents.Document.content"
DOCUMENT_CATEGORIES = {
    "cv": "employment_education",
    "application_form": "employment_education",
    "evidence": "employment_education",
    "scanned_paper_record": "case_management",
    "other": "case_management",
}


def field_category(reference: str, document=None) -> str | None:
    """The data category of a field reference (`app.Model.field`), or None if unknown."""
    if reference == DOCUMENT_CONTENT:
        return DOCUMENT_CATEGORIES.get(document.kind) if document is not None else None
    model_label, _, name = reference.rpartition(".")
    declared = PERSONAL_FIELDS.get(model_label, {}).get(name)
    return declared.category if declared else None


def field_label(reference: str) -> str:
    """A field reference in words: 'First name', 'The document (file)'."""
    if reference == DOCUMENT_CONTENT:
        return "The document (file)"
    model_label, _, name = reference.rpartition(".")
    try:
        field = apps.get_model(model_label)._meta.get_field(name)
    except (LookupError, ValueError, Exception):  # noqa: BLE001 - an unknown name reads as itself
        return reference
    label = str(getattr(field, "verbose_name", name))
    return label[:1].upper() + label[1:]


def category_label(key: str) -> str:
    return CATEGORIES[key].label if key in CATEGORIES else key
