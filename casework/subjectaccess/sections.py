"""What a subject access pack holds, complete by construction: one table of sections, one per
model that has a path to a participant, and one table of models left out, each with its reason.

A test (tests/test_completeness.py) walks Django's model registry and fails, naming the model,
when a model reaches a participant (by a foreign key, one-to-one or many-to-many, directly or
through another model) or declares a participant field in the register (casework/register/
fields.py) and is in neither table; and, naming the field, when a field the register declares
for a model in a section is neither shown nor left out with a reason. Adding a section for a
new model is one entry, for example:

    Section("rights_requests", "Requests about your data", "rights.RightsRequest",
            path="participant", when="received_at"),

Every field the register declares for the model is then shown, with its label (the field's
verbose name), choice labels instead of codes, decrypted values and staff by name."""

from dataclasses import dataclass, field

PARTICIPANT = "participants.Participant"

# A field that links a row to the participant is the person themselves: never shown as a value.
LINK_TO_YOU = "the link to your own record, which this whole pack is about"
STAFF_DEVICE = "the member of staff's own device details (their personal data, not yours)"
TECHNICAL = "a technical value (a hash, a file name in the store or a size), not about you"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    model: str
    # The lookup from the model to the participant ("participant", "job__participant").
    path: str
    # The field a row is dated by: the pack's order, and what `as_of` counts from.
    when: str
    description: str = ""
    # Fields the register declares that are not shown, each with why.
    omit: dict[str, str] = field(default_factory=dict)
    # Fields not in the register (not personal) also shown, for the row to make sense.
    extra: tuple[str, ...] = ()
    # Whether a row may hold another person's information, and so needs a redaction review:
    # a field that says so ("contains_third_party_information") or a rule (see pack.py).
    review: str = ""


