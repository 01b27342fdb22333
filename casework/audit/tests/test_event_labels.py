"""Access history in words a DPO expects: every kind of event the code records has a label in
the one table (casework.audit.labels), found by reading the code, and the page shows it."""

import ast
import datetime
from decimal import Decimal
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from casework.audit.labels import EVENT_LABELS, describe
from casework.audit.models import Action, AuditEvent
from casework.referrals.models import ReferralStatus
from casework.testing.auth import sign_in

CASEWORK = Path(__file__).resolve().parents[2]


def event_kinds_in_the_code() -> dict[str, str]:
    """Every literal event kind passed where an event's purpose is written: `record_event(
    purpose=...)`, `record_access_event(action=...)`, the apps' `_audit(actor, kind, ...)` and
    `_audit_session(actor, kind, ...)`, and the referrals' `referral.<what>` and decisions."""
    kinds = {}
    for path in CASEWORK.rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", "")
            found = []
            # The complaints' `_audit(actor, complaint, kind)` names the kind third.
            kind_at = 2 if path.parent.name == "complaints" else 1
            if name in ("_audit", "_audit_session") and len(node.args) > kind_at:
                found.append(node.args[kind_at])
            if name == "_submitted" and len(node.args) > 2:
                found.append(node.args[2])
            for keyword in node.keywords:
                if (name, keyword.arg) in (
                    ("record_event", "purpose"),
                    ("record_access_event", "action"),
                ):
                    found.append(keyword.value)
            for value in found:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    kind = value.value
                    prefix = {"referrals": "referral", "breaches": "breach"}.get(
                        path.parent.name, "complaint" if path.parent.name == "complaints" else ""
                    )
                    if prefix and name in ("_audit", "_submitted"):
                        kind = f"{prefix}.{kind}"
                    kinds[kind] = str(path.relative_to(CASEWORK))
    for status in ReferralStatus:
        if status != ReferralStatus.RECEIVED:  # each decision: referrals.services._decide
            kinds[f"referral.{status.value}"] = "referrals/services.py"
    return kinds


def test_every_event_kind_in_the_code_has_a_label():
    kinds = event_kinds_in_the_code()
    assert len(kinds) > 30  # the scan finds the kinds (it would pass on none)
    assert "journey.job.start" in kinds
    missing = {kind: where for kind, where in kinds.items() if kind not in EVENT_LABELS}
    assert missing == {}, f"add a label to casework/audit/labels.py for: {missing}"


def test_no_label_is_a_code():
    for kind, label in EVENT_LABELS.items():
        assert "." not in label and "_" not in label and label[0].isupper(), kind


def test_describe_says_what_and_why_in_words():
    event = AuditEvent(action=Action.PARTICIPANT_RECORD, purpose="journey.job.start")
    assert describe(event) == ("Recorded a job start", "Case management")
    event = AuditEvent(action=Action.PARTICIPANT_READ, purpose="caseload")
    assert describe(event) == ("Read a participant's record", "Reviewing own caseload")
    event = AuditEvent(action=Action.BREAK_GLASS, purpose="Safeguarding call from the GP")
    assert describe(event)[1] == "Safeguarding call from the GP"


def test_the_access_history_page_shows_words_not_codes(client, world, participant_a):
    from casework.journey import services

    services.record_job_start(
        actor=world.user("specialist_a"),
        participant=participant_a,
        employer="Riverside Logistics",
        job_title="Warehouse operative",
        employment_type="employed",
        hours_per_week=20,
        hourly_pay=Decimal("12.60"),
        started_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    sign_in(client, world.user("dpo"))
    html = client.get(reverse("audit:access-history", args=[participant_a.pk])).content.decode()
    assert "Recorded a job start" in html
    assert "journey.job.start" not in html
