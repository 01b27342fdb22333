"""What each role may do: one table, read by every page, API endpoint and service.

`has_permission(user, action, programme)` answers "may this person do this in this programme?".
It says nothing about *which* participants: that is scoping, in casework.access.selectors. Both
must agree before a participant's data is shown or changed.
"""

import functools
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db import connections, router

from casework.audit.context import memo
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.core import rows
from casework.staff.models import Membership, Role


class Action(StrEnum):
    VIEW_PARTICIPANT = "view_participant"
    EDIT_PARTICIPANT = "edit_participant"
    VIEW_SPECIAL_CATEGORY = "view_special_category"
    BREAK_GLASS = "break_glass"
    EXPORT = "export"
    DISCLOSE = "disclose"
    APPROVE_DISCLOSURE = "approve_disclosure"
    ANSWER_STATUTORY_REQUEST = "answer_statutory_request"
    VIEW_DISCLOSURE_LOG = "view_disclosure_log"
    MANAGE_REQUESTS = "manage_requests"
    MANAGE_BREACHES = "manage_breaches"
    MANAGE_COMPLAINTS = "manage_complaints"
    VIEW_DATA_PROTECTION_REPORTS = "view_data_protection_reports"
    VIEW_AUDIT = "view_audit"
    VIEW_ACCESS_HISTORY = "view_access_history"
    REVIEW_BREAK_GLASS = "review_break_glass"
    ADMINISTER_PROGRAMME = "administer_programme"
    MANAGE_TRAINING_RECORDS = "manage_training_records"
    VIEW_REPORTS = "view_reports"
    MAKE_REFERRAL = "make_referral"
    OVERSEE_CASELOADS = "oversee_caseloads"
    VIEW_PROCESSING_RECORD = "view_processing_record"
    VIEW_RECIPIENTS_TO_TELL = "view_recipients_to_tell"
    REVIEW_ALERTS = "review_alerts"
    VIEW_SCHEDULED_JOBS = "view_scheduled_jobs"
    MOVE_BETWEEN_AREAS = "move_between_areas"
    MANAGE_RETENTION = "manage_retention"
    BUILD_RETURN = "build_return"
    RECEIVE_RETURN = "receive_return"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Action.VIEW_PARTICIPANT: "see participants' records",
    Action.EDIT_PARTICIPANT: "add or change participants",
    Action.VIEW_SPECIAL_CATEGORY: "see special category data",
    Action.BREAK_GLASS: "open a record outside your caseload",
    Action.EXPORT: "export data",
    Action.DISCLOSE: "disclose data to another organisation",
    Action.APPROVE_DISCLOSURE: "approve a safeguarding disclosure made without consent",
    Action.ANSWER_STATUTORY_REQUEST: (
        "answer statutory requests and produce data-matching extracts"
    ),
    Action.VIEW_DISCLOSURE_LOG: "see the programme's disclosure log",
    Action.MANAGE_REQUESTS: "manage rights requests",
    Action.MANAGE_BREACHES: "manage personal data breaches",
    Action.MANAGE_COMPLAINTS: "handle data protection complaints",
    Action.VIEW_DATA_PROTECTION_REPORTS: "see counts of complaints and breaches",
    Action.VIEW_AUDIT: "see the audit trail",
    Action.VIEW_ACCESS_HISTORY: "see who opened a participant's record",
    Action.REVIEW_BREAK_GLASS: "review break-glass access",
    Action.ADMINISTER_PROGRAMME: "administer the programme",
    Action.MANAGE_TRAINING_RECORDS: "see staff training records",
    Action.VIEW_REPORTS: "see reports",
    Action.MAKE_REFERRAL: "make referrals",
    Action.OVERSEE_CASELOADS: "see and reallocate specialists' caseloads",
    Action.VIEW_PROCESSING_RECORD: "see the record of processing activities",
    Action.VIEW_RECIPIENTS_TO_TELL: "see which recipients to tell of a correction or erasure",
    Action.REVIEW_ALERTS: "review monitoring alerts about staff access",
    Action.VIEW_SCHEDULED_JOBS: "see the scheduled jobs and their runs",
    Action.MOVE_BETWEEN_AREAS: "move a participant to another area",
    Action.MANAGE_RETENTION: "manage retention: legal holds, disposal runs and paper files",
    Action.BUILD_RETURN: "build the monthly DWP return and see its validation report",
    Action.RECEIVE_RETURN: "download the DWP returns released to the department",
}


A = Action

