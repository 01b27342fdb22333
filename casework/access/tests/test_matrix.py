"""The access-control matrix: every named URL in the resolver (pages, API, admin) × every
identity (anonymous and each role) × {own organisation's participant, another organisation's
participant} × {GET, POST}, against a declarative table of what must happen.

A URL name in the resolver but not in MATRIX fails the test, naming it. Besides the status code,
every response is checked for leaks: a response revealing a participant's data to someone the
rules say must not see it (by the participant's surname or a planted health marker). The test
prints the matrix size and the number of leaks; the release note reports both (leaks: 0).

Tokens: ok = 2xx or 3xx (not to a sign-in page), or 400 (the request reached validation);
in = 302 to the staff sign-in page; admin-in = 302 to the admin's sign-in page; 403, 404, 405.
"""

import fnmatch
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from casework.access.models import BreakGlassGrant
from casework.audit.models import Alert
from casework.dataprotection.testing import matrix_kwargs as dataprotection_matrix_kwargs
from casework.disclosures.testing import matrix_kwargs as disclosures_matrix_kwargs
from casework.disposal.testing import matrix_kwargs as disposal_matrix_kwargs
from casework.documents import storage
from casework.documents.models import Document
from casework.evaluation.testing import matrix_kwargs as evaluation_matrix_kwargs
from casework.groupwork.testing import matrix_kwargs as groupwork_matrix_kwargs
from casework.journey.models import ActionStep, Appointment, CaseNote, Goal, Job
from casework.referrals.models import Referral
from casework.returns.testing import matrix_kwargs as returns_matrix_kwargs
from casework.rights.testing import matrix_kwargs as rights_matrix_kwargs
from casework.subjectaccess.testing import matrix_kwargs as subjectaccess_matrix_kwargs
from casework.testing import factories
from casework.testing.auth import sign_in
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db

# Identities, in the order of the columns below.
ROLES = (
    *("specialist", "team_leader", "manager", "dpo"),
    *("auditor", "referrer", "report_only", "admin"),
)
# The world fixture's user for each identity ("admin" is a Django superuser with no programme role).
USERS = {
    "specialist": "specialist_a",
    "team_leader": "team_leader_a",
    "manager": "manager",
    "dpo": "dpo",
    "auditor": "auditor_a",
    "referrer": "referrer",
    "report_only": "report_only",
}
# The oracle for leaks, written independently of casework.access.permissions.
SEES_OWN_PARTICIPANT = {"specialist", "team_leader", "manager", "dpo", "auditor"}
SEES_SPECIAL_CATEGORY = {"specialist", "team_leader", "dpo"}


def all_(token: str) -> str:
    return " ".join([token] * len(ROLES))


SAME = "same as own"


def admin_only(get: str = "ok", post: str = "ok") -> dict[str, tuple[str, str, str]]:
    """An admin page: everyone but an administrator is sent to the admin's sign-in."""
    others = "admin-in " * (len(ROLES) - 1)
    return {"GET": ("admin-in", others + get, SAME), "POST": ("admin-in", others + post, SAME)}


# A page for the DPO about another programme's participant: 404 for them, 403 for the rest.
DPO_ONLY_OTHER = "403  403  403  404  403  403  403  403"
# The same for the programme manager and a member of staff on another programme.
MANAGER_ONLY_OTHER = "403  403  404  403  403  403  403  403"

# A programme page for the programme manager and the DPO about another programme: 404 for them.
RETURNS_OTHER = "403  403  404  404  403  403  403  404"

