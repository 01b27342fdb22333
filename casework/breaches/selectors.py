"""Reads of the breach register: only for roles with `manage breaches` in the breach's
programme (the data protection officer); another programme's breach answers 404."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from casework.access.permissions import Action, has_permission, programmes_where
from casework.access.selectors import participants_visible_to
from casework.audit.models import Action as AuditAction
from casework.audit.models import Alert, AlertRule, AuditEvent
from casework.audit.services import record_event
from casework.breaches.models import AffectedPerson, Breach, Status
from casework.oversight.selectors import alerts_visible_to
from casework.participants.models import Participant
from casework.register.categories import CATEGORIES
from casework.register.selectors import current_config


def can_manage_breaches(user, programme=None) -> bool:
    return has_permission(user, Action.MANAGE_BREACHES, programme)


def require_manager(user) -> None:
    if not can_manage_breaches(user):
        raise PermissionDenied(f"Your role does not allow you to {Action.MANAGE_BREACHES.label}.")


def breaches_visible_to(user) -> QuerySet[Breach]:
    return Breach.objects.filter(
        programme_id__in=programmes_where(user, Action.MANAGE_BREACHES)
    ).select_related("programme", "source_alert")


def get_breach(user, breach_id) -> Breach:
    require_manager(user)
    try:
        return breaches_visible_to(user).get(pk=breach_id)
    except (Breach.DoesNotExist, ValueError):
        raise Http404("No breach found") from None


def open_breaches(user) -> QuerySet[Breach]:
    return breaches_visible_to(user).filter(status=Status.OPEN).order_by("aware_at")


def people_affected(user, breach: Breach) -> list[AffectedPerson]:
    """The participants linked to the breach, each shown only if the user may see them (the
    rest are counted, never named). Listing them is audited."""
    people = list(
        breach.people.filter(participant__in=participants_visible_to(user)).select_related(
            "participant"
        )
    )
    if people:
        record_event(
            actor=user,
            action=AuditAction.PARTICIPANT_READ,
            participants=[p.participant_id for p in people],
            purpose="breach.people",
        )
    return people


def affected_person(user, breach: Breach, person_id) -> AffectedPerson:
    try:
        person = (
            breach.people.filter(participant__in=participants_visible_to(user))
            .select_related("participant", "participant__programme")
            .get(pk=person_id)
        )
    except (AffectedPerson.DoesNotExist, ValueError):
        raise Http404("No such person") from None
    record_event(
        actor=user,
        action=AuditAction.PARTICIPANT_READ,
        participant=person.participant,
        purpose="breach.letter",
    )
    return person


def special_data(breach: Breach) -> dict[str, list[str]]:
    """The breach's categories of personal data that are special category (Art 9) or criminal
    offence (Art 10) data, by the register's classification."""
    chosen = [CATEGORIES[k] for k in breach.data_categories if k in CATEGORIES]
    return {
        "special_category": [c.label for c in chosen if c.special_category],
        "criminal_offence": [c.label for c in chosen if c.criminal_offence],
    }


def other_controllers(breach: Breach) -> list[str]:
    """The programme's controllers to tell, from its register: the accountable body, the joint
    controllers and the government department."""
    config = current_config(breach.programme)
    if config is None:
        return []
    c = config.controllers
    names = [c.accountable_body.name, *(j.name for j in c.joint_controllers)]
    names.append(c.government_department.name)
    return list(dict.fromkeys(names))


def ico_contact(programme):
    config = current_config(programme)
    return config.ico if config else None


def dpo_contact(programme):
    config = current_config(programme)
    return (config.dpo or config.rights_contact) if config else None


# --- From monitoring to a breach ----------------------------------------------------------

_RULE_ACTIONS = {
    AlertRule.OUTSIDE_CASELOAD: [AuditAction.PARTICIPANT_READ],
    AlertRule.MANY_RECORDS: [AuditAction.PARTICIPANT_READ],
    AlertRule.OUT_OF_HOURS: [AuditAction.PARTICIPANT_READ],
    AlertRule.REPEATED_DENIALS: [AuditAction.PERMISSION_DENIED, AuditAction.SIGN_IN_FAILED],
    AlertRule.BREAK_GLASS: [AuditAction.BREAK_GLASS],
    AlertRule.EXPORT: [AuditAction.EXPORT],
}
_SINGLE_EVENT_RULES = (AlertRule.BREAK_GLASS, AlertRule.EXPORT)


def alert_for_breach(user, alert_id) -> Alert:
    require_manager(user)
    try:
        return alerts_visible_to(user).get(pk=alert_id)
    except (Alert.DoesNotExist, ValueError):
        raise Http404("No such alert") from None


def alerts_to_escalate(user) -> QuerySet[Alert]:
    """Alerts not yet reviewed, or reviewed as a possible breach, with no breach raised yet."""
    raised = Breach.objects.exclude(source_alert=None).values("source_alert_id")
    return (
        alerts_visible_to(user)
        .filter(Q(outcome="") | Q(outcome="possible_breach"))
        .exclude(pk__in=raised)
    )


def events_of_alert(alert: Alert) -> QuerySet[AuditEvent]:
    """The audit events the alert is about: the member of staff's events of the rule's kind
    in its hour (or the one event, for break-glass and exports)."""
    events = AuditEvent.objects.filter(action__in=_RULE_ACTIONS[alert.rule])
    if alert.rule in _SINGLE_EVENT_RULES:
        return events.filter(id=alert.first_sequence)
    until = alert.window_start + datetime.timedelta(hours=1)
    events = events.filter(
        occurred_at__gte=alert.window_start,
        occurred_at__lt=until,
        id__gte=alert.first_sequence,
    )
    if alert.rule == AlertRule.OUTSIDE_CASELOAD and alert.actor_id:
        # Only the records outside their caseload, not their own participants opened too.
        caseload = Participant.objects.filter(assigned_specialist_id=alert.actor_id)
        events = events.exclude(participant_id__in=caseload.values("pk"))
    if alert.actor_id:
        return events.filter(actor_id=alert.actor_id)
    return events.filter(actor=None, actor_label=alert.actor_label)


def participants_of_events(user, sequences: list[int]) -> QuerySet:
    """The participants the events name, as far as the user may see them."""
    ids = set()
    for event in AuditEvent.objects.filter(id__in=sequences).values(
        "participant_id", "participant_ids"
    ):
        if event["participant_id"]:
            ids.add(str(event["participant_id"]))
        ids.update(str(p) for p in event["participant_ids"] or [])
    return participants_visible_to(user).filter(pk__in=ids)
