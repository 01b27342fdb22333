"""The kinds of record a retention rule can name. Each is a group of models that hold personal
data (see casework/register/fields.py) and are kept, and disposed of, together: the first model
is the record, the others go with it (a job's in-work support contacts go with the job).

How each model is disposed of (deleted, or anonymised with what is kept for statistics) is its
disposal plan, in casework/disposal/plans.py; a test fails if a model with personal data has no
plan or its model is in no record type here.

`owner` says whose record it is: "participant" records belong to one participant and go when
the participant's record goes (a rule of their own can only make them go sooner); "staff"
records belong to a member of staff; "programme" records (a group session) belong to no one
person. `created` names the field a rule anchored on the record's creation counts from."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordType:
    key: str
    model_label: str
    label: str
    owner: str = "participant"
    created: str = ""
    models: tuple[str, ...] = ()
    physical: bool = False

    @property
    def model_labels(self) -> tuple[str, ...]:
        """The record's model first, then the models that go with it."""
        return (self.model_label, *self.models)


_ALL = [
    RecordType(
        "participant",
        "participants.Participant",
        "Participant records",
        created="referred_on",
        models=(
            "participants.StatusChange",
            "disposal.LegalHold",
            "disposal.RetentionDue",
            "disclosures.SafeguardingDisclosure",
            "rights.Restriction",
            "rights.Objection",
            "rights.Rectification",
            "rights.SupplementaryStatement",
            "breaches.AffectedPerson",
        ),
    ),
    RecordType("referral", "referrals.Referral", "Referrals", created="received_at"),
    RecordType(
        "eligibility",
        "eligibility.EligibilityAssessment",
        "Eligibility assessments and decisions",
        created="decided_at",
    ),
    RecordType(
        "consent",
        "consents.ConsentDecision",
        "Consents given and withdrawn",
        "participant",
        created="recorded_at",
    ),
    RecordType(
        "notice_acknowledgement",
        "register.NoticeAcknowledgement",
        "Records of which privacy notice a participant was given",
        created="recorded_at",
    ),
    RecordType(
        "profile",
        "profiles.VocationalProfile",
        "Vocational profiles (employment history, qualifications, barriers, support)",
        created="updated_at",
        models=("profiles.EmploymentHistoryEntry", "profiles.Qualification"),
    ),
    RecordType(
        "action_plan",
        "journey.Goal",
        "Action plans (goals and steps)",
        created="created_at",
        models=("journey.ActionStep",),
    ),
    RecordType("appointment", "journey.Appointment", "Appointments", created="created_at"),
    RecordType("case_note", "journey.CaseNote", "Case notes", created="created_at"),
    RecordType(
        "job",
        "journey.Job",
        "Jobs and in-work support",
        created="recorded_at",
        models=("journey.InWorkSupportContact",),
    ),
    RecordType(
        "work_placement",
        "journey.WorkPlacement",
        "Volunteering and work experience",
        created="recorded_at",
    ),
    RecordType(
        "milestone", "journey.Milestone", "Job outcomes (milestones)", created="recorded_at"
    ),
    RecordType(
        "group_booking",
        "groupwork.GroupBooking",
        "Group-session bookings and sign-in registers",
        created="booked_at",
    ),
    RecordType(
        "group_session",
        "groupwork.GroupSession",
        "Group sessions (with their bookings and registers)",
        owner="programme",
        created="starts_at",
    ),
    RecordType(
        "evaluation_extract",
        "evaluation.EvaluationExtract",
        "De-identified evaluation extracts (their encrypted files)",
        owner="programme",
        created="requested_at",
    ),
    RecordType(
        "document",
        "documents.Document",
        "Documents (and their encrypted files)",
        created="uploaded_at",
    ),
    RecordType(
        "paper_file",
        "disposal.PaperFile",
        "Paper files (physical files, destroyed by a person)",
        created="opened_on",
        physical=True,
    ),
    RecordType(
        "subject_access_pack",
        "subjectaccess.SubjectAccessPack",
        "Subject access packs given to the person (with their redaction reviews)",
        created="prepared_at",
        models=("subjectaccess.PackRedaction",),
    ),
    RecordType(
        "break_glass_grant",
        "access.BreakGlassGrant",
        "Break-glass access to a participant's record",
        created="granted_at",
    ),
    RecordType(
        "dwp_return",
        "returns.MonthlyReturn",
        "DWP monthly returns (builds, their files and releases)",
        owner="programme",
        created="requested_at",
        models=("returns.ReturnFile", "returns.ReturnRelease"),
    ),
    RecordType(
        "staff_account",
        "staff.StaffUser",
        "Staff accounts",
        owner="staff",
        models=(
            "staff.Membership",
            "otp_totp.TOTPDevice",
            "otp_static.StaticDevice",
            "otp_static.StaticToken",
            "axes.AccessAttempt",
            "axes.AccessAttemptExpiration",
            "axes.AccessLog",
            "axes.AccessFailureLog",
        ),
    ),
]

RECORD_TYPES: dict[str, RecordType] = {r.key: r for r in _ALL}


def record_type_of(model_label: str) -> RecordType | None:
    """The record type a model's rows belong to, or None."""
    for record_type in _ALL:
        if model_label in record_type.model_labels:
            return record_type
    return None