# url name (fnmatch pattern allowed for the admin) -> method -> (anonymous, own, other).
# own / other: one token per identity in ROLES order. For a URL without a participant in it,
# "other" means searching for / listing while the other organisation's participant exists.
#                                    SP   TL   PM   DPO  AUD  REF  RO   ADM
MATRIX: dict[str, dict[str, tuple[str, str, str]]] = {
    # Public: `/` is the list of programmes' start pages (staff are sent to their role's page),
    # and each programme's start page.
    "programmes:home": {"GET": ("ok", all_("ok"), SAME), "POST": ("405", all_("405"), SAME)},
    "programmes:start": {"GET": ("ok", all_("ok"), SAME), "POST": ("405", all_("405"), SAME)},
    "participants:caseload": {
        # A referrer's home is their referrals, report-only's the reports: sent there.
        "GET": ("in", "ok   ok   ok   ok   ok   ok   ok   403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    # Search is a POST (the words never in a URL); results at an opaque id in the session.
    "participants:search": {
        "GET": ("in", "ok   ok   ok   ok   ok   403  403  403", SAME),
        "POST": ("in", "ok   ok   ok   ok   ok   403  403  403", SAME),
    },
    "participants:search-results": {
        "GET": ("in", "404  404  404  404  404  403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    "participants:create": {
        "GET": ("in", "ok   ok   ok   403  403  403  403  403", SAME),
        "POST": ("in", "ok   ok   ok   403  403  403  403  403", SAME),
    },
    "participants:detail": {
        "GET": ("in", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
        "POST": ("in", all_("405"), all_("405")),
    },
    "participants:edit": {
        "GET": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
        "POST": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
    },
    # Moving someone to another area: its own step, for team leaders and the programme manager.
    "participants:move": {
        "GET": ("in", "403  ok   ok   403  403  404  404  404", all_("404")),
        "POST": ("in", "403  ok   ok   403  403  404  404  404", all_("404")),
    },
    "access:break-glass": {
        "GET": ("in", "ok   ok   403  403  403  403  403  403", SAME),
        "POST": ("in", "ok   ok   403  403  403  403  403  403", SAME),
    },
    "access:break-glass-reviews": {
        "GET": ("in", "403  403  403  ok   403  403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    "access:break-glass-review": {
        "GET": (
            "in",
            "403  403  403  ok   403  403  403  403",
            "403  403  403  404  403  403  403  403",
        ),
        "POST": (
            "in",
            "403  403  403  ok   403  403  403  403",
            "403  403  403  404  403  403  403  403",
        ),
    },
    "api:participants": {
        "GET": ("403", "ok   ok   ok   ok   ok   403  403  403", SAME),
        "POST": ("403", "ok   ok   ok   403  403  403  403  403", SAME),
    },
    "api:participant": {
        "GET": ("403", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
        "POST": ("403", all_("405"), all_("405")),
    },
    "api:participant-move": {
        "GET": ("403", all_("405"), all_("405")),
        "POST": ("403", "403  ok   ok   403  403  404  404  404", all_("404")),
    },
    "api:schema": {
        "GET": ("403", all_("ok"), SAME),
        "POST": ("403", all_("405"), SAME),
    },
    # Intake. Referrals are seen by staff across their organisation's areas (an inbox, not a
    # caseload) and by the referrer who sent them (status only); decided by editing roles.
    "referrals:list": {
        "GET": ("in", "ok   ok   ok   ok   ok   ok   403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    "referrals:new": {
        "GET": ("in", "ok   ok   ok   403  403  ok   403  403", SAME),
        "POST": ("in", "ok   ok   ok   403  403  ok   403  403", SAME),
    },
    "referrals:detail": {
        "GET": (
            "in",
            "ok   ok   ok   ok   ok   ok   404  404",
            "404  404  404  404  404  ok   404  404",
        ),
        "POST": ("in", all_("405"), all_("405")),
    },
    "referrals:accept": {
        "GET": (
            "in",
            "ok   ok   ok   403  403  403  404  404",
            "404  404  404  404  404  403  404  404",
        ),
        "POST": (
            "in",
            "ok   ok   ok   403  403  403  404  404",
            "404  404  404  404  404  403  404  404",
        ),
    },
    "referrals:decline": {
        "GET": (
            "in",
            "ok   ok   ok   403  403  403  404  404",
            "404  404  404  404  404  403  404  404",
        ),
        "POST": (
            "in",
            "ok   ok   ok   403  403  403  404  404",
            "404  404  404  404  404  403  404  404",
        ),
    },
    "referrals:link": {
        "GET": ("405", all_("405"), all_("405")),
        "POST": (
            "in",
            "ok   ok   ok   403  403  403  404  404",
            "404  404  404  404  404  403  404  404",
        ),
    },
    # The referral API: for referral partners only, who see the referrals they sent.
    "api:referrals": {
        "GET": ("403", "403  403  403  403  403  ok   403  403", SAME),
        "POST": ("403", "403  403  403  403  403  ok   403  403", SAME),
    },
    "api:referral": {
        "GET": ("403", "403  403  403  403  403  ok   403  403", SAME),
        "POST": ("403", "403  403  403  403  403  405  403  403", SAME),
    },
    # The public expression-of-interest form: no sign-in.
    "referrals:interest": {"GET": ("ok", all_("ok"), SAME), "POST": ("ok", all_("ok"), SAME)},
    "referrals:interest-sent": {
        "GET": ("ok", all_("ok"), SAME),
        "POST": ("405", all_("405"), SAME),
    },
    # A participant's documents, consents and eligibility: through the participant scope.
    "documents:list": {
        "GET": ("in", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
        "POST": ("in", all_("405"), all_("405")),
    },
    "documents:add": {
        "GET": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
        "POST": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
    },
    "documents:download": {
        "GET": ("in", "ok   ok   403  ok   403  404  404  404", all_("404")),
        "POST": ("in", all_("405"), all_("405")),
    },
    "consents:consents": {
        "GET": ("in", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
        "POST": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
    },
    "consents:withdraw": {
        "GET": ("405", all_("405"), all_("405")),
        "POST": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
    },
    "consents:enrol": {
        "GET": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
        "POST": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
    },
    # Eligibility evidence is about disability, health and offending: special category data.
    "eligibility:eligibility": {
        "GET": ("in", "ok   ok   403  ok   403  404  404  404", all_("404")),
        "POST": ("in", "ok   ok   403  403  403  404  404  404", all_("404")),
    },
    "caseloads:team": {
        "GET": ("in", "403  ok   ok   403  403  403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    "caseloads:specialist": {
        "GET": (
            "in",
            "403  ok   ok   403  403  403  403  403",
            "403  404  404  403  403  403  403  403",
        ),
        "POST": (
            "in",
            "403  ok   ok   403  403  403  403  403",
            "403  404  404  403  403  403  403  403",
        ),
    },
    # The register: the privacy notice and its versions are public; the Art 30 record and the
    # who-to-tell list are for the programme's DPO, manager (and auditor for the record).
    **{
        name: {"GET": ("ok", all_("ok"), SAME), "POST": ("405", all_("405"), SAME)}
        for name in (
            "register:notice",
            "register:notice-pdf",
            "register:notice-version",
            "register:notice-version-pdf",
            "register:notice-versions",
            "api:programme-register",
            "api:programme-fideslang",
        )
    },
    "register:who-to-tell": {
        "GET": (
            "in",
            "403  403  ok   ok   403  403  403  404",
            "403  403  404  404  403  403  403  404",
        ),
        "POST": ("in", all_("405"), SAME),
    },
    **{
        name: {
            "GET": (
                "in",
                "403  403  ok   ok   ok   403  403  404",
                "403  403  404  404  ok   403  403  404",
            ),
            "POST": ("in", all_("405"), SAME),
        }
        for name in ("register:record-of-processing-csv", "register:record-of-processing-xlsx")
    },
    "register:notice-given": {
        "GET": ("in", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
        "POST": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
    },
    # The participant journey: read through the participant scope, written by editing roles.
    "journey:timeline": {
        "GET": ("in", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
        "POST": ("in", "405  405  405  405  405  404  404  404", all_("404")),
    },
    **{
        name: {
            "GET": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
            "POST": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
        }
        for name in (
            "journey:add_appointment",
            "journey:record_attendance",
            "journey:add_note",
            "journey:add_job",
            "journey:end_job",
            "journey:add_support",
            "journey:add_placement",
            "journey:exit",
            "journey:re_engage",
            "journey:add_goal",
            "journey:add_step",
        )
    },
    # Scope and role are checked before the method, so a GET reveals nothing either.
    **{
        name: {
            "GET": ("in", "405  405  405  403  403  404  404  404", all_("404")),
            "POST": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
        }
        for name in ("journey:complete_step", "journey:record_milestone")
    },
    **{
        name: {
            "GET": ("403", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
            "POST": ("403", "ok   ok   ok   403  403  404  404  404", all_("404")),
        }
        for name in (
            "api:participant-appointments",
            "api:participant-jobs",
            "api:participant-milestones",
        )
    },
    **{
        name: {
            "GET": ("403", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
            "POST": ("403", all_("405"), all_("405")),
        }
        for name in ("api:appointment", "api:job")
    },
    # Case notes may hold special category data.
    "api:participant-notes": {
        "GET": ("403", "ok   ok   403  ok   403  404  404  404", all_("404")),
        "POST": ("403", "ok   ok   ok   403  403  404  404  404", all_("404")),
    },
    "api:note": {
        "GET": ("403", "ok   ok   403  ok   403  404  404  404", all_("404")),
        "POST": ("403", all_("405"), all_("405")),
    },
    "api:job-end": {
        "GET": ("403", all_("405"), all_("405")),
        "POST": ("403", "ok   ok   ok   403  403  404  404  404", all_("404")),
    },
    # The vocational profile: read through the participant scope, changed by editing roles.
    "profiles:profile": {
        "GET": ("in", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
        "POST": ("in", all_("405"), all_("405")),
    },
    **{
        name: {
            "GET": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
            "POST": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
        }
        for name in (
            "profiles:edit_barriers",
            "profiles:edit_support",
            "profiles:edit_goals",
            "profiles:add_employment",
            "profiles:add_qualification",
        )
    },
    # The entry to remove is named in the query or the form: without one, nothing to remove.
    **{
        name: {
            "GET": ("in", "404  404  404  403  403  404  404  404", all_("404")),
            "POST": ("in", "404  404  404  403  403  404  404  404", all_("404")),
        }
        for name in ("profiles:remove_employment", "profiles:remove_qualification")
    },
    "profiles:api-profile": {
        "GET": ("403", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
        "POST": ("403", all_("405"), all_("405")),
    },
    # Profiles are recorded through the services: the admin only shows them.
    "admin:profiles_*_add": admin_only(get="403", post="403"),
    "admin:profiles_*_delete": admin_only(get="403", post="403"),
    "admin:profiles_*_change": admin_only(post="403"),
    # The audit trail: who opened a record (roles with `view access history`), the DPO's alerts,
    # and the routine audit report (roles with `view audit`).
    "audit:access-history": {
        "GET": ("in", "403  ok   403  ok   ok   404  404  404", all_("404")),
        "POST": ("in", all_("405"), all_("405")),
    },
    "audit:alerts": {
        "GET": ("in", "403  403  403  ok   403  403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    "audit:review-alert": {
        "GET": (
            "in",
            "403  403  403  ok   403  403  403  403",
            "403  403  403  404  403  403  403  403",
        ),
        "POST": (
            "in",
            "403  403  403  ok   403  403  403  403",
            "403  403  403  404  403  403  403  403",
        ),
    },
    # Retention (casework/disposal): the DPO's pages; another programme's hold, paper file or
    # run answers 404.
    "disposal:overview": {
        "GET": ("in", "403  403  403  ok   403  403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    "disposal:hold-create": {
        "GET": ("in", "403  403  403  ok   403  403  403  403", SAME),
        "POST": ("in", "403  403  403  ok   403  403  403  403", SAME),
    },
    "disposal:hold-lift": {
        "GET": ("in", all_("405"), all_("405")),
        "POST": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
    },
    "disposal:paper-file-destroyed": {
        "GET": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
        "POST": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
    },
    # A participant's paper files: seen with the record, recorded by roles that edit it.
    "disposal:paper-files": {
        "GET": ("in", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
        "POST": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
    },
    "disposal:run": {
        "GET": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
        "POST": ("in", all_("405"), all_("405")),
    },
    "audit:report": {
        "GET": ("in", "403  403  403  ok   ok   403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    # Scheduled jobs and their runs (no personal data): the DPO and the auditor.
    "worker:jobs": {
        "GET": ("in", "403  403  403  ok   ok   403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    # Management information: counts by delivery partner for roles with `see reports` (no
    # participant in it); the CSV also needs `export`.
    "reports:partners": {
        "GET": ("in", "403  ok   ok   ok   ok   403  ok   403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    "reports:partners-csv": {
        "GET": ("in", "403  ok   ok   ok   403  403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    "staff:sign-in": {"GET": ("ok", all_("ok"), SAME), "POST": ("ok", all_("ok"), SAME)},
    "staff:sign-out": {"GET": ("405", all_("405"), SAME), "POST": ("ok", all_("ok"), SAME)},
    "staff:keep-alive": {"GET": ("405", all_("405"), SAME), "POST": ("in", all_("ok"), SAME)},
    "staff:confidentiality": {"GET": ("in", all_("405"), SAME), "POST": ("in", all_("ok"), SAME)},
    "staff:training-due": {
        "GET": ("in", "403  403  ok   403  403  403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    "staff:second-factor": {"GET": ("in", all_("ok"), SAME), "POST": ("in", all_("ok"), SAME)},
    "staff:second-factor-setup": {
        "GET": ("in", all_("ok"), SAME),
        "POST": ("in", all_("ok"), SAME),
    },
    # The admin signs in through Casework's own sign-in page (second factor, lockout).
    "staff:record-training": {
        "GET": ("in", "403  403  ok   403  403  403  403  403", MANAGER_ONLY_OTHER),
        "POST": ("in", "403  403  ok   403  403  403  403  403", MANAGER_ONLY_OTHER),
    },
    "admin:login": {"GET": ("in", all_("in"), SAME), "POST": ("in", all_("in"), SAME)},
    "admin:logout": {
        "GET": ("ok", "ok " * 7 + "405", SAME),
        "POST": ("ok", all_("ok"), SAME),
    },
    # Admin pages that refuse a bare request even from an administrator.
    "admin:password_change_done": admin_only(post="405"),
    "admin:jsi18n": admin_only(post="405"),
    "admin:autocomplete": admin_only(get="403", post="405"),
    "admin:view_on_site": admin_only(get="404", post="404"),
    # Sign-in records and second-factor devices are read-only, even for an administrator.
    "admin:axes_*_add": admin_only(get="403", post="403"),
    "admin:otp_*_add": admin_only(get="403", post="403"),
    "admin:otp_*_change": admin_only(post="403"),
    # Register versions and notice acknowledgements come from `programme load` and the services.
    "admin:register_*_add": admin_only(get="403", post="403"),
    # The journey is written through its services only (audited), never in the admin.
    "admin:journey_*_add": admin_only(get="403", post="403"),
    # The audit trail is append-only: not even an administrator adds, changes or deletes.
    "admin:audit_auditevent_add": admin_only(get="403", post="403"),
    "admin:audit_auditevent_delete": admin_only(get="403", post="403"),
    "admin:audit_auditevent_change": admin_only(post="403"),
    "admin:journey_*_delete": admin_only(get="403", post="403"),
    "admin:journey_*_change": admin_only(post="403"),
    "admin:register_*_delete": admin_only(get="403", post="403"),
    "admin:register_*_change": admin_only(post="403"),
    # Group sessions (casework/groupwork): staff who see participants see their organisation's
    # sessions (the accountable body: the programme's); editing roles run them. A session of
    # another organisation answers 404; its attendee list names only participants in scope.
    "groupwork:sessions": {
        "GET": ("in", "ok   ok   ok   ok   ok   403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    "groupwork:new": {
        "GET": ("in", "ok   ok   ok   403  403  403  403  403", SAME),
        "POST": ("in", "ok   ok   ok   403  403  403  403  403", SAME),
    },
    "groupwork:session": {
        "GET": ("in", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
        "POST": ("in", all_("405"), all_("405")),
    },
    **dict.fromkeys(
        (
            "groupwork:edit",
            "groupwork:cancel",
            "groupwork:book",
            "groupwork:register",
            "groupwork:cancel-booking",
        ),
        {
            "GET": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
            "POST": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
        },
    ),
    **dict.fromkeys(
        ("groupwork:register-print", "groupwork:register-csv"),
        {
            "GET": ("in", "ok   ok   ok   403  403  404  404  404", all_("404")),
            "POST": ("in", all_("405"), all_("405")),
        },
    ),
    "groupwork:participant": {
        "GET": ("in", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
        "POST": ("in", all_("405"), all_("405")),
    },
    "groupwork:api-sessions": {
        "GET": ("403", "ok   ok   ok   ok   ok   403  403  403", SAME),
        "POST": ("403", "405  405  405  405  405  403  403  403", SAME),
    },
    "groupwork:api-participant": {
        "GET": ("403", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
        "POST": ("403", all_("405"), all_("405")),
    },
    "admin:groupwork_*_add": admin_only(get="403", post="403"),
    "admin:groupwork_*_delete": admin_only(get="403", post="403"),
    "admin:groupwork_*_change": admin_only(post="403"),
    # Disclosures (casework/disclosures): a participant's log through the participant scope;
    # sharing by roles that may disclose; statutory requests and extracts by the DPO; the
    # programme's log for the DPO and the auditor (its CSV also needs `export`); agreements for
    # roles that see the record of processing; approvals for team leaders and the DPO.
    "disclosures:participant": {
        "GET": ("in", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
        "POST": ("in", all_("405"), all_("405")),
    },
    **dict.fromkeys(
        (
            "disclosures:send-document",
            "disclosures:enquiry",
            "disclosures:refer",
            "disclosures:safeguarding",
        ),
        {
            "GET": ("in", "ok   ok   403  ok   403  404  404  404", all_("404")),
            "POST": ("in", "ok   ok   403  ok   403  404  404  404", all_("404")),
        },
    ),
    "disclosures:safeguarding-record": {
        "GET": ("in", "ok   ok   ok   ok   ok   404  404  404", all_("404")),
        "POST": ("in", "403  ok   403  ok   403  404  404  404", all_("404")),
    },
    "disclosures:statutory-request": {
        "GET": ("in", "403  403  403  ok   403  404  404  404", all_("404")),
        "POST": ("in", "403  403  403  ok   403  404  404  404", all_("404")),
    },
    "disclosures:approvals": {
        "GET": ("in", "403  ok   403  ok   ok   403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    "disclosures:log": {
        "GET": (
            "in",
            "403  403  403  ok   ok   403  403  404",
            "403  403  404  404  ok   403  403  404",
        ),
        "POST": ("in", all_("405"), SAME),
    },
    "disclosures:log-csv": {
        "GET": (
            "in",
            "403  403  403  ok   403  403  403  404",
            "403  403  404  404  403  403  403  404",
        ),
        "POST": ("in", all_("405"), SAME),
    },
    "disclosures:agreements": {
        "GET": (
            "in",
            "403  403  ok   ok   ok   403  403  404",
            "403  403  404  404  ok   403  403  404",
        ),
        "POST": ("in", all_("405"), SAME),
    },
    "disclosures:data-matching": {
        "GET": (
            "in",
            "403  403  403  ok   403  403  403  404",
            "403  403  404  404  403  403  403  404",
        ),
        "POST": (
            "in",
            "403  403  403  ok   403  403  403  404",
            "403  403  404  404  403  403  403  404",
        ),
    },
    # Evaluation extracts (casework/evaluation): the list, release log and risk reports (counts
    # only) for the DPO and the auditor; asking for, releasing and downloading for the DPO.
    **dict.fromkeys(
        ("evaluation:list", "evaluation:report"),
        {
            "GET": (
                "in",
                "403  403  403  ok   ok   403  403  404",
                "403  403  404  404  ok   403  403  404",
            ),
            "POST": ("in", all_("405"), SAME),
        },
    ),
    **dict.fromkeys(
        ("evaluation:build", "evaluation:release"),
        {
            "GET": (
                "in",
                "403  403  403  ok   403  403  403  404",
                "403  403  404  404  403  403  403  404",
            ),
            "POST": (
                "in",
                "403  403  403  ok   403  403  403  404",
                "403  403  404  404  403  403  403  404",
            ),
        },
    ),
    # Building again an extract whose build failed or stopped: the DPO, by POST (the matrix's
    # extract is released, so the DPO's POST is refused with a message and redirected).
    "evaluation:rebuild": {
        "GET": ("in", all_("405"), SAME),
        "POST": (
            "in",
            "403  403  403  ok   403  403  403  404",
            "403  403  404  404  403  403  403  404",
        ),
    },
    "evaluation:download": {
        "GET": (
            "in",
            "403  403  403  ok   403  403  403  404",
            "403  403  404  404  403  403  403  404",
        ),
        "POST": ("in", all_("405"), SAME),
    },
    "admin:evaluation_*_add": admin_only(get="403", post="403"),
    "admin:evaluation_*_delete": admin_only(get="403", post="403"),
    "admin:evaluation_*_change": admin_only(post="403"),
    # DWP monthly returns (casework/returns): built by the programme manager and the DPO
    # (`build the monthly DWP return`), released by the DPO through the disclosure gate, and
    # downloaded by the DWP's report-only users alone. Another programme's answers 404.
    **{
        f"returns:{name}": {
            "GET": ("in", "403  403  ok   ok   403  403  403  404", RETURNS_OTHER),
            "POST": ("in", all_("405"), SAME),
        }
        for name in ("list", "report", "findings-csv", "differences")
    },
    "returns:build": {
        "GET": ("in", "403  403  ok   ok   403  403  403  404", RETURNS_OTHER),
        "POST": ("in", "403  403  ok   ok   403  403  403  404", RETURNS_OTHER),
    },
    "returns:release": {
        "GET": ("in", "403  403  403  ok   403  403  403  404", RETURNS_OTHER),
        "POST": ("in", "403  403  403  ok   403  403  403  404", RETURNS_OTHER),
    },
    **{
        f"returns:{name}": {
            "GET": (
                "in",
                "403  403  403  403  403  403  ok   404",
                "403  403  404  404  403  403  ok   404",
            ),
            "POST": ("in", all_("405"), SAME),
        }
        for name in ("released", "download")
    },
    # The disclosure log and rights records are written by their services only.
    **{
        f"admin:{app}_*_{what}": admin_only(get="403", post="403")
        for app in ("disclosures", "rights")
        for what in ("add", "delete")
    },
    "admin:disclosures_*_change": admin_only(post="403"),
    "admin:rights_*_change": admin_only(post="403"),
    # Rights on a participant's record (casework/rights/record_urls.py): for the programme's DPO
    # (`manage rights requests`) through the participant scope; others who see the record 403.
    "rights_record:overview": {
        "GET": ("in", "403  403  403  ok   403  404  404  404", all_("404")),
        "POST": ("in", all_("405"), all_("405")),
    },
    **dict.fromkeys(
        (
            "rights_record:correct",
            "rights_record:statement",
            "rights_record:restrict",
            "rights_record:lift",
            "rights_record:object",
            "rights_record:decide",
        ),
        {
            "GET": ("in", "403  403  403  ok   403  404  404  404", all_("404")),
            "POST": ("in", "403  403  403  ok   403  404  404  404", all_("404")),
        },
    ),
    # Data protection complaints (casework/complaints): the public page per programme needs no
    # sign-in and answers alike for anyone; everything else is the programme's DPO's
    # (`manage complaints`). Another programme's complaint answers 404.
    "complaints:complain": {"GET": ("ok", all_("ok"), SAME), "POST": ("ok", all_("ok"), SAME)},
    "complaints:complain-sent": {
        "GET": ("ok", all_("ok"), SAME),
        "POST": ("405", all_("405"), SAME),
    },
    "complaints:list": {
        "GET": ("in", "403  403  403  ok   403  403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    "complaints:new": {
        "GET": ("in", "403  403  403  ok   403  403  403  403", SAME),
        "POST": ("in", "403  403  403  ok   403  403  403  403", SAME),
    },
    **dict.fromkeys(
        ("complaints:detail", "complaints:outcome-letter", "complaints:participant"),
        {
            "GET": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
            "POST": ("in", all_("405"), all_("405")),
        },
    ),
    **dict.fromkeys(
        (
            "complaints:acknowledge",
            "complaints:add-entry",
            "complaints:close",
            "complaints:link",
        ),
        {
            "GET": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
            "POST": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
        },
    ),
    # Rights requests (casework/rights): the public "ask about your data" page per programme
    # needs no sign-in and answers alike for anyone (it never says whether a person is known);
    # the register is the programme's DPO's (`manage rights requests`). Another programme's
    # request answers 404.
    "rights:ask": {"GET": ("ok", all_("ok"), SAME), "POST": ("ok", all_("ok"), SAME)},
    "rights:ask-sent": {"GET": ("ok", all_("ok"), SAME), "POST": ("405", all_("405"), SAME)},
    "rights:list": {
        "GET": ("in", "403  403  403  ok   403  403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    "rights:new": {
        "GET": ("in", "403  403  403  ok   403  403  403  403", SAME),
        "POST": ("in", "403  403  403  ok   403  403  403  403", SAME),
    },
    "rights:detail": {
        "GET": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
        "POST": ("in", all_("405"), all_("405")),
    },
    # The letter exists once the request is decided: before, the DPO is told so (403).
    "rights:letter": {
        "GET": ("in", "403  403  403  403  403  403  403  403", DPO_ONLY_OTHER),
        "POST": ("in", all_("405"), all_("405")),
    },
    **dict.fromkeys(
        (
            "rights:match",
            "rights:identity",
            "rights:pause",
            "rights:resume",
            "rights:extend",
            "rights:transfer",
            "rights:decide",
        ),
        {
            "GET": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
            "POST": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
        },
    ),
    # The breach register (casework/breaches): the DPO's (`manage breaches`) only.
    "breaches:list": {
        "GET": ("in", "403  403  403  ok   403  403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    "breaches:new": {
        "GET": ("in", "403  403  403  ok   403  403  403  403", SAME),
        "POST": ("in", "403  403  403  ok   403  403  403  403", SAME),
    },
    "breaches:detail": {
        "GET": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
        "POST": ("in", all_("405"), all_("405")),
    },
    **dict.fromkeys(
        (
            "breaches:from-alert",
            "breaches:edit",
            "breaches:assess",
            "breaches:decide",
            "breaches:report",
            "breaches:people",
            "breaches:letter",
            "breaches:controllers",
        ),
        {
            "GET": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
            "POST": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
        },
    ),
    "breaches:close": {
        "GET": ("in", all_("405"), all_("405")),
        "POST": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
    },
    # The DPO's home page, and the counts of complaints and breaches (DPO and manager).
    "dataprotection:home": {
        "GET": ("in", "403  403  ok   ok   403  403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    "dataprotection:reports": {
        "GET": ("in", "403  403  ok   ok   403  403  403  403", SAME),
        "POST": ("in", all_("405"), SAME),
    },
    # Subject access packs (casework/subjectaccess): the programme's DPO only (`manage rights
    # requests`); another programme's participant or pack answers 404.
    **dict.fromkeys(
        ("subjectaccess:prepare", "subjectaccess:review"),
        {
            "GET": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
            "POST": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
        },
    ),
    **dict.fromkeys(
        ("subjectaccess:pack", "subjectaccess:read", "subjectaccess:download"),
        {
            "GET": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
            "POST": ("in", all_("405"), all_("405")),
        },
    ),
    "subjectaccess:release": {
        "GET": ("in", all_("405"), all_("405")),
        "POST": ("in", "403  403  403  ok   403  403  403  403", DPO_ONLY_OTHER),
    },
    "admin:complaints_*_add": admin_only(get="403", post="403"),
    "admin:complaints_*_delete": admin_only(get="403", post="403"),
    "admin:complaints_*_change": admin_only(post="403"),
    "admin:breaches_*_add": admin_only(get="403", post="403"),
    "admin:breaches_*_delete": admin_only(get="403", post="403"),
    "admin:breaches_*_change": admin_only(post="403"),
    # Every other admin page: only an administrator (is_staff), never a programme role.
    # Scheduled jobs' runs and the task queue: read-only in the admin (the worker writes them).
    "admin:worker_*_add": admin_only(get="403", post="403"),
    "admin:worker_*_change": admin_only(post="403"),
    "admin:worker_*_delete": admin_only(get="403", post="403"),
    "admin:django_tasks_database_*_add": admin_only(get="403", post="403"),
    "admin:django_tasks_database_*_change": admin_only(post="403"),
    "admin:django_tasks_database_*_delete": admin_only(get="403", post="403"),
    "admin:*": admin_only(),
}


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: tuple[str, ...]


def named_routes() -> list[Route]:
    """Every named URL in the resolver, with the keyword arguments it needs."""
    routes = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                if inner:
                    namespace_inside = f"{namespace}:{inner}" if namespace else inner
                else:
                    namespace_inside = namespace
                walk(pattern.url_patterns, namespace_inside)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                routes.append(Route(name, tuple(pattern.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns, None)
    return routes


def expectation(name: str) -> dict[str, tuple[str, str, str]] | None:
    if name in MATRIX:
        return MATRIX[name]
    for key, value in MATRIX.items():
        if "*" in key and fnmatch.fnmatchcase(name, key):
            return value
    return None


def test_a_new_url_without_a_row_fails_naming_it(monkeypatch):
    routes = [*named_routes(), Route("participants:export", ())]
    monkeypatch.setattr(f"{__name__}.named_routes", lambda: routes)
    with pytest.raises(AssertionError, match="missing from the access matrix: participants:export"):
        test_every_url_in_the_resolver_is_in_the_matrix()


def test_every_url_in_the_resolver_is_in_the_matrix():
    missing = sorted({r.name for r in named_routes() if expectation(r.name) is None})
    assert not missing, f"URLs missing from the access matrix: {', '.join(missing)}"
    unused = set(MATRIX) - {
        key for key in MATRIX for r in named_routes() if fnmatch.fnmatchcase(r.name, key)
    }
    assert not unused, f"Rows in the access matrix for URLs that do not exist: {unused}"


def _outcome(response) -> str:
    status = response.status_code
    if status in (301, 302):
        location = urlsplit(response["Location"]).path
        if location == reverse(settings.LOGIN_URL):
            return "in"
        if location == reverse("admin:login"):
            return "admin-in"
    if 200 <= status < 400 or status == 400:
        return "ok"
    return str(status)


@pytest.fixture
def cast(world, participant_a, participant_b):
    """Who acts, and which participant is 'other organisation' for each of them."""
    elsewhere_programme = factories.ProgrammeFactory()
    elsewhere = factories.ParticipantFactory(
        programme=elsewhere_programme, last_name="Zephyrine", health_conditions="MARKER-HEALTH-Z"
    )
    # Surnames no fake staff member can share, so a marker found is a participant's.
    for participant, letter in ((participant_a, "A"), (participant_b, "B")):
        participant.last_name = f"Markerson-{letter}"
        participant.health_conditions = f"MARKER-HEALTH-{letter}"
        participant.save()
    users = {role: world.user(name) for role, name in USERS.items()}
    # One break-glass grant on each participant, for the review pages.
    for participant in (participant_a, participant_b, elsewhere):
        BreakGlassGrant.objects.create(
            user=world.user("specialist_a2"),
            participant=participant,
            reason="safeguarding",
            granted_at=timezone.now(),
            expires_at=timezone.now(),
        )
    users["elsewhere_staff"] = factories.MembershipFactory(programme=elsewhere_programme).user
    # A published privacy notice for each programme (South Midlands' register, renamed).
    for programme in (world.programme, elsewhere_programme):
        publish_register(programme, "south-midlands.yaml")
    # A monitoring alert about a member of staff of each programme, for the review page.
    for actor in (
        world.user("specialist_a2"),
        users["elsewhere_staff"],
    ):
        Alert.objects.create(
            rule="out_of_hours",
            actor=actor,
            window_start=timezone.now(),
            event_count=1,
            first_sequence=1,
        )
    # Journey records for each participant; the case note carries the markers.
    for participant in (participant_a, participant_b, elsewhere):
        participant.status = "enrolled"
        participant.enrolled_on = participant.referred_on
        participant.save()
        Appointment.objects.create(
            participant=participant, starts_at=timezone.now(), kind="one_to_one"
        )
        CaseNote.objects.create(
            participant=participant, text=" ".join(m.decode() for m in _markers(participant))
        )
        Job.objects.create(
            participant=participant,
            employer="Employer",
            job_title="Job",
            employment_type="employed",
            hours_per_week=16,
            hourly_pay=12,
            started_on=participant.referred_on,
        )
        goal = Goal.objects.create(participant=participant, description="Find work")
        ActionStep.objects.create(
            goal=goal,
            participant=participant,
            description="Write a CV",
            due_on=participant.referred_on,
        )
    # A referral from the referrer and a document (its content carrying the markers) for each.
    for participant in (participant_a, participant_b, elsewhere):
        Referral.objects.create(
            programme=participant.programme,
            area=participant.area,
            channel="referral_partner",
            route="health",
            referred_by=world.user("referrer"),
            received_at=timezone.now(),
            agreement_recorded_at=timezone.now(),
            agreement_how="in_person",
            first_name="Referred",
            last_name="Person",
            date_of_birth=participant.date_of_birth,
            postcode="LU1 1AA",
        )
        Document.objects.create(
            participant=participant,
            kind="cv",
            title="CV",
            original_filename="cv.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            storage_name=storage.save(b"%PDF-1.7 " + b" ".join(_markers(participant))),
        )
    users["admin"] = factories.StaffUserFactory(
        email="admin@council.example", is_staff=True, is_superuser=True
    )
    # Partner staff's "other organisation" is partner B; the accountable body answers for the
    # whole programme, so for its staff (and for roles outside it) it is another programme.
    other = dict.fromkeys(ROLES, participant_b)
    other.update(manager=elsewhere, dpo=elsewhere)
    return users, participant_a, other, elsewhere


# Other apps' records for the matrix (each app's testing.matrix_kwargs: made once, found after).
RECORDS = (
    groupwork_matrix_kwargs,
    disclosures_matrix_kwargs,
    dataprotection_matrix_kwargs,
    disposal_matrix_kwargs,
    evaluation_matrix_kwargs,
    rights_matrix_kwargs,
    subjectaccess_matrix_kwargs,
    returns_matrix_kwargs,
)


def _records_for(everyone) -> dict:
    """Make every app's matrix records for every participant before the first case (as the
    first case of each participant did when every case looked them all up), and say which URL
    arguments each app's records answer."""
    keys = {}
    for records in RECORDS:
        for participant in everyone:
            keys[records] = frozenset(records(participant))
    return keys


def _kwargs(route: Route, participant, users, place: str, record_keys: dict) -> dict:
    """The URL's arguments, looked up afresh for every case (a POST before may have used a
    record up, and the app's matrix_kwargs makes another), but only those this URL takes."""
    wanted = set(route.kwargs)
    lookups = {
        "user_id": lambda: users["specialist" if place == "own" else "elsewhere_staff"].pk,
        "participant_id": lambda: participant.pk,
        "grant_id": lambda: BreakGlassGrant.objects.get(participant=participant).pk,
        "object_id": lambda: users["specialist"].pk,
        "id": lambda: users["specialist"].pk,
        "content_type_id": lambda: 1,
        "app_label": lambda: "staff",
        "referral_id": lambda: (
            Referral.objects.filter(area=participant.area, programme=participant.programme)
            .values_list("pk", flat=True)
            .first()
        ),
        "document_id": lambda: participant.documents.values_list("pk", flat=True).first(),
        "slug": lambda: participant.programme.slug,
        "alert_id": lambda: (
            Alert.objects.filter(actor__memberships__programme=participant.programme)
            .values_list("pk", flat=True)
            .first()
        ),
        "appointment_id": lambda: participant.appointments.values_list("pk", flat=True).first(),
        "note_id": lambda: participant.case_notes.values_list("pk", flat=True).first(),
        "job_id": lambda: participant.jobs.values_list("pk", flat=True).first(),
        "goal_id": lambda: participant.goals.values_list("pk", flat=True).first(),
        "step_id": lambda: participant.action_steps.values_list("pk", flat=True).first(),
        "number": lambda: 1,
        "search_id": lambda: "a-search-of-someone-else",
    }
    values = {key: lookups[key]() for key in wanted & lookups.keys()}
    for records, keys in record_keys.items():
        if wanted & keys:
            values.update(records(participant))
    return {k: values[k] for k in route.kwargs}


def _markers(participant) -> list[bytes]:
    return [participant.last_name.encode(), participant.health_conditions.encode()]


# The matrix runs in parts so that pytest-xdist spreads it over the test processes: one part per
# URL namespace (the namespace's name is the part's id), a namespace of more than PART_CASES cases
# (the admin's) in consecutive pieces. Each part starts from a fresh `cast`, signs its identities
# in afresh, and asserts every one of its cases; test_the_parts_hold_every_url_once checks that
# together they hold every URL in the resolver exactly once.
PART_CASES = 600


def _places(route: Route, method_row: tuple[str, str, str]) -> tuple[str, ...]:
    other_row = method_row[2]
    if other_row != SAME or {"participant_id", "grant_id", "user_id"} & set(route.kwargs):
        return ("own", "other")
    return ("own",)


def _case_count(route: Route) -> int:
    """Cases for one URL: per method, anonymous (own only) and every role in each place."""
    return sum(
        1 + len(ROLES) * len(_places(route, row)) for row in expectation(route.name).values()
    )


def matrix_parts(routes: list[Route]) -> dict[str, list[Route]]:
    """The routes by namespace, in resolver order; a large namespace in pieces of at most
    PART_CASES cases (a URL is never split). Deterministic, so every xdist process collects the
    same parts."""
    by_namespace: dict[str, list[Route]] = {}
    for route in routes:
        namespace = route.name.split(":")[0] if ":" in route.name else "root"
        by_namespace.setdefault(namespace, []).append(route)
    parts: dict[str, list[Route]] = {}
    for namespace, members in by_namespace.items():
        if sum(_case_count(r) for r in members) <= PART_CASES:
            parts[namespace] = members
            continue
        pieces, piece, size = [], [], 0
        for route in members:
            count = _case_count(route)
            if piece and size + count > PART_CASES:
                pieces.append(piece)
                piece, size = [], 0
            piece.append(route)
            size += count
        pieces.append(piece)
        for number, piece in enumerate(pieces, 1):
            parts[f"{namespace}-{number}"] = piece
    return parts


def _parts_at_collection() -> dict[str, list[Route]]:
    # A URL without a row has no case count: it belongs to no part, and
    # test_every_url_in_the_resolver_is_in_the_matrix names it.
    return matrix_parts([r for r in named_routes() if expectation(r.name) is not None])


PARTS = _parts_at_collection()


def test_the_parts_hold_every_url_once():
    # Every URL has a row (test_every_url_in_the_resolver_is_in_the_matrix); each is in one part.
    routes = [r for r in named_routes() if expectation(r.name) is not None]
    parts = matrix_parts(routes)
    in_parts = [route for part in parts.values() for route in part]
    assert sorted(in_parts, key=repr) == sorted(routes, key=repr)
    assert all(
        sum(map(_case_count, part)) <= PART_CASES or len(part) == 1 for part in parts.values()
    )
    # The parts run are the parts of the resolver as it is (collected at import).
    assert parts == PARTS


def test_a_large_namespace_is_split_between_urls_never_within_one():
    routes = [Route(f"admin:app_model{i}_change", ("object_id",)) for i in range(100)]
    parts = matrix_parts(routes)
    assert len(parts) > 1
    assert list(parts) == [f"admin-{n}" for n in range(1, len(parts) + 1)]
    assert [r for part in parts.values() for r in part] == routes


@pytest.mark.parametrize("part", list(PARTS))
def test_access_matrix(part, cast, capsys, record_property):
    users, own, other, elsewhere = cast
    failures, leaks, cases = [], [], 0
    clients: dict[str, Client] = {}
    everyone = [own, *{p.pk: p for p in other.values()}.values(), elsewhere]
    record_keys = _records_for(everyone)
    routes = PARTS[part]
    for route in routes:
        table = expectation(route.name)
        for method, (anonymous, own_row, other_row) in table.items():
            rows = {"own": own_row.split()}
            if _places(route, (anonymous, own_row, other_row)) == ("own", "other"):
                rows["other"] = (own_row if other_row == SAME else other_row).split()
            for identity in ("anonymous", *ROLES):
                for place, row in rows.items():
                    if identity == "anonymous" and place == "other":
                        continue
                    role_index = ROLES.index(identity) if identity != "anonymous" else None
                    expected = anonymous if identity == "anonymous" else row[role_index]
                    participant = own if place == "own" else other[identity]
                    if identity not in clients:
                        clients[identity] = Client()
                        if identity != "anonymous":
                            sign_in(clients[identity], users[identity])
                    client = clients[identity]
                    kwargs = _kwargs(route, participant, users, place, record_keys)
                    url = reverse(route.name, kwargs=kwargs)
                    data = {"q": participant.last_name} if route.name.endswith("search") else {}
                    response = getattr(client, method.lower())(url, data)
                    cases += 1
                    if "sign-out" in route.name or "logout" in route.name:
                        clients.pop(identity)  # signed out: sign in afresh for the next cell
                    got = _outcome(response)
                    cell = f"{route.name} {method} {identity} {place}"
                    if got != expected:
                        failures.append(f"{cell}: expected {expected}, got {got}")
                    body = b"".join(response) if response.streaming else response.content
                    forbidden = []
                    if identity == "anonymous" or identity not in SEES_OWN_PARTICIPANT:
                        forbidden += [m for p in everyone for m in _markers(p)]
                    else:
                        forbidden += _markers(other[identity]) + _markers(elsewhere)
                        if identity not in SEES_SPECIAL_CATEGORY:
                            forbidden += [p.health_conditions.encode() for p in everyone]
                    shown = [m.decode() for m in forbidden if m in body]
                    if shown:
                        leaks.append(f"{cell}: shows {', '.join(shown)}")
    # Every case of the part was requested (the root conftest adds the parts' counts up).
    assert cases == sum(_case_count(r) for r in routes)
    record_property("access_matrix_cases", cases)
    record_property("access_matrix_leaks", len(leaks))
    with capsys.disabled():
        print(f"\naccess matrix {part}: {cases} cases, leaks: {len(leaks)}")
    assert not leaks, "Leaks:\n" + "\n".join(leaks)
    assert not failures, f"{len(failures)} of {cases} cells differ:\n" + "\n".join(failures)


# The query parameters of a URL in the matrix (a page of a list). Each identity asks for them
# with a value pointing at the other organisation (a specialist of partner B, the second page of
# its own search for the other organisation's participant) and gets what the row says, showing
# nothing of the other organisation (test_access_matrix asks each URL without them).
# (url name, parameter) -> expected, in ROLES order.
#                                                     SP   TL   PM   DPO  AUD  REF  RO   ADM
PARAMETERS: dict[tuple[str, str], str] = {
    ("caseloads:team", "after"): "403  ok   ok   403  403  403  403  403",
    ("caseloads:team", "before"): "403  ok   ok   403  403  403  403  403",
    # After the identity's own search (a refused POST stores none: the id is then unknown).
    ("participants:search-results", "page"): "ok   ok   ok   ok   ok   403  403  403",
}


def test_every_list_parameter_is_in_the_matrix(world, cast):
    users, own, other, elsewhere = cast
    partner_b_specialist = world.user("specialist_b")
    for (name, parameter), row in PARAMETERS.items():
        assert expectation(name) is not None, name
        for identity, expected in zip(ROLES, row.split(), strict=True):
            client = Client()
            sign_in(client, users[identity])
            hidden = other[identity]
            forbidden = _markers(hidden) + _markers(elsewhere)
            if identity not in SEES_OWN_PARTICIPANT:
                forbidden += _markers(own)
            if name == "caseloads:team":
                url, value = reverse(name), partner_b_specialist.pk
                if identity == "team_leader":  # partner A's team leader: not theirs to see
                    forbidden.append(partner_b_specialist.get_full_name().encode())
            else:
                # "Markerson" matches both organisations' participants (and is not a marker).
                sent = client.post(reverse("participants:search"), {"q": "Markerson"})
                url = (
                    sent["Location"]
                    if sent.status_code == 302
                    else reverse(name, kwargs={"search_id": "a-search-of-someone-else"})
                )
                value = 2
            response = client.get(url, {parameter: value})
            cell = f"{name}?{parameter}= {identity}"
            assert _outcome(response) == expected, f"{cell}: {_outcome(response)}"
            shown = [m.decode() for m in forbidden if m in response.content]
            assert not shown, f"{cell} shows {shown}"
