"""How each model holding personal data is disposed of: its disposal plan.

Every model in casework/register/fields.py with a personal field has exactly one plan here
(casework/disposal/tests/test_plans.py fails otherwise). A plan says:

- `owner`: the lookup from the model to the id of the subject it belongs to (a participant,
  a member of staff, a group session): its rows go when the subject's record goes;
- `keep`: what anonymisation keeps for statistics, field by field, each through a generaliser
  (AS_IS for codes such as an outcome or a status, MONTH for a date, AGE_BAND for a date of
  birth, OUTWARD_CODE for a postcode). Every other field is dropped: the row itself is deleted
  and the kept values are stored apart (disposal.AnonymisedRecord) under a new random id. A
  plan with nothing to keep is deleted either way;
- `files`: a field naming an encrypted file in the document store, removed with the row;
- `in_place`: the row stays (other records, such as the append-only audit trail, point at it)
  and its personal fields are cleared instead (a staff account);
- `retained`: not disposed of by this engine, and why (the audit trail);
- `before`: a function given the rows just before they go, in the same transaction (the breach
  register counts a disposed person it can no longer name).

Adding a plan for a new model is one line in PLANS, for example:

    plan("complaints.Complaint", owner="participant", keep={"received_at": MONTH}),

and its model goes into a record type in casework/register/record_types.py."""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Generaliser = Callable[[Any, Mapping[str, Any]], Any]