SECTIONS: tuple[Section, ...] = (
    Section(
        "status_changes",
        "Changes to your status on the programme",
        "participants.StatusChange",
        path="participant",
        when="on",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "referrals",
        "Referrals",
        "referrals.Referral",
        path="participant",
        when="received_at",
        description="How you were referred to the programme, and what was decided.",
        omit={
            "participant": LINK_TO_YOU,
            "nino_index": "a keyed code made from your National Insurance number, for searching",
            "programme": "the programme, named at the top of this pack",
        },
    ),
    Section(
        "eligibility",
        "Eligibility assessments",
        "eligibility.EligibilityAssessment",
        path="participant",
        when="decided_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "consents",
        "Consents you gave or withdrew",
        "consents.ConsentDecision",
        path="participant",
        when="recorded_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "notices",
        "Privacy notices you were given",
        "register.NoticeAcknowledgement",
        path="participant",
        when="recorded_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "profile",
        "Your vocational profile",
        "profiles.VocationalProfile",
        path="participant",
        when="updated_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "employment_history",
        "Your employment history",
        "profiles.EmploymentHistoryEntry",
        path="participant",
        when="recorded_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "qualifications",
        "Your qualifications",
        "profiles.Qualification",
        path="participant",
        when="recorded_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "goals",
        "Your action plan: goals",
        "journey.Goal",
        path="participant",
        when="created_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "action_steps",
        "Your action plan: steps",
        "journey.ActionStep",
        path="participant",
        when="created_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "appointments",
        "Appointments",
        "journey.Appointment",
        path="participant",
        when="starts_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "case_notes",
        "Case notes",
        "journey.CaseNote",
        path="participant",
        when="created_at",
        description="Notes written by staff about your support.",
        omit={"participant": LINK_TO_YOU},
        extra=("created_at",),
        review="contains_third_party_information",
    ),
    Section(
        "jobs",
        "Jobs",
        "journey.Job",
        path="participant",
        when="recorded_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "in_work_support",
        "In-work support",
        "journey.InWorkSupportContact",
        path="job__participant",
        when="recorded_at",
    ),
    Section(
        "work_placements",
        "Volunteering and work experience",
        "journey.WorkPlacement",
        path="participant",
        when="recorded_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "milestones",
        "Job outcomes",
        "journey.Milestone",
        path="participant",
        when="recorded_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "group_sessions",
        "Group sessions you were booked on or attended",
        "groupwork.GroupBooking",
        path="participant",
        when="booked_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "documents",
        "Documents",
        "documents.Document",
        path="participant",
        when="uploaded_at",
        description=(
            "The documents kept on your record. Copies of the documents themselves are given "
            "with this pack."
        ),
        omit={
            "participant": LINK_TO_YOU,
            "sha256": TECHNICAL,
            "storage_name": TECHNICAL,
            "size": TECHNICAL,
            "content_type": TECHNICAL,
        },
        review="supplied_by_others",
    ),
    Section(
        "disclosures",
        "Who your information was shared with",
        "disclosures.Disclosure",
        path="participants",
        when="disclosed_at",
        description="Each time information about you left the programme: to whom, why and what.",
        omit={
            "participants": "the other people in the same file, if there were any, are not shown",
            "programme": "the programme, named at the top of this pack",
            "register_version": "the version of the programme's register in force then",
            "consent_decision": "the consent it relied on, listed under your consents",
            "document": "the document, listed under your documents",
            "content_sha256": TECHNICAL,
            "content_size": TECHNICAL,
            "attachments": TECHNICAL,
            "recipient_key": "the recipient's code in the register (its description is shown)",
            "recipient_type": "the recipient's code in the register (its description is shown)",
            "fields": "shown as the list of what was shared",
            "failure": "a technical message when an email could not be sent",
        },
    ),
    Section(
        "safeguarding",
        "Disclosures made without your consent (safeguarding or crime prevention)",
        "disclosures.SafeguardingDisclosure",
        path="participant",
        when="requested_at",
        omit={
            "participant": LINK_TO_YOU,
            "disclosure": "the disclosure itself, listed under who your information was shared "
            "with",
            "fields": "shown as what was shared",
            "reminded_for": "a technical date for staff reminders",
        },
    ),
    Section(
        "restrictions",
        "Restrictions of processing (Article 18)",
        "rights.Restriction",
        path="participant",
        when="started_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "objections",
        "Objections to processing (Article 21)",
        "rights.Objection",
        path="participant",
        when="received_on",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "complaints",
        "Data protection complaints",
        "complaints.Complaint",
        path="participant",
        when="received_on",
        omit={
            "participant": LINK_TO_YOU,
            "programme": "the programme, named at the top of this pack",
            "breach": "the breach, listed under breaches that affected you",
        },
        review="always",
    ),
    Section(
        "complaint_entries",
        "The handling of your complaints",
        "complaints.ComplaintEntry",
        path="complaint__participant",
        when="recorded_at",
        omit={"complaint": "the complaint, listed above"},
    ),
    Section(
        "breaches",
        "Personal data breaches that affected you",
        "breaches.AffectedPerson",
        path="participant",
        when="added_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "break_glass",
        "Staff who opened your record outside their usual access",
        "access.BreakGlassGrant",
        path="participant",
        when="granted_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "paper_files",
        "Paper files",
        "disposal.PaperFile",
        path="participant",
        when="opened_on",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "legal_holds",
        "Legal holds on your records",
        "disposal.LegalHold",
        path="participant",
        when="placed_at",
        omit={"participant": LINK_TO_YOU},
        extra=("placed_at", "lifted_at"),
    ),
    Section(
        "retention",
        "When your records are due to be deleted",
        "disposal.RetentionDue",
        path="participant",
        when="due_on",
        omit={
            "participant": LINK_TO_YOU,
            "subject_id": "the identifier of the record it is about, in the store",
        },
        extra=("record_type",),
    ),
    Section(
        "subject_access_packs",
        "Earlier subject access packs",
        "subjectaccess.SubjectAccessPack",
        path="participant",
        when="prepared_at",
        omit={
            "participant": LINK_TO_YOU,
            "content": "the copy of an earlier pack: everything in it is in this pack",
            "content_sha256": TECHNICAL,
            "disclosure": "listed under who your information was shared with",
        },
    ),
    Section(
        "pack_redactions",
        "What was withheld from earlier packs",
        "subjectaccess.PackRedaction",
        path="pack__participant",
        when="decided_at",
        omit={
            "pack": "the pack, listed under earlier subject access packs",
            "item_key": "the item's identifier in the store",
            "passage": "the withheld passage itself: giving it would defeat the exemption",
        },
    ),
    Section(
        "rights_requests",
        "Requests you made about your data",
        "rights.RightsRequest",
        path="participant",
        when="received_on",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "rights_request_pauses",
        "When the clock of your requests was paused, and why",
        "rights.RequestPause",
        path="request__participant",
        when="started_on",
        omit={"request": "the request, listed under requests you made"},
    ),
    Section(
        "identity_checks",
        "How we checked who you are",
        "rights.IdentityCheck",
        path="request__participant",
        when="checked_on",
        omit={"request": "the request, listed under requests you made"},
    ),
    Section(
        "rights_request_steps",
        "What we did about your requests",
        "rights.RequestStep",
        path="request__participant",
        when="at",
        omit={"request": "the request, listed under requests you made"},
    ),
    Section(
        "rectifications",
        "Corrections made to your record",
        "rights.Rectification",
        path="participant",
        when="corrected_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "supplementary_statements",
        "Your statements attached to your record",
        "rights.SupplementaryStatement",
        path="participant",
        when="recorded_at",
        omit={"participant": LINK_TO_YOU},
    ),
    Section(
        "access_history",
        "Who looked at or changed your record",
        "audit.AuditEvent",
        path="participant",
        when="occurred_at",
        description="Each time a member of staff opened, changed or shared your record.",
        omit={
            "participant": LINK_TO_YOU,
            "participant_ids": "the other people in the same list, if there were any",
            "source_ip": STAFF_DEVICE,
            "user_agent": STAFF_DEVICE,
            "actor_label": "shown as who did it",
        },
    ),
)

