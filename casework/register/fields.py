"""Every model field Casework stores, classified: either personal data of a data subject with its
data category, or not personal (with the reason). A model field that appears in neither list
fails the test suite (casework/register/tests/test_field_coverage.py), so no personal field can
be added without declaring it. The full processing register (purposes, bases, recipients,
retention) builds on these declarations."""

from dataclasses import dataclass

from casework.register.categories import CATEGORIES, DataSubject


@dataclass(frozen=True)
class PersonalField:
    subject: DataSubject
    category: str
    encrypted: bool = False

    def __post_init__(self):
        if self.category not in CATEGORIES:
            raise ValueError(f"Unknown data category {self.category!r}")


def _participant(category: str, *, encrypted: bool = False) -> PersonalField:
    return PersonalField(DataSubject.PARTICIPANT, category, encrypted)


def _staff(category: str) -> PersonalField:
    return PersonalField(DataSubject.STAFF, category)


PERSONAL_FIELDS: dict[str, dict[str, PersonalField]] = {
    "participants.Participant": {
        "first_name": _participant("identity"),
        "last_name": _participant("identity"),
        "preferred_name": _participant("identity"),
        "date_of_birth": _participant("identity"),
        "gender": _participant("identity"),
        "email": _participant("contact"),
        "phone": _participant("contact"),
        "address_line_1": _participant("contact"),
        "address_line_2": _participant("contact"),
        "town": _participant("contact"),
        "postcode": _participant("contact"),
        "national_insurance_number": _participant("government_identifier", encrypted=True),
        "nino_index": _participant("government_identifier"),
        "local_authority_identifier": _participant("local_authority_identifier"),
        "programme": _participant("case_management"),
        "area": _participant("case_management"),
        "responsible_organisation": _participant("case_management"),
        "assigned_specialist": _participant("case_management"),
        "status": _participant("case_management"),
        "referred_on": _participant("case_management"),
        "enrolled_on": _participant("case_management"),
        "in_work_on": _participant("case_management"),
        "exited_on": _participant("case_management"),
        "next_contact_on": _participant("case_management"),
    },
    "referrals.Referral": {
        "programme": _participant("case_management"),
        "area": _participant("case_management"),
        "channel": _participant("case_management"),
        "route": _participant("case_management"),
        "referring_organisation": _participant("case_management"),
        "referred_by": _participant("case_management"),
        "received_at": _participant("case_management"),
        "first_name": _participant("identity"),
        "last_name": _participant("identity"),
        "date_of_birth": _participant("identity"),
        "email": _participant("contact"),
        "phone": _participant("contact"),
        "postcode": _participant("contact"),
        "national_insurance_number": _participant("government_identifier", encrypted=True),
        "nino_index": _participant("government_identifier"),
        "support_needs": _participant("health", encrypted=True),
        "agreement_how": _participant("case_management"),
        "agreement_recorded_at": _participant("case_management"),
        "status": _participant("case_management"),
        "decided_by": _participant("case_management"),
        "decided_at": _participant("case_management"),
        "decline_reason": _participant("case_management"),
        "participant": _participant("case_management"),
    },
    "documents.Document": {
        "participant": _participant("case_management"),
        "kind": _participant("case_management"),
        # The content can hold anything about the person (a CV, a health letter), so it is
        # encrypted in the document store (casework/documents/storage.py).
        "title": _participant("case_management"),
        "source": _participant("case_management"),
        "original_filename": _participant("case_management"),
        "content_type": _participant("case_management"),
        "size": _participant("case_management"),
        "sha256": _participant("case_management"),
        "storage_name": _participant("case_management"),
        "uploaded_by": _participant("case_management"),
        "uploaded_at": _participant("case_management"),
    },
    "consents.ConsentDecision": {
        "participant": _participant("case_management"),
        "purpose": _participant("case_management"),
        "recipient": _participant("case_management"),
        "given": _participant("case_management"),
        "decided_on": _participant("case_management"),
        "channel": _participant("case_management"),
        "recorded_by": _participant("case_management"),
        "recorded_at": _participant("case_management"),
    },
    "eligibility.EligibilityAssessment": {
        "participant": _participant("case_management"),
        "assessed_on": _participant("case_management"),
        "lives_in_area": _participant("residency_benefits"),
        "right_to_work": _participant("residency_benefits"),
        "right_to_work_evidence": _participant("residency_benefits"),
        "on_other_dwp_programme": _participant("residency_benefits"),
        "qualifying_groups": _participant("health", encrypted=True),
        "strand": _participant("employment_education"),
        "exceptional_age_reason": _participant("case_management"),
        "advice": _participant("health", encrypted=True),
        "decision": _participant("case_management"),
        "decision_reason": _participant("case_management"),
        "decided_by": _participant("case_management"),
        "decided_at": _participant("case_management"),
    },
    "staff.StaffUser": {
        "first_name": _staff("staff_identity"),
        "last_name": _staff("staff_identity"),
        "email": _staff("staff_identity"),
        "organisation": _staff("staff_identity"),
        "password": _staff("staff_account"),
        "last_login": _staff("staff_account"),
        "date_joined": _staff("staff_account"),
        "is_active": _staff("staff_account"),
        "is_staff": _staff("staff_account"),
        "is_superuser": _staff("staff_account"),
        "groups": _staff("staff_account"),
        "user_permissions": _staff("staff_account"),
    },
    "register.NoticeAcknowledgement": {
        "participant": _participant("case_management"),
        "version": _participant("case_management"),
        "given_on": _participant("case_management"),
        "method": _participant("case_management"),
        "recorded_by": _participant("case_management"),
        "recorded_at": _participant("case_management"),
    },
    "staff.Membership": {
        "user": _staff("staff_account"),
        "programme": _staff("staff_account"),
        "role": _staff("staff_account"),
        "team": _staff("staff_account"),
    },
}