# Need to know: each role gets what its work needs and nothing more (ARCHITECTURE.md, the
# privacy notices' "only people with a genuine business need"). See
# docs/decisions/0020-permission-model.md for the reasoning behind each row.
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.EMPLOYMENT_SPECIALIST: frozenset(
        {A.VIEW_PARTICIPANT, A.EDIT_PARTICIPANT, A.VIEW_SPECIAL_CATEGORY, A.BREAK_GLASS, A.DISCLOSE}
    ),
    Role.TEAM_LEADER: frozenset(
        {
            A.VIEW_PARTICIPANT,
            A.EDIT_PARTICIPANT,
            A.VIEW_SPECIAL_CATEGORY,
            A.BREAK_GLASS,
            A.EXPORT,
            A.DISCLOSE,
            A.APPROVE_DISCLOSURE,
            A.VIEW_ACCESS_HISTORY,
            A.VIEW_REPORTS,
            A.OVERSEE_CASELOADS,
            A.MOVE_BETWEEN_AREAS,
        }
    ),
    Role.PROGRAMME_MANAGER: frozenset(
        {
            A.VIEW_PARTICIPANT,
            A.EDIT_PARTICIPANT,
            A.OVERSEE_CASELOADS,
            A.MOVE_BETWEEN_AREAS,
            A.EXPORT,
            A.ADMINISTER_PROGRAMME,
            A.MANAGE_TRAINING_RECORDS,
            A.VIEW_REPORTS,
            A.VIEW_PROCESSING_RECORD,
            A.VIEW_RECIPIENTS_TO_TELL,
            A.VIEW_DATA_PROTECTION_REPORTS,
            A.BUILD_RETURN,
        }
    ),
    Role.DATA_PROTECTION_OFFICER: frozenset(
        {
            A.VIEW_PARTICIPANT,
            A.VIEW_SPECIAL_CATEGORY,
            A.EXPORT,
            A.DISCLOSE,
            A.APPROVE_DISCLOSURE,
            A.ANSWER_STATUTORY_REQUEST,
            A.VIEW_DISCLOSURE_LOG,
            A.MANAGE_REQUESTS,
            A.MANAGE_BREACHES,
            A.MANAGE_COMPLAINTS,
            A.VIEW_DATA_PROTECTION_REPORTS,
            A.VIEW_AUDIT,
            A.VIEW_ACCESS_HISTORY,
            A.REVIEW_BREAK_GLASS,
            A.REVIEW_ALERTS,
            A.VIEW_REPORTS,
            A.VIEW_PROCESSING_RECORD,
            A.VIEW_RECIPIENTS_TO_TELL,
            A.VIEW_SCHEDULED_JOBS,
            A.MANAGE_RETENTION,
            A.BUILD_RETURN,
        }
    ),
    Role.AUDITOR: frozenset(
        {
            A.VIEW_PARTICIPANT,
            A.VIEW_AUDIT,
            A.VIEW_ACCESS_HISTORY,
            A.VIEW_DISCLOSURE_LOG,
            A.VIEW_REPORTS,
            A.VIEW_PROCESSING_RECORD,
            A.VIEW_SCHEDULED_JOBS,
        }
    ),
    Role.REFERRER: frozenset({A.MAKE_REFERRAL}),
    # DWP and its evaluators receive returns and de-identified extracts: never a record.
    Role.REPORT_ONLY: frozenset({A.VIEW_REPORTS, A.RECEIVE_RETURN}),
}


def roles_with(action: Action) -> frozenset[str]:
    return frozenset(role for role, actions in ROLE_ACTIONS.items() if action in actions)


def actions_of(role: str) -> frozenset[Action]:
    return ROLE_ACTIONS.get(role, frozenset())


def per_request(key: tuple, compute):
    """`compute()`, remembered for the rest of the current request (a page asks "may this user
    ...?" many times; their roles cannot change while it is drawn) or unit of work
    (casework.audit.context.unit_of_work). Outside both, such as in a service called by a
    command, it is computed every time."""
    remembered = memo()
    if remembered is None:
        return compute()
    cache = remembered.setdefault("_casework_access", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def memberships_of_user(user) -> list[Membership]:
    """Every membership of `user` (programme, role, team), read once per request: the
    permission checks and the participant scope both answer from it. Every page asks, so it is
    one hand-written statement (decision 0230), read as
    `Membership.objects.filter(user=user).select_related("programme", "team")` reads it."""
    return per_request(("memberships", user.pk), lambda: _read_memberships(user.pk))


@functools.cache
def _memberships_read(using: str):
    quote = connections[using].ops.quote_name
    membership = rows.Joined(Membership, ("programme", "team"), using)
    member = quote(Membership._meta.db_table)
    sql = (
        f"SELECT {membership.sql} FROM {member} {membership.joins} "  # noqa: S608
        f"WHERE {member}.user_id = %s ORDER BY {member}.id"
    )
    return sql, membership


def _read_memberships(user_id) -> list[Membership]:
    using = router.db_for_read(Membership)
    sql, membership = _memberships_read(using)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [user_id])
        return [membership.build(row) for row in cursor.fetchall()]


def _roles_by_programme(user) -> frozenset[tuple[int, str]]:
    return per_request(
        ("roles", user.pk),
        lambda: frozenset((m.programme_id, m.role) for m in memberships_of_user(user)),
    )


def has_permission(user, action: Action, programme=None) -> bool:
    """Whether `user` holds a role allowing `action` in `programme` (a Programme or its id).
    With programme=None: in any programme they work on (for navigation, never for data)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    allowed = roles_with(action)
    programme_id = getattr(programme, "pk", programme)
    return any(
        role in allowed and (programme_id is None or pid == programme_id)
        for pid, role in _roles_by_programme(user)
    )


def programmes_where(user, action: Action):
    """Ids of the programmes in which `user` may do `action`."""
    if not (user and user.is_authenticated and user.is_active):
        return []
    allowed = roles_with(action)
    return sorted({pid for pid, role in _roles_by_programme(user) if role in allowed})


def require_permission(user, action: Action, programme=None, message: str = "") -> None:
    """Raises PermissionDenied (a 403 page naming what is missing) unless has_permission."""
    if not has_permission(user, action, programme):
        # Recorded through the audit trail directly, the layer below: this module decides and
        # never calls a service of its own app or of those above (docs/decisions/0170).
        record_event(actor=user, action=AuditAction.PERMISSION_DENIED, purpose=str(action)[:40])
        raise PermissionDenied(message or f"Your role does not allow you to {action.label}.")
