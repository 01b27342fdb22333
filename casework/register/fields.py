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
    },
    # The audit trail records staff activity; participants appear only as ids, which are
    # pseudonymous case references (declared under the participant's case management data).
    "audit.AuditEvent": {
        "actor": _staff("staff_activity"),
        "actor_label": _staff("staff_activity"),
        "occurred_at": _staff("staff_activity"),
        "action": _staff("staff_activity"),
        "purpose": _staff("staff_activity"),
        "source_ip": _staff("staff_activity"),
        "user_agent": _staff("staff_activity"),
        "participant": _participant("case_management"),
        "participant_ids": _participant("case_management"),
    },
    "audit.Alert": {
        "actor": _staff("staff_activity"),
        "actor_label": _staff("staff_activity"),
        "window_start": _staff("staff_activity"),
        "event_count": _staff("staff_activity"),
        "outcome": _staff("staff_activity"),
        "review_note": _staff("staff_activity"),
        "reviewed_by": _staff("staff_activity"),
        "reviewed_at": _staff("staff_activity"),
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
    "staff.StaffUser": {"id": "technical identifier"},
    "audit.AuditEvent": {
        "sequence": "position in the audit chain",
        "changed_fields": "names of fields, never their values",
        "previous_hash": "integrity hash of the previous event",
        "hash": "integrity hash of the event",
    },
    "core.EncryptionCanary": dict.fromkeys(("id", "value"), "a fixed text for checking keys"),
    "audit.Alert": {
        "id": "technical identifier",
        "rule": "which monitoring rule raised it",
        "first_sequence": "position in the audit chain",
        "raised_at": "technical timestamp",
    },
    "audit.AuditChainHead": dict.fromkeys(
        ("id", "sequence", "hash"), "the newest position of the audit chain"
    ),
    "staff.Membership": {"id": "technical identifier"},
    "programmes.Programme": dict.fromkeys(
        ("id", "slug", "name", "starts_on", "ends_on", "delivery_models", "areas"),
        "describes the programme, not a person",
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
