"""Every write to the breach register: a breach recorded (or raised from a monitoring alert),
its details and risk assessed, the decision to report it to the ICO (or not) with the reason,
the report and any delay, the people affected linked and told, the other controllers told."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count as RowCount
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from casework.access.permissions import Action, has_permission
from casework.access.selectors import participants_visible_to
from casework.audit import services as audit_services
from casework.audit.models import Action as AuditAction
from casework.audit.models import Alert, ReviewOutcome
from casework.breaches import selectors
from casework.breaches.models import (
    AffectedPerson,
    Breach,
    ControllerNotice,
    Count,
    CyberIncident,
    Decision,
    ReportType,
    Risk,
    Status,
    SubjectCategory,
)
from casework.core.references import new_reference
from casework.oversight.services import review_alert
from casework.register.categories import CATEGORIES

DETAIL_FIELDS = (
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
)
NOT_YET_KNOWN = "not_yet_known"
TOLD_HOW = {"letter": "By letter", "email": "By email"}


def _require(actor, programme) -> None:
    if not has_permission(actor, Action.MANAGE_BREACHES, programme):
        raise PermissionDenied(f"Your role does not allow you to {Action.MANAGE_BREACHES.label}.")


def _audit(actor, what: str, fields=(), participants=()) -> None:
    audit_services.record_event(
        actor=actor,
        action=AuditAction.BREACH,
        participants=participants,
        purpose=f"breach.{what}",
        changed_fields=fields,
    )


def _text(value) -> str:
    return (value or "").strip()


def _check_details(breach: Breach) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    now = timezone.now()
    for name in ("summary", "what_happened", "how_discovered", "data_categories_other"):
        setattr(breach, name, _text(getattr(breach, name)))
    if not breach.summary:
        errors["summary"] = ["Enter a short description of the breach"]
    if not breach.what_happened:
        errors["what_happened"] = ["Enter what happened"]
    if not breach.how_discovered:
        errors["how_discovered"] = ["Enter how the breach was discovered"]
    if breach.cyber_incident not in CyberIncident.values:
        errors["cyber_incident"] = ["Select whether the breach was caused by a cyber incident"]
    if breach.report_type not in ReportType.values:
        errors["report_type"] = ["Select an initial or a follow-up report"]
    if breach.report_type == ReportType.FOLLOW_UP and not _text(breach.ico_reference):
        errors["ico_reference"] = ["Enter the ICO's case reference for a follow-up report"]
    if breach.aware_at is None:
        errors["aware_at"] = ["Enter when you became aware of the breach: the 72 hours start then"]
    elif breach.aware_at > now:
        errors["aware_at"] = ["When you became aware of the breach must be now or in the past"]
    if breach.occurred_at is not None:
        if breach.occurred_at > now:
            errors["occurred_at"] = ["When the breach happened must be now or in the past"]
        elif breach.aware_at and breach.occurred_at > breach.aware_at:
            errors["occurred_at"] = [
                "When the breach happened must be before you became aware of it"
            ]
    known = set(CATEGORIES) | {NOT_YET_KNOWN, "other"}
    if not breach.data_categories:
        errors["data_categories"] = ["Select the categories of personal data, or 'Not yet known'"]
    elif set(breach.data_categories) - known:
        errors["data_categories"] = ["Select categories of personal data from the list"]
    if "other" in breach.data_categories and not breach.data_categories_other:
        errors["data_categories_other"] = ["Enter the other personal data involved"]
    if not breach.subject_categories:
        errors["subject_categories"] = ["Select the categories of people, or 'Not yet known'"]
    elif set(breach.subject_categories) - set(SubjectCategory.values):
        errors["subject_categories"] = ["Select categories of people from the list"]
    for name in ("records_count", "people_count"):
        if getattr(breach, name) not in Count.values:
            setattr(breach, name, Count.EXACT)
    if breach.unidentified_people is None:
        breach.unidentified_people = 0
    return errors


def _set_details(breach: Breach, fields: dict) -> None:
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"unexpected breach fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name in ("likely_consequences", "containment", "ico_reference"):
            value = _text(value)
        setattr(breach, name, value)


def _save_new(breach: Breach) -> Breach:
    for _ in range(5):
        breach.reference = new_reference("B")
        try:
            with transaction.atomic():
                breach.save(force_insert=True)
            return breach
        except IntegrityError:
            continue
    raise IntegrityError("could not draw a free breach reference")


@transaction.atomic
def record_breach(
    *, actor, programme, source_alert: Alert | None = None, audit_sequences=(), **fields
) -> Breach:
    _require(actor, programme)
    breach = Breach(programme=programme, recorded_by=actor, source_alert=source_alert)
    breach.audit_sequences = sorted(set(audit_sequences))
    _set_details(breach, fields)
    errors = _check_details(breach)
    if errors:
        raise ValidationError(errors)
    _save_new(breach)
    _audit(actor, "record", fields)
    return breach


@transaction.atomic
def update_breach(*, actor, breach: Breach, **fields) -> Breach:
    """What is known changes as the investigation goes on (a follow-up report)."""
    _require(actor, breach.programme)
    _set_details(breach, fields)
    errors = _check_details(breach)
    if errors:
        raise ValidationError(errors)
    breach.save()
    _audit(actor, "update", fields)
    return breach


@transaction.atomic
def raise_from_alert(*, actor, alert: Alert, programme, **fields) -> Breach:
    """A monitoring alert escalated to a breach in one step: the breach carries the audit
    events the alert concerns and links the participants they name; the alert is marked as
    reviewed ("possible breach, escalated") if it was not already."""
    alert = selectors.alert_for_breach(actor, alert.pk)
    sequences = list(selectors.events_of_alert(alert).values_list("id", flat=True))
    breach = record_breach(
        actor=actor,
        programme=programme,
        source_alert=alert,
        audit_sequences=sequences or [alert.first_sequence],
        **fields,
    )
    people = list(selectors.participants_of_events(actor, breach.audit_sequences))
    people = [p for p in people if p.programme_id == programme.pk]
    if people:
        link_people(actor=actor, breach=breach, participants=people)
    if not alert.outcome:
        review_alert(
            reviewer=actor,
            alert=alert,
            outcome=ReviewOutcome.POSSIBLE_BREACH,
            note=f"Escalated to breach {breach.reference}",
        )
    return breach


@transaction.atomic
def assess_risk(
    *,
    actor,
    breach: Breach,
    risk: str,
    risk_reasoning: str,
    likely_consequences: str = "",
    what_to_tell_people: str = "",
) -> Breach:
    _require(actor, breach.programme)
    errors: dict[str, list[str]] = {}
    if risk not in Risk.values:
        errors["risk"] = ["Select the risk to the people affected"]
    if not _text(risk_reasoning):
        errors["risk_reasoning"] = ["Enter why you judged the risk at that level"]
    if risk in (Risk.RISK, Risk.HIGH) and not (
        _text(likely_consequences) or breach.likely_consequences
    ):
        errors["likely_consequences"] = ["Enter the likely consequences for the people affected"]
    if risk == Risk.HIGH and not _text(what_to_tell_people):
        errors["what_to_tell_people"] = [
            "The risk is high: enter what happened in words for the people affected, for "
            "their letters"
        ]
    if errors:
        raise ValidationError(errors)
    breach.risk, breach.risk_reasoning = risk, _text(risk_reasoning)
    breach.what_to_tell_people = _text(what_to_tell_people)
    if _text(likely_consequences):
        breach.likely_consequences = _text(likely_consequences)
    breach.assessed_at, breach.assessed_by = timezone.now(), actor
    breach.save()
    _audit(
        actor, "assess", ["risk", "risk_reasoning", "likely_consequences", "what_to_tell_people"]
    )
    return breach


@transaction.atomic
def decide(*, actor, breach: Breach, decision: str, reason: str) -> Breach:
    """Report to the ICO, or not: either way, with the reason (Art 33(5): every breach and
    every decision not to report is documented)."""
    _require(actor, breach.programme)
    errors: dict[str, list[str]] = {}
    if not breach.risk:
        errors["decision"] = ["Assess the risk to people before deciding whether to report"]
    if decision not in Decision.values:
        errors.setdefault("decision", []).append("Select whether to report the breach to the ICO")
    if not _text(reason):
        errors["reason"] = [
            "Enter why the breach will not be reported to the ICO"
            if decision == Decision.DO_NOT_REPORT
            else "Enter the reason for the decision"
        ]
    if breach.reported_at:
        errors["decision"] = ["The breach has already been reported to the ICO"]
    if errors:
        raise ValidationError(errors)
    breach.decision, breach.decision_reason = decision, _text(reason)
    breach.decided_at, breach.decided_by = timezone.now(), actor
    breach.save(update_fields=["decision", "decision_reason", "decided_at", "decided_by"])
    _audit(actor, "decide", ["decision", "decision_reason"])
    return breach


@transaction.atomic
def record_report(
    *,
    actor,
    breach: Breach,
    reported_at: datetime.datetime | None,
    ico_reference: str = "",
    delay_reason: str = "",
) -> Breach:
    """The breach reported to the ICO. After the 72 hours, the reason for the delay is
    required (Art 33(1))."""
    _require(actor, breach.programme)
    errors: dict[str, list[str]] = {}
    if breach.decision != Decision.REPORT:
        errors["reported_at"] = ["Decide to report the breach before recording the report"]
    if reported_at is None:
        errors.setdefault("reported_at", []).append("Enter when the breach was reported")
    elif reported_at > timezone.now():
        errors.setdefault("reported_at", []).append("When it was reported must be in the past")
    elif reported_at < breach.aware_at:
        errors.setdefault("reported_at", []).append(
            "When it was reported cannot be before you became aware of the breach"
        )
    elif reported_at > breach.report_due_at and not _text(delay_reason):
        errors["delay_reason"] = [
            "The breach was reported more than 72 hours after you became aware of it: "
            "enter the reason for the delay"
        ]
    if errors:
        raise ValidationError(errors)
    breach.reported_at = reported_at
    breach.delay_reason = _text(delay_reason) if reported_at > breach.report_due_at else ""
    if _text(ico_reference):
        breach.ico_reference = _text(ico_reference)[:50]
    breach.save(update_fields=["reported_at", "delay_reason", "ico_reference"])
    _audit(actor, "report", ["reported_at", "delay_reason", "ico_reference"])
    return breach


@transaction.atomic
def link_people(*, actor, breach: Breach, participants) -> int:
    """Link participants affected (each in the breach's programme and the user's scope)."""
    _require(actor, breach.programme)
    ids = [p.pk for p in participants]
    visible = set(
        participants_visible_to(actor)
        .filter(pk__in=ids, programme_id=breach.programme_id)
        .values_list("pk", flat=True)
    )
    if set(ids) - visible:
        raise ValidationError({"participants": ["Choose participants of this programme"]})
    already = set(breach.people.values_list("participant_id", flat=True))
    new = [AffectedPerson(breach=breach, participant_id=pk) for pk in ids if pk not in already]
    AffectedPerson.objects.bulk_create(new)
    if new:
        _audit(actor, "link_people", ["people"], participants=[p.participant_id for p in new])
    return len(new)


@transaction.atomic
def set_unidentified(*, actor, breach: Breach, count: int | None) -> Breach:
    _require(actor, breach.programme)
    if count is None or count < 0:
        raise ValidationError({"count": ["Enter the number of people who cannot be identified"]})
    breach.unidentified_people = count
    breach.save(update_fields=["unidentified_people"])
    _audit(actor, "count_people", ["unidentified_people"])
    return breach


@transaction.atomic
def record_person_told(*, actor, breach: Breach, person: AffectedPerson, how: str) -> None:
    _require(actor, breach.programme)
    if how not in TOLD_HOW:
        raise ValidationError({"how": ["Select how the letter was sent"]})
    if person.breach_id != breach.pk:
        raise ValidationError({"how": ["This person is not linked to the breach"]})
    person.told_at, person.told_how, person.told_by = timezone.now(), how, actor
    person.save(update_fields=["told_at", "told_how", "told_by"])
    _audit(actor, "tell_person", ["told_at", "told_how"], participants=[person.participant_id])


@transaction.atomic
def record_controller_told(
    *, actor, breach: Breach, organisation: str, how: str, told_at: datetime.datetime | None
) -> ControllerNotice:
    _require(actor, breach.programme)
    errors: dict[str, list[str]] = {}
    if organisation not in selectors.other_controllers(breach):
        errors["organisation"] = ["Select one of the programme's controllers"]
    if not _text(how):
        errors["how"] = ["Enter how they were told (for example, email to their DPO)"]
    if told_at is None:
        errors["told_at"] = ["Enter when they were told"]
    elif told_at > timezone.now():
        errors["told_at"] = ["When they were told must be now or in the past"]
    if breach.controllers_told.filter(organisation=organisation).exists():
        errors["organisation"] = [f"{organisation} has already been told"]
    if errors:
        raise ValidationError(errors)
    notice = ControllerNotice.objects.create(
        breach=breach,
        organisation=organisation,
        told_at=told_at,
        told_how=_text(how)[:100],
        told_by=actor,
    )
    _audit(actor, "tell_controller", ["organisation", "told_at"])
    return notice


@transaction.atomic
def close_breach(*, actor, breach: Breach) -> Breach:
    _require(actor, breach.programme)
    problems = []
    if not breach.decision:
        problems.append("Decide whether to report the breach to the ICO before closing it")
    elif breach.decision == Decision.REPORT and not breach.reported_at:
        problems.append("Record the report to the ICO before closing the breach")
    if breach.risk == Risk.HIGH and breach.people.filter(told_at=None).exists():
        problems.append("The risk is high: tell every person affected before closing the breach")
    if problems:
        raise ValidationError(problems)
    breach.status, breach.closed_at = Status.CLOSED, timezone.now()
    breach.save(update_fields=["status", "closed_at"])
    _audit(actor, "close", ["status"])
    return breach


def count_people_disposed_of(affected) -> None:
    """Before the disposal engine deletes the people a breach affected (their records' retention
    ended, or they were erased), each breach counts them among the people it can no longer name,
    so the register's number of people affected stays what it was (Art 33(5))."""
    for row in affected.values("breach_id").annotate(n=RowCount("id")):
        Breach.objects.filter(pk=row["breach_id"]).update(
            unidentified_people=Coalesce(F("unidentified_people"), 0) + row["n"]
        )
