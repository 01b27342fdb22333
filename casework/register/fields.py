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
        "exit_reason": _participant("case_management"),
        "exit_reason_detail": _participant("case_management"),
        "next_contact_on": _participant("case_management"),
    },
    "participants.StatusChange": {
        "participant": _participant("case_management"),
        "from_status": _participant("case_management"),
        "to_status": _participant("case_management"),
        "on": _participant("case_management"),
        "exit_reason": _participant("case_management"),
        "exit_reason_detail": _participant("case_management"),
        "changed_by": _staff("staff_account"),
    },
    # The participant journey (casework/journey). `recorded_by` and the like name the member of
    # staff who did it: staff data, kept for accountability.
    "journey.Job": {
        "participant": _participant("employment_education"),
        "employer": _participant("employment_education"),
        "job_title": _participant("employment_education"),
        "employment_type": _participant("employment_education"),
        "hours_per_week": _participant("employment_education"),
        "hourly_pay": _participant("employment_education"),
        "started_on": _participant("employment_education"),
        "ended_on": _participant("employment_education"),
        "end_reason": _participant("employment_education"),
        "recorded_by": _staff("staff_account"),
    },
    "journey.WorkPlacement": {
        "participant": _participant("employment_education"),
        "kind": _participant("employment_education"),
        "organisation": _participant("employment_education"),
        "role": _participant("employment_education"),
        "hours_per_week": _participant("employment_education"),
        "started_on": _participant("employment_education"),
        "ended_on": _participant("employment_education"),
        "recorded_by": _staff("staff_account"),
    },
    "journey.InWorkSupportContact": {
        "job": _participant("employment_education"),
        "contacted_on": _participant("support_services"),
        "channel": _participant("support_services"),
        "with_employer": _participant("support_services"),
        "summary": _participant("case_notes", encrypted=True),
        "recorded_by": _staff("staff_account"),
    },
    "journey.Milestone": {
        "participant": _participant("employment_education"),
        "outcome_key": _participant("employment_education"),
        "label": _participant("employment_education"),
        "achieved_on": _participant("employment_education"),
        "jobs": _participant("employment_education"),
        "evidence": _participant("employment_education"),
        "recorded_by": _staff("staff_account"),
    },
    "journey.Goal": {
        "participant": _participant("case_management"),
        "description": _participant("case_notes", encrypted=True),
        "achieved_on": _participant("case_management"),
        "created_by": _staff("staff_account"),
    },
    "journey.ActionStep": {
        "goal": _participant("case_management"),
        "participant": _participant("case_management"),
        "description": _participant("case_notes", encrypted=True),
        "due_on": _participant("case_management"),
        "completed_on": _participant("case_management"),
        "created_by": _staff("staff_account"),
    },
    "journey.Appointment": {
        "participant": _participant("case_management"),
        "starts_at": _participant("case_management"),
        "kind": _participant("case_management"),
        "attendance": _participant("case_management"),
        "attendance_recorded_by": _staff("staff_account"),
        "created_by": _staff("staff_account"),
    },
    "journey.CaseNote": {
        "participant": _participant("case_management"),
        "text": _participant("case_notes", encrypted=True),
        "contains_third_party_information": _participant("case_management"),
        "corrects": _participant("case_management"),
        "author": _staff("staff_account"),
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
    **{
        f"journey.{model}": {
            "id": "random identifier, meaningless outside Casework",
            timestamp: "technical timestamp",
        }
        for model, timestamp in (
            ("Job", "recorded_at"),
            ("WorkPlacement", "recorded_at"),
            ("InWorkSupportContact", "recorded_at"),
            ("Milestone", "recorded_at"),
            ("Goal", "created_at"),
            ("ActionStep", "created_at"),
            ("Appointment", "created_at"),
            ("CaseNote", "created_at"),
        )
    },
    "participants.StatusChange": {
        "id": "technical identifier",
        "changed_at": "technical timestamp",
    },
    "staff.StaffUser": {"id": "technical identifier"},
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