def AS_IS(value, row):  # noqa: N802 - read as a constant in the plans below
    """The value itself (a code such as a status or an outcome, a count, an area's id)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def MONTH(value, row):  # noqa: N802
    return value.strftime("%Y-%m") if value else None


def YEAR(value, row):  # noqa: N802
    return value.year if value else None


_AGE_BANDS = ((16, 24), (25, 34), (35, 49), (50, 64))


def _age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def AGE_BAND(value, row):  # noqa: N802
    """The age band at referral (the participant's `referred_on`)."""
    if not value:
        return None
    on = row.get("referred_on") or datetime.date.today()
    age = _age(value, on)
    for low, high in _AGE_BANDS:
        if low <= age <= high:
            return f"{low}-{high}"
    return "65+" if age >= 65 else "under 16"


def OUTWARD_CODE(value, row):  # noqa: N802
    """The postcode's outward code (LU1 of LU1 3JH): an area of thousands of addresses."""
    text = (value or "").strip().upper().replace(" ", "")
    return text[:-3] if len(text) > 3 else None


GENERALISERS = {AS_IS, MONTH, YEAR, AGE_BAND, OUTWARD_CODE}


@dataclass(frozen=True)
class Plan:
    model_label: str
    owner: str = ""
    keep: Mapping[str, Generaliser] = field(default_factory=dict)
    files: str = ""
    in_place: bool = False
    retained: str = ""
    before: str = ""  # dotted path of `(queryset) -> None`, run in the transaction first
    # Retained rows that point at a participant: this field is cleared before the participant
    # goes (the rights request register keeps the request, not whose it was).
    unlink: str = ""


def plan(model_label: str, **declared) -> Plan:
    return Plan(model_label, **declared)


_OWNED_BY_PARTICIPANT = "participant"

PLANS: dict[str, Plan] = {
    p.model_label: p
    for p in (
        # The participant's record and what goes with it.
        plan(
            "participants.Participant",
            owner="pk",
            keep={
                "area": AS_IS,
                "responsible_organisation": AS_IS,
                "date_of_birth": AGE_BAND,
                "postcode": OUTWARD_CODE,
                "status": AS_IS,
                "referred_on": MONTH,
                "enrolled_on": MONTH,
                "in_work_on": MONTH,
                "exited_on": MONTH,
                "exit_reason": AS_IS,
            },
        ),
        plan(
            "participants.StatusChange",
            owner=_OWNED_BY_PARTICIPANT,
            keep={"from_status": AS_IS, "to_status": AS_IS, "on": MONTH, "exit_reason": AS_IS},
        ),
        plan("disposal.LegalHold", owner=_OWNED_BY_PARTICIPANT),
        plan("disposal.RetentionDue", owner=_OWNED_BY_PARTICIPANT),
        plan(
            "referrals.Referral",
            owner=_OWNED_BY_PARTICIPANT,
            keep={
                "area": AS_IS,
                "channel": AS_IS,
                "route": AS_IS,
                "referring_organisation": AS_IS,
                "received_at": MONTH,
                "status": AS_IS,
                "decided_at": MONTH,
            },
        ),
        plan(
            "eligibility.EligibilityAssessment",
            owner=_OWNED_BY_PARTICIPANT,
            keep={"strand": AS_IS, "decision": AS_IS, "decided_at": MONTH},
        ),
        plan("consents.ConsentDecision", owner=_OWNED_BY_PARTICIPANT),
        plan("register.NoticeAcknowledgement", owner=_OWNED_BY_PARTICIPANT),
        plan("profiles.VocationalProfile", owner=_OWNED_BY_PARTICIPANT),
        plan("profiles.EmploymentHistoryEntry", owner=_OWNED_BY_PARTICIPANT),
        plan("profiles.Qualification", owner=_OWNED_BY_PARTICIPANT, keep={"level": AS_IS}),
        plan("journey.Goal", owner=_OWNED_BY_PARTICIPANT),
        plan("journey.ActionStep", owner=_OWNED_BY_PARTICIPANT),
        plan(
            "journey.Appointment",
            owner=_OWNED_BY_PARTICIPANT,
            keep={"kind": AS_IS, "attendance": AS_IS, "starts_at": MONTH},
        ),
        plan("journey.CaseNote", owner=_OWNED_BY_PARTICIPANT),
        plan(
            "journey.Job",
            owner=_OWNED_BY_PARTICIPANT,
            keep={
                "employment_type": AS_IS,
                "hours_per_week": AS_IS,
                "started_on": MONTH,
                "ended_on": MONTH,
                "end_reason": AS_IS,
            },
        ),
        plan("journey.InWorkSupportContact", owner="job__participant"),
        plan(
            "journey.WorkPlacement",
            owner=_OWNED_BY_PARTICIPANT,
            keep={"kind": AS_IS, "started_on": MONTH, "ended_on": MONTH},
        ),
        plan(
            "journey.Milestone",
            owner=_OWNED_BY_PARTICIPANT,
            keep={"outcome_key": AS_IS, "achieved_on": MONTH},
        ),
        plan(
            "groupwork.GroupBooking",
            owner=_OWNED_BY_PARTICIPANT,
            keep={"session": AS_IS, "status": AS_IS},
        ),
        plan("documents.Document", owner=_OWNED_BY_PARTICIPANT, files="storage_name"),
        plan("disposal.PaperFile", owner=_OWNED_BY_PARTICIPANT),
        plan("access.BreakGlassGrant", owner=_OWNED_BY_PARTICIPANT),
        # A subject access pack (the copy released, and its redaction review) goes with them.
        plan("subjectaccess.SubjectAccessPack", owner=_OWNED_BY_PARTICIPANT),
        plan("subjectaccess.PackRedaction", owner="pack__participant"),
        # A safeguarding disclosure's reasons, restrictions, objections and the person's place
        # in a breach go with the participant (the disclosure log's own entry stays, below).
        plan("disclosures.SafeguardingDisclosure", owner=_OWNED_BY_PARTICIPANT),
        plan("rights.Restriction", owner=_OWNED_BY_PARTICIPANT),
        plan("rights.Objection", owner=_OWNED_BY_PARTICIPANT),
        plan("rights.Rectification", owner=_OWNED_BY_PARTICIPANT),
        plan("rights.SupplementaryStatement", owner=_OWNED_BY_PARTICIPANT),
        # The breach register keeps its count: each person disposed of is counted instead.
        plan(
            "breaches.AffectedPerson",
            owner=_OWNED_BY_PARTICIPANT,
            before="casework.breaches.services.count_people_disposed_of",
        ),
        # A group session names only staff; its bookings (the register) go with it.
        plan("groupwork.GroupSession", owner="pk"),
        # An evaluation extract's file goes with it, and the list of whom it covers (before);
        # its release log entry stays, as the disclosure log's does.
        plan(
            "evaluation.EvaluationExtract",
            owner="pk",
            files="file_name",
            before="casework.evaluation.services.remove_member_lists",
        ),
        # A DWP return belongs to no one person: its builds, encrypted files and release log
        # entries go together when its rule says (the disclosure log keeps what left).
        plan("returns.MonthlyReturn", owner="pk"),
        plan("returns.ReturnFile", owner="monthly_return", files="storage_name"),
        plan("returns.ReturnRelease", owner="monthly_return"),
        # A staff account stays as an empty, disabled row: the audit trail points at it.
        plan("staff.StaffUser", owner="pk", in_place=True),
        plan("staff.Membership", owner="user"),
        plan("otp_totp.TOTPDevice", owner="user"),
        plan("otp_static.StaticDevice", owner="user"),
        plan("otp_static.StaticToken", owner="device__user"),
        # django-axes records name the account by its email address, not a key.
        plan("axes.AccessAttempt", owner="username"),
        plan("axes.AccessAttemptExpiration", owner="access_attempt__username"),
        plan("axes.AccessLog", owner="username"),
        plan("axes.AccessFailureLog", owner="username"),
        # Evidence, not case records.
        plan(
            "audit.AuditEvent",
            retained="the append-only audit trail: participants appear only as ids, staff by "
            "their sign-in name; its own retention is the audit trail's, not a programme rule",
        ),
        plan(
            "audit.Alert",
            retained="monitoring alerts about staff access, kept with the audit trail",
        ),
        plan(
            "disclosures.Disclosure",
            retained="the disclosure log (what left, to whom, under which basis, by field names "
            "and a hash, never the data): the controller's evidence (Art 5(2), Art 19); a "
            "disposed participant's link to an entry goes with them",
        ),
        *(
            plan(
                label,
                retained="the data protection complaints process (s164A DPA 2018) and the breach "
                "register (Art 33(5)) keep their own records; a disposed participant's link is "
                "cleared, and the complaint or breach stays",
                unlink="participant" if label == "complaints.Complaint" else "",
            )
            for label in (
                "complaints.Complaint",
                "complaints.ComplaintEntry",
                "complaints.ComplaintReminder",
                "breaches.Breach",
                "breaches.ControllerNotice",
            )
        ),
        # The register of rights requests: the evidence that each request was answered, and
        # how (Art 5(2), Art 12). A disposed participant's link is cleared; the request, its
        # identity checks and its timeline stay until the programme's rule for rights requests.
        plan(
            "rights.RightsRequest",
            retained="the register of rights requests: the evidence each was answered within "
            "the statutory time and how (Art 5(2), Art 12); a disposed participant's link is "
            "cleared, the request stays",
            unlink="participant",
        ),
        *(
            plan(
                label,
                retained="part of a rights request, kept with it in the register of rights "
                "requests",
            )
            for label in (
                "rights.RequestPause",
                "rights.IdentityCheck",
                "rights.RequestStep",
                "rights.RequestReminder",
            )
        ),
        plan(
            "evaluation.ExtractRelease",
            retained="the release log of evaluation extracts (who, when, to whom, under which "
            "agreement, the risk figures and a hash, never the data), beside the disclosure log",
        ),
        plan(
            "evaluation.ReleaseSeries",
            retained="a release series names only the member of staff who started it and holds "
            "its pseudonym key; it goes with the programme",
        ),
        plan(
            "disposal.DisposalRun",
            retained="the disposal log: counts and rules, and who started an erasure",
        ),
        plan(
            "disposal.ErasureTombstone",
            retained="the evidence that an erasure was done (no personal data beyond the case "
            "reference the audit trail keeps)",
        ),
    )
}


def plan_for(model_label: str) -> Plan:
    return PLANS[model_label]