# Fields that hold no personal data, with the reason.
NOT_PERSONAL: dict[str, dict[str, str]] = {
    "participants.Participant": {
        "id": "random identifier, meaningless outside Casework",
        "created_at": "technical timestamp",
        "updated_at": "technical timestamp",
    },
    "referrals.Referral": {"id": "random identifier, meaningless outside Casework"},
    "documents.Document": {"id": "random identifier, meaningless outside Casework"},
    "consents.ConsentDecision": {"id": "technical identifier"},
    "eligibility.EligibilityAssessment": {"id": "technical identifier"},
    "staff.StaffUser": {"id": "technical identifier"},
    "register.NoticeAcknowledgement": {"id": "technical identifier"},
    "register.RegisterVersion": dict.fromkeys(
        (
            "id",
            "programme",
            "number",
            "config",
            "content_hash",
            "loaded_at",
            "source_file",
            "changes",
            "added_recipients",
            "added_purposes",
        ),
        "a programme's register version; names only public office-holders such as the DPO",
    ),
    "staff.Membership": {"id": "technical identifier"},
    "programmes.Programme": dict.fromkeys(
        ("id", "slug", "name", "starts_on", "ends_on", "delivery_models", "areas"),
        "describes the programme, not a person",
    ),
    "core.ThrottleWindow": dict.fromkeys(
        ("id", "key_hash", "window", "count"), "keyed hash of a client address, never reversible"
    ),
    "programmes.Area": dict.fromkeys(("id", "code", "name"), "local authority geography"),
    "programmes.Organisation": dict.fromkeys(("id", "name"), "an organisation, not a person"),
    "programmes.ProgrammeOrganisation": dict.fromkeys(
        ("id", "programme", "organisation", "role", "areas"),
        "an organisation's role in a programme",
    ),
    "programmes.Team": dict.fromkeys(
        ("id", "programme", "organisation", "name"), "a team of an organisation"
    ),
}


def personal_fields_of(model_label: str) -> dict[str, PersonalField]:
    return PERSONAL_FIELDS.get(model_label, {})


def is_encrypted(model_label: str, field_name: str) -> bool:
    declared = PERSONAL_FIELDS.get(model_label, {}).get(field_name)
    return bool(declared and declared.encrypted)