# Models with a path to a participant that the pack leaves out, and why.
EXCLUDED: dict[str, str] = {
    "complaints.ComplaintReminder": (
        "reminders sent to staff about a complaint's deadlines; the complaint is shown"
    ),
    "breaches.Breach": (
        "the breach register's record of an incident about many people; your part in it is "
        "shown under breaches that affected you"
    ),
    "breaches.ControllerNotice": "which other controllers were told of a breach",
    "breaches.BreachReminder": "reminders sent to staff about a breach's deadlines",
    "rights.RequestReminder": (
        "reminders the worker sent staff about a request's deadline; the request is shown"
    ),
    "evaluation.EvaluationExtract": (
        "a de-identified extract for evaluation: it holds a pseudonym, never your name, and "
        "cannot be linked back to you without the key kept for its series; shown under who "
        "your information was shared with"
    ),
    "evaluation.ExtractRelease": (
        "the log of an evaluation extract's release; the release is listed under who your "
        "information was shared with"
    ),
    "returns.MonthlyReturn": (
        "a month's return to the DWP about everyone on the programme; what it gave the DWP "
        "about you is listed under who your information was shared with"
    ),
    "returns.ReturnFile": "the files of a DWP return (see the return above)",
    "returns.ReturnRelease": (
        "the log of a DWP return's release; the release is listed under who your information "
        "was shared with"
    ),
    "disposal.ErasureTombstone": (
        "the evidence that a record was erased: it exists only once the participant's record is "
        "gone, so there is no record left to give an account of"
    ),
}

SECTIONS_BY_MODEL: dict[str, Section] = {s.model: s for s in SECTIONS}
