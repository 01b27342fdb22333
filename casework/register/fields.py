"""Every model field Casework stores, classified: either personal data of a data subject with its
data category, or not personal (with the reason). A model field that appears in neither list
fails the test suite (casework/register/tests/test_field_coverage.py), so no personal field can
be added without declaring it. The full processing register (purposes, bases, recipients,
retention) builds on these declarations."""

from dataclasses import dataclass

from casework.register.categories import CATEGORIES, DataSubject, category


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


def _complainant(category: str, *, encrypted: bool = False) -> PersonalField:
    return PersonalField(DataSubject.COMPLAINANT, category, encrypted)


def _requester(category: str, *, encrypted: bool = False) -> PersonalField:
    return PersonalField(DataSubject.REQUESTER, category, encrypted)


# Fields shared by django-otp's devices, and by django-axes' records of sign-in attempts.
_OTP_DEVICE = (
    "user",
    "name",
    "confirmed",
    "throttling_failure_timestamp",
    "throttling_failure_count",
    "created_at",
    "last_used_at",
)
_SIGN_IN_ATTEMPT = (
    "user_agent",
    "ip_address",
    "username",
    "http_accept",
    "path_info",
    "attempt_time",
)

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
        "health_conditions": _participant("health", encrypted=True),
        "disability": _participant("health", encrypted=True),
        "ethnicity": _participant("ethnicity", encrypted=True),
        "religion_or_belief": _participant("religion", encrypted=True),
        "sexual_orientation": _participant("sexual_orientation", encrypted=True),
        "offending_history": _participant("criminal_offence", encrypted=True),
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
        "exit_reason": _participant("case_management"),
        "exit_reason_detail": _participant("case_management"),
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
    # Group sessions (casework/groupwork): a booking says the participant is on the programme.
    "groupwork.GroupBooking": {
        "session": _participant("case_management"),
        "participant": _participant("case_management"),
        "status": _participant("case_management"),
        "signed_in_at": _participant("case_management"),
        "booked_by": _staff("staff_account"),
        "recorded_by": _staff("staff_account"),
    },
    "groupwork.GroupSession": {
        "facilitator": _staff("staff_account"),
        "created_by": _staff("staff_account"),
    },
    # The vocational profile (casework/profiles). Barriers that reveal health, disability or a
    # criminal record, and the free text about barriers, are special category / criminal offence
    # data: encrypted, and shown only to roles with `view special category data`.
    "profiles.VocationalProfile": {
        "participant": _participant("case_management"),
        "barriers": _participant("case_management"),
        "health_barriers": _participant("health", encrypted=True),
        "criminal_record_barrier": _participant("criminal_offence", encrypted=True),
        "barriers_detail": _participant("health", encrypted=True),
        "support_received": _participant("support_services", encrypted=True),
        "caring_responsibilities": _participant("support_services"),
        "caring_detail": _participant("support_services", encrypted=True),
        "benefits": _participant("residency_benefits"),
        "work_wanted": _participant("employment_education"),
        "hours_wanted": _participant("employment_education"),
        "travel_distance": _participant("employment_education"),
        "updated_by": _staff("staff_account"),
    },
    "profiles.EmploymentHistoryEntry": {
        "participant": _participant("employment_education"),
        "employer": _participant("employment_education"),
        "role": _participant("employment_education"),
        "started_on": _participant("employment_education"),
        "ended_on": _participant("employment_education"),
        "hours_per_week": _participant("employment_education"),
        "reason_left": _participant("employment_education"),
        "recorded_by": _staff("staff_account"),
    },
    "profiles.Qualification": {
        "participant": _participant("employment_education"),
        "title": _participant("employment_education"),
        "level": _participant("employment_education"),
        "institution": _participant("employment_education"),
        "year_achieved": _participant("employment_education"),
        "in_progress": _participant("employment_education"),
        "recorded_by": _staff("staff_account"),
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
    # The disclosure log (casework/disclosures): who received what, by field name and hash.
    "disclosures.Disclosure": {
        **dict.fromkeys(
            (
                "programme",
                "register_version",
                "kind",
                "participants",
                "participant_count",
                "recipient_key",
                "recipient_type",
                "recipient_description",
                "recipient_name",
                "recipient_email",
                "purpose",
                "basis",
                "agreement_reference",
                "legal_gateway",
                "consent_decision",
                "request_reference",
                "despite_restriction",
                "categories",
                "fields",
                "document",
                "content_sha256",
                "content_size",
                "attachments",
                "delivery",
                "status",
                "failure",
                "disclosed_by",
                "disclosed_at",
            ),
            _participant("case_management"),
        ),
    },
    # A disclosure without consent: the reasons may describe health, offending or a risk.
    "disclosures.SafeguardingDisclosure": {
        **dict.fromkeys(
            (
                "participant",
                "reason",
                "asked_first",
                "recipient_key",
                "recipient_name",
                "recipient_email",
                "fields",
                "delivery",
                "urgent",
                "requested_by",
                "requested_at",
                "status",
                "approved_by",
                "approved_at",
                "inform",
                "inform_on",
                "review_on",
                "reminded_for",
                "disclosure",
            ),
            _participant("case_management"),
        ),
        **{
            name: _participant("case_notes", encrypted=True)
            for name in (
                "risk",
                "why_override",
                "not_asked_reason",
                "what_was_shared",
                "urgency_reason",
                "decision_note",
                "not_yet_reason",
            )
        },
    },
    # Rights (casework/rights): restriction (Art 18) and objection (Art 21).
    "rights.Restriction": {
        "participant": _participant("case_management"),
        "reason": _participant("case_notes", encrypted=True),
        "started_at": _participant("case_management"),
        "started_by": _participant("case_management"),
        "lifted_at": _participant("case_management"),
        "lifted_by": _participant("case_management"),
        "told_on": _participant("case_management"),
        "told_how": _participant("case_management"),
    },
    "rights.Objection": {
        "participant": _participant("case_management"),
        "purpose": _participant("case_management"),
        "received_on": _participant("case_management"),
        "decision": _participant("case_management"),
        "decided_by": _participant("case_management"),
        "decided_at": _participant("case_management"),
        "grounds": _participant("case_notes", encrypted=True),
        "reasons": _participant("case_notes", encrypted=True),
    },
    # Rectification (Art 16): the value before and after may be any field's, special category
    # included, so both are encrypted; the reasons and the statements are case notes.
    "rights.Rectification": {
        "participant": _participant("case_management"),
        "field": _participant("case_management"),
        "old_value": _participant("case_notes", encrypted=True),
        "new_value": _participant("case_notes", encrypted=True),
        "reason": _participant("case_notes", encrypted=True),
        "recipients_to_tell": _participant("case_management"),
        "corrected_at": _participant("case_management"),
        "corrected_by": _participant("case_management"),
    },
    "rights.SupplementaryStatement": {
        "participant": _participant("case_management"),
        "field": _participant("case_management"),
        "statement": _participant("case_notes", encrypted=True),
        "council_view": _participant("case_notes", encrypted=True),
        "recorded_at": _participant("case_management"),
        "recorded_by": _participant("case_management"),
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
        "data_protection_training_completed_on": _staff("staff_account"),
        "data_protection_training_expires_on": _staff("staff_account"),
        "confidentiality_acknowledged_at": _staff("staff_account"),
    },
    # Who opened whose record outside their caseload, and why: about both the participant
    # (their record was opened) and the member of staff (their conduct is reviewed).
    "access.BreakGlassGrant": {
        "participant": _participant("case_management"),
        "reason": _participant("case_management"),
        "reason_detail": _participant("case_management"),
        "user": _staff("staff_account"),
        "granted_at": _staff("staff_account"),
        "expires_at": _staff("staff_account"),
        "reviewed_by": _staff("staff_account"),
        "reviewed_at": _staff("staff_account"),
        "review_outcome": _staff("staff_account"),
        "review_note": _staff("staff_account"),
    },
    "register.NoticeAcknowledgement": {
        "participant": _participant("case_management"),
        "version": _participant("case_management"),
        "given_on": _participant("case_management"),
        "method": _participant("case_management"),
        "recorded_by": _participant("case_management"),
        "recorded_at": _participant("case_management"),
    },
    # The disposal engine (casework/disposal): when a participant's records are due, holds on
    # them, and their paper files. The disposal log itself holds no personal data.
    "disposal.RetentionDue": {
        "participant": _participant("case_management"),
        "subject_id": _participant("case_management"),
        "due_on": _participant("case_management"),
    },
    "disposal.LegalHold": {
        "participant": _participant("case_management"),
        "reason": _participant("case_management"),
        "reference": _participant("case_management"),
        "placed_by": _staff("staff_account"),
        "lifted_by": _staff("staff_account"),
    },
    "disposal.PaperFile": {
        "participant": _participant("case_management"),
        "reference": _participant("case_management"),
        "location": _participant("case_management"),
        "opened_on": _participant("case_management"),
        "recorded_by": _staff("staff_account"),
        "destroyed_by": _staff("staff_account"),
    },
    "disposal.ErasureTombstone": {
        "participant_id": _participant("case_management"),
        "erased_by": _staff("staff_account"),
    },
    # DWP returns (casework/returns): the files hold participants' data (encrypted in the
    # document store); the findings sample names participants by their reference and values.
    "returns.MonthlyReturn": {
        "findings_sample": _participant("case_management"),
        "differences": _participant("case_management"),
        "requested_by": _staff("staff_account"),
    },
    "returns.ReturnFile": {"storage_name": _participant("case_management")},
    "returns.ReturnRelease": {"released_by": _staff("staff_account")},
    "disposal.DisposalRun": {"started_by": _staff("staff_account")},
    # A subject access pack: the released copy holds everything the person was given.
    "subjectaccess.SubjectAccessPack": {
        **dict.fromkeys(
            (
                "participant",
                "request_reference",
                "status",
                "as_of",
                "prepared_at",
                "identity_verified",
                "released_at",
                "formats",
                "content_sha256",
                "disclosure",
            ),
            _participant("case_management"),
        ),
        "content": _participant("case_notes", encrypted=True),
        "prepared_by": _staff("staff_account"),
        "released_by": _staff("staff_account"),
    },
    # The DPO's decision on each third-party item: the passage withheld is the note's own text.
    "subjectaccess.PackRedaction": {
        **dict.fromkeys(
            ("pack", "item_key", "item_title", "decision", "exemption", "decided_at"),
            _participant("case_management"),
        ),
        "passage": _participant("case_notes", encrypted=True),
        "reason": _participant("case_notes", encrypted=True),
        "decided_by": _staff("staff_account"),
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
    # Second factor (django-otp) and sign-in attempts (django-axes): records about a member of
    # staff's account. The TOTP key is a secret; it never leaves the server.
    **{
        label: dict.fromkeys(fields, _staff("staff_account"))
        for label, fields in {
            "otp_totp.TOTPDevice": (
                *_OTP_DEVICE,
                "key",
                "step",
                "t0",
                "digits",
                "tolerance",
                "drift",
                "last_t",
            ),
            "otp_static.StaticDevice": _OTP_DEVICE,
            "otp_static.StaticToken": ("device", "token"),
            "axes.AccessAttempt": (
                *_SIGN_IN_ATTEMPT,
                "get_data",
                "post_data",
                "failures_since_start",
            ),
            "axes.AccessLog": (*_SIGN_IN_ATTEMPT, "logout_time", "session_hash"),
            "axes.AccessFailureLog": (*_SIGN_IN_ATTEMPT, "locked_out"),
            "axes.AccessAttemptExpiration": ("access_attempt", "expires_at"),
        }.items()
    },
}

# Data protection complaints (casework/complaints): the complainant may or may not be a
# participant. What they complain about can describe health or the like, so it is encrypted.
PERSONAL_FIELDS.update(
    {
        "complaints.Complaint": {
            "programme": _complainant("case_management"),
            "channel": _complainant("case_management"),
            "received_on": _complainant("case_management"),
            "acknowledge_by": _complainant("case_management"),
            "complainant_name": _complainant("identity"),
            "email": _complainant("contact"),
            "phone": _complainant("contact"),
            "postal_address": _complainant("contact"),
            "details": _complainant("case_notes", encrypted=True),
            "wanted_outcome": _complainant("case_notes", encrypted=True),
            "participant": _participant("case_management"),
            "rights_request_reference": _complainant("case_management"),
            "breach": _complainant("case_management"),
            "status": _complainant("case_management"),
            "acknowledged_on": _complainant("case_management"),
            "acknowledged_how": _complainant("case_management"),
            "outcome": _complainant("case_management"),
            "outcome_summary": _complainant("case_notes", encrypted=True),
            "closed_on": _complainant("case_management"),
            "outcome_sent_how": _complainant("case_management"),
            "recorded_by": _staff("staff_account"),
        },
        "complaints.ComplaintEntry": {
            "complaint": _complainant("case_management"),
            "kind": _complainant("case_management"),
            "text": _complainant("case_notes", encrypted=True),
            "sent_how": _complainant("case_management"),
            "on": _complainant("case_management"),
            "recorded_by": _staff("staff_account"),
        },
        "complaints.ComplaintReminder": {
            "complaint": _complainant("case_management"),
            "kind": _complainant("case_management"),
            "sent_at": _complainant("case_management"),
        },
        # The breach register names the participants affected and whether each was told;
        # the breach itself describes an incident (the ICO asks for no personal data of
        # those affected in its report) and names staff only as who recorded or decided.
        "breaches.AffectedPerson": {
            "breach": _participant("case_management"),
            "participant": _participant("case_management"),
            "added_at": _participant("case_management"),
            "told_at": _participant("case_management"),
            "told_how": _participant("case_management"),
            "told_by": _staff("staff_account"),
        },
        "breaches.Breach": {
            "assessed_by": _staff("staff_account"),
            "decided_by": _staff("staff_account"),
            "recorded_by": _staff("staff_account"),
        },
        "breaches.ControllerNotice": {"told_by": _staff("staff_account")},
        # Evaluation extracts (casework/evaluation): the file is pseudonymised participant data
        # (generalised, with health and ethnicity columns) and the list of whom it covers, each
        # encrypted in the document store (casework/documents/storage.py) under these names.
        "evaluation.EvaluationExtract": {
            "file_name": _participant("case_management"),
            "members_name": _participant("case_management"),
            "requested_by": _staff("staff_account"),
        },
        "evaluation.ExtractRelease": {"released_by": _staff("staff_account")},
        "evaluation.ReleaseSeries": {"created_by": _staff("staff_account")},
    }
)

# The register of rights requests (casework/rights): the requester (the person, or someone
# acting for them) may or may not be a participant; everything they or the DPO wrote about them
# is encrypted, as is how to reach them.
PERSONAL_FIELDS.update(
    {
        "rights.RightsRequest": {
            **dict.fromkeys(
                (
                    "programme",
                    "kind",
                    "channel",
                    "received_on",
                    "requester",
                    "controller",
                    "status",
                    "due_on",
                    "extended_on",
                    "extension_told_how",
                    "decision",
                    "exemption",
                    "decided_on",
                ),
                _requester("case_management"),
            ),
            "requester_name": _requester("identity", encrypted=True),
            "person_name": _requester("identity", encrypted=True),
            "authority_evidence": _requester("case_notes", encrypted=True),
            "email": _requester("contact", encrypted=True),
            "phone": _requester("contact", encrypted=True),
            "postal_address": _requester("contact", encrypted=True),
            "details": _requester("case_notes", encrypted=True),
            "extension_reason": _requester("case_notes", encrypted=True),
            "decision_reasons": _requester("case_notes", encrypted=True),
            "participant": _participant("case_management"),
            "decided_by": _staff("staff_account"),
            "recorded_by": _staff("staff_account"),
        },
        "rights.RequestPause": {
            "request": _requester("case_management"),
            "reason": _requester("case_management"),
            "note": _requester("case_notes", encrypted=True),
            "started_on": _requester("case_management"),
            "ended_on": _requester("case_management"),
            "started_by": _staff("staff_account"),
        },
        "rights.IdentityCheck": {
            "request": _requester("case_management"),
            "method": _requester("case_management"),
            "what_was_seen": _requester("identity", encrypted=True),
            "checked_on": _requester("case_management"),
            "checked_by": _staff("staff_account"),
        },
        "rights.RequestStep": {
            "request": _requester("case_management"),
            "kind": _requester("case_management"),
            "note": _requester("case_notes", encrypted=True),
            "at": _requester("case_management"),
            "by": _staff("staff_account"),
        },
        "rights.RequestReminder": {
            "request": _requester("case_management"),
            "kind": _requester("case_management"),
            "due_on": _requester("case_management"),
            "sent_at": _requester("case_management"),
        },
    }
)

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
    "groupwork.GroupBooking": {
        "id": "random identifier, meaningless outside Casework",
        "booked_at": "technical timestamp",
    },
    "groupwork.GroupSession": {
        **dict.fromkeys(
            (
                "id",
                "programme",
                "organisation",
                "kind",
                "title",
                "description",
                "starts_at",
                "ends_at",
                "online",
                "location",
                "capacity",
                "cancelled_at",
                "cancellation_reason",
            ),
            "describes a session offered to a group, not a person",
        ),
        "created_at": "technical timestamp",
    },
    "participants.StatusChange": {
        "id": "technical identifier",
        "changed_at": "technical timestamp",
    },
    "profiles.VocationalProfile": {
        "id": "technical identifier",
        "updated_at": "technical timestamp",
    },
    "profiles.EmploymentHistoryEntry": {
        "id": "random identifier, meaningless outside Casework",
        "recorded_at": "technical timestamp",
    },
    "profiles.Qualification": {
        "id": "random identifier, meaningless outside Casework",
        "recorded_at": "technical timestamp",
    },
    "referrals.Referral": {"id": "random identifier, meaningless outside Casework"},
    "documents.Document": {"id": "random identifier, meaningless outside Casework"},
    "consents.ConsentDecision": {"id": "technical identifier"},
    "eligibility.EligibilityAssessment": {"id": "technical identifier"},
    "disclosures.Disclosure": {"id": "random identifier, meaningless outside Casework"},
    "disclosures.SafeguardingDisclosure": {"id": "random identifier, meaningless outside Casework"},
    "disclosures.ExpiryWarning": dict.fromkeys(
        ("id", "programme", "agreement_reference", "expires_on", "warned_at"),
        "that a data-sharing agreement's expiry was warned of, about no person",
    ),
    "rights.Restriction": {"id": "technical identifier"},
    "rights.Objection": {"id": "technical identifier"},
    "rights.Rectification": {"id": "technical identifier"},
    "rights.SupplementaryStatement": {"id": "technical identifier"},
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
            "changed_recipients",
        ),
        "a programme's register version; names only public office-holders such as the DPO",
    ),
    "audit.AuditEvent": {
        "id": "technical identifier, in the order events were written",
        "sequence": "position in the audit chain (given when the event is sealed)",
        "xid": "the database transaction that wrote the event, for sealing it",
        "changed_fields": "names of fields, never their values",
        "previous_hash": "integrity hash of the previous event",
        "hash": "integrity hash of the event",
    },
    "core.EncryptionCanary": dict.fromkeys(("id", "value"), "a fixed text for checking keys"),
    "audit.Alert": {
        "id": "technical identifier",
        "rule": "which monitoring rule raised it",
        "first_sequence": "technical identifier of the first event it is about",
        "raised_at": "technical timestamp",
    },
    "audit.AuditChainHead": dict.fromkeys(
        ("id", "sequence", "hash"), "the newest position of the audit chain"
    ),
    "staff.Membership": {"id": "technical identifier"},
    "disposal.RetentionDue": {
        **dict.fromkeys(("id", "record_type", "action", "register_version"), "technical"),
        "programme": "the programme whose rule applies",
    },
    "disposal.LegalHold": {
        **dict.fromkeys(("id", "placed_at", "lifted_at"), "technical timestamp or identifier"),
        "programme": "the programme whose rule applies",
        "review_on": "when the hold is reviewed",
    },
    "disposal.PaperFile": {
        **dict.fromkeys(
            ("id", "destruction_due_since", "destroyed_on", "destruction_method"),
            "when and how a file was destroyed",
        ),
        "programme": "the programme whose rule applies",
    },
    "disposal.ErasureTombstone": dict.fromkeys(
        ("id", "programme", "erased_at", "reason", "request_reference", "run"),
        "that an erasure was done, when and under which request",
    ),
    "returns.MonthlyReturn": dict.fromkeys(
        (
            "id",
            "programme",
            "month",
            "register_version",
            "definition_version",
            "columns",
            "state",
            "heartbeat_at",
            "rows_done",
            "rows_expected",
            "row_count",
            "rows_with_findings",
            "findings_by_column",
            "compared_with",
            "csv_sha256",
            "failure",
            "requested_at",
            "finished_at",
        ),
        "a return's build: its definition, state, counts and hash, naming no one",
    ),
    "returns.ReturnFile": dict.fromkeys(
        ("id", "monthly_return", "kind", "sha256", "size"), "a file's kind, hash and size"
    ),
    "returns.ReturnRelease": dict.fromkeys(
        (
            "id",
            "monthly_return",
            "programme",
            "month",
            "definition_version",
            "disclosure",
            "recipient_key",
            "recipient_description",
            "agreement_reference",
            "row_count",
            "rows_with_findings",
            "findings_total",
            "csv_sha256",
            "xlsx_sha256",
            "resubmission_of",
            "released_at",
        ),
        "the release log: what was released, when, to whom, with counts and hashes",
    ),
    "disposal.DisposalRun": dict.fromkeys(
        (
            "id",
            "kind",
            "status",
            "started_at",
            "finished_at",
            "as_of",
            "programme",
            "register_versions",
            "request_reference",
        ),
        "the disposal log: counts and rules, never whose records",
    ),
    "disposal.DisposalTally": dict.fromkeys(
        ("id", "run", "programme", "record_type", "rule", "outcome", "reason", "count"),
        "the disposal log: counts and rules, never whose records",
    ),
    "disposal.AnonymisedRecord": dict.fromkeys(
        (
            "id",
            "record_type",
            "model_label",
            "programme",
            "statistical_id",
            "values",
            "anonymised_in",
        ),
        "generalised values under a new random id that links to no person",
    ),
    "disposal.DisposalWork": dict.fromkeys(
        ("id", "batch", "participant_id"),
        "transient: the case references of the batch being disposed of, emptied in the same "
        "transaction",
    ),
    "disposal.PendingFileDeletion": dict.fromkeys(
        ("id", "storage_name"), "the random name of an encrypted file to remove"
    ),
    "access.BreakGlassGrant": {"id": "technical identifier"},
    **{
        label: {"id": "technical identifier"}
        for label in (
            "otp_totp.TOTPDevice",
            "otp_static.StaticDevice",
            "otp_static.StaticToken",
            "axes.AccessAttempt",
            "axes.AccessLog",
            "axes.AccessFailureLog",
        )
    },
    "programmes.Programme": dict.fromkeys(
        ("id", "slug", "name", "starts_on", "ends_on", "delivery_models", "areas"),
        "describes the programme, not a person",
    ),
    "core.ThrottleWindow": dict.fromkeys(
        ("id", "key_hash", "window", "count"), "keyed hash of a client address, never reversible"
    ),
    "programmes.Area": dict.fromkeys(("id", "code", "name"), "local authority geography"),
    "complaints.Complaint": {
        "id": "random identifier, meaningless outside Casework",
        "reference": "random reference, meaningless outside Casework",
        "created_at": "technical timestamp",
    },
    "complaints.ComplaintEntry": {
        "id": "random identifier, meaningless outside Casework",
        "recorded_at": "technical timestamp",
    },
    "complaints.ComplaintReminder": {"id": "technical identifier"},
    "evaluation.ReleaseSeries": {
        **dict.fromkeys(("id", "programme", "name", "created_at"), "names a release series"),
        "key": "the series' pseudonym key, encrypted; never leaves the server",
    },
    "evaluation.EvaluationExtract": dict.fromkeys(
        (
            "id",
            "programme",
            "series",
            "version",
            "status",
            "as_of",
            "recipient_key",
            "purpose_key",
            "definition",
            "requested_at",
            "built_at",
            "build_started_at",
            "refusal",
            "failure",
            "report",
            "sha256",
            "size",
            "rows",
        ),
        "the extract's definition and risk figures: counts and thresholds, never a person",
    ),
    "evaluation.ExtractRelease": dict.fromkeys(
        (
            "id",
            "extract",
            "disclosure",
            "programme",
            "series_name",
            "version",
            "released_at",
            "recipient_key",
            "recipient_description",
            "agreement_reference",
            "risk",
            "sha256",
            "rows",
        ),
        "the release log: to whom, under which agreement, the risk figures and a hash",
    ),
    "rights.RightsRequest": {
        "id": "random identifier, meaningless outside Casework",
        "reference": "random reference, meaningless outside Casework",
        "created_at": "technical timestamp",
    },
    "rights.RequestPause": {"id": "technical identifier"},
    "rights.IdentityCheck": {"id": "technical identifier", "recorded_at": "technical timestamp"},
    "rights.RequestStep": {"id": "technical identifier"},
    "rights.RequestReminder": {"id": "technical identifier"},
    "subjectaccess.SubjectAccessPack": {"id": "random identifier, meaningless outside Casework"},
    "subjectaccess.PackRedaction": {"id": "random identifier, meaningless outside Casework"},
    "breaches.AffectedPerson": {"id": "random identifier, meaningless outside Casework"},
    "breaches.Breach": dict.fromkeys(
        (
            "id",
            "programme",
            "reference",
            "summary",
            "report_type",
            "ico_reference",
            "what_happened",
            "cyber_incident",
            "how_discovered",
            "occurred_at",
            "aware_at",
            "data_categories",
            "data_categories_other",
            "subject_categories",
            "records_affected",
            "records_count",
            "people_affected",
            "people_count",
            "unidentified_people",
            "likely_consequences",
            "containment",
            "risk",
            "risk_reasoning",
            "what_to_tell_people",
            "assessed_at",
            "decision",
            "decision_reason",
            "decided_at",
            "reported_at",
            "delay_reason",
            "source_alert",
            "audit_sequences",
            "status",
            "closed_at",
            "recorded_at",
        ),
        "describes an incident as the ICO's report form does, without the personal data of "
        "those affected (the form says so); the people affected are in breaches.AffectedPerson",
    ),
    "breaches.BreachReminder": dict.fromkeys(
        ("id", "breach", "kind", "sent_at"), "a reminder about a breach, naming nobody"
    ),
    "breaches.ControllerNotice": dict.fromkeys(
        ("id", "breach", "organisation", "told_at", "told_how"),
        "an organisation told of a breach",
    ),
    "programmes.Organisation": dict.fromkeys(("id", "name"), "an organisation, not a person"),
    "programmes.ProgrammeOrganisation": dict.fromkeys(
        ("id", "programme", "organisation", "role", "areas"),
        "an organisation's role in a programme",
    ),
    "programmes.Team": dict.fromkeys(
        ("id", "programme", "organisation", "name"), "a team of an organisation"
    ),
    # Scheduled jobs (casework/worker): a run records a job, its slot and a summary of counts;
    # a failure is stored as the exception's type and location, never its message.
    "reports.DailyFigure": {
        **dict.fromkeys(
            ("id", "programme", "organisation_id", "day", "measure", "key", "label"),
            "which report figure: a programme, a partner organisation, a day and a measure",
        ),
        "n": "a count of records by partner and day, the sums the reports page already shows",
    },
    "reports.FiguresKept": dict.fromkeys(
        ("id", "programme", "as_of", "refreshed_at"), "when a programme's figures were counted"
    ),
    "worker.JobRun": {
        **dict.fromkeys(
            ("id", "job", "slot", "claimed_at", "started_at", "finished_at", "outcome"),
            "a run of a scheduled job: which job and when",
        ),
        **dict.fromkeys(("claimed_by", "run_by"), "a worker's host name and process id"),
        "summary": "a job's one-line summary: counts, never a person",
        "error": "an exception's type and code location, never its message",
    },
    # The task queue (django-tasks-db): each task carries only a JobRun id, and a failure the
    # worker's own sanitised exception (casework.worker.services.ScheduledJobFailed).
    "django_tasks_database.DBTaskResult": {
        **dict.fromkeys(
            (
                "id",
                "status",
                "enqueued_at",
                "started_at",
                "finished_at",
                "priority",
                "task_path",
                "worker_ids",
                "queue_name",
                "backend_name",
                "run_after",
                "exception_class_path",
            ),
            "the state of a queued task",
        ),
        "args_kwargs": "a JobRun id",
        "return_value": "a job's one-line summary: counts, never a person",
        "traceback": "the worker's sanitised failure: job name and exception type",
    },
}


def personal_fields_of(model_label: str) -> dict[str, PersonalField]:
    return PERSONAL_FIELDS.get(model_label, {})


def special_category_fields(model_label: str) -> tuple[str, ...]:
    """The fields of a model holding special category (Art 9) or criminal offence (Art 10) data:
    shown only to roles with the `view special category data` action."""
    return tuple(
        name
        for name, declared in personal_fields_of(model_label).items()
        if category(declared.category).special_category
        or category(declared.category).criminal_offence
    )


def is_encrypted(model_label: str, field_name: str) -> bool:
    declared = PERSONAL_FIELDS.get(model_label, {}).get(field_name)
    return bool(declared and declared.encrypted)
