"""Reads of the disclosure log, scoped to the acting user: a participant's disclosures through
the participant scope, the programme's log for roles that may see it (the DPO, the auditor),
and the agreements as the register declares them."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from casework.access.permissions import Action, require_permission
from casework.access.selectors import participant_scope, participants_visible_to
from casework.disclosures import rules
from casework.disclosures.models import (
    Disclosure,
    DisclosureStatus,
    SafeguardingDisclosure,
    SafeguardingStatus,
)
from casework.participants.selectors import record_listed
from casework.register.config import Recipient
from casework.register.selectors import current_config

WARN_DAYS = 60


def declared_recipients(programme, kind: str) -> list[Recipient]:
    """The programme's recipients a kind of disclosure may go to (for a page's choices)."""
    config = current_config(programme)
    if config is None:
        return []
    return [r for r in config.recipients if r.type in rules.RECIPIENT_TYPES[kind]]


def agreement_purposes(programme, recipients) -> list[tuple[str, str]]:
    """The programme's purposes the recipients' agreements cover, as (key, description)."""
    config = current_config(programme)
    covered = {p for r in recipients if r.agreement for p in r.agreement.purposes}
    return [(p.key, p.description) for p in config.purposes if p.key in covered] if config else []


def disclosures_of(user, participant) -> list[Disclosure]:
    """The disclosures about a participant the caller has already read through the scoped
    selector, newest first (one of many people in an extract included)."""
    return list(
        Disclosure.objects.filter(participants=participant)
        .select_related("disclosed_by", "document")
        .prefetch_related("safeguarding")
        .order_by("-disclosed_at")
    )


def safeguarding_of(user, participant) -> list[SafeguardingDisclosure]:
    return list(
        SafeguardingDisclosure.objects.filter(participant=participant).select_related(
            "requested_by", "approved_by", "disclosure"
        )
    )


def safeguarding_record(user, participant, record_id) -> SafeguardingDisclosure:
    try:
        return SafeguardingDisclosure.objects.select_related(
            "requested_by", "approved_by", "disclosure"
        ).get(participant=participant, pk=record_id)
    except (SafeguardingDisclosure.DoesNotExist, ValidationError, ValueError):
        raise Http404("No such disclosure") from None


@dataclass
class FieldRecipients:
    """Art 19: who received one field of the participant's data, so a correction, erasure or
    restriction can be passed on."""

    field: str
    label: str
    recipients: list[tuple[str, str, datetime.datetime]] = field(default_factory=list)


def recipients_by_field(user, participant) -> list[FieldRecipients]:
    """For each field of the participant that has left Casework, the recipients (register key,
    named organisation, last sent) that received it. Emails that failed are not counted."""
    by_field: dict[str, dict[tuple[str, str], datetime.datetime]] = defaultdict(dict)
    rows = (
        Disclosure.objects.filter(participants=participant)
        .exclude(status=DisclosureStatus.NOT_SENT)
        .values_list("fields", "recipient_key", "recipient_name", "disclosed_at")
    )
    for fields, key, name, when in rows:
        for reference in fields:
            seen = by_field[reference]
            if (key, name) not in seen or seen[(key, name)] < when:
                seen[(key, name)] = when
    return [
        FieldRecipients(
            reference,
            rules.field_label(reference),
            sorted(((k, n, w) for (k, n), w in seen.items()), key=lambda r: r[2], reverse=True),
        )
        for reference, seen in sorted(by_field.items(), key=lambda i: rules.field_label(i[0]))
    ]


def recipients_to_tell(user, participant, fields) -> list[tuple[str, str]]:
    """The recipients (key, named organisation) that received any of `fields`: who a service
    correcting those fields must pass the correction on to."""
    wanted = set(fields)
    found: dict[tuple[str, str], None] = {}
    for row in recipients_by_field(user, participant):
        if row.field in wanted:
            for key, name, _ in row.recipients:
                found[(key, name)] = None
    return list(found)


@dataclass(frozen=True)
class LogFilters:
    kind: str = ""
    recipient: str = ""
    agreement: str = ""
    status: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


def disclosure_log(user, programme, filters: LogFilters = LogFilters()) -> QuerySet[Disclosure]:
    """The programme's disclosures, newest first, for roles that may see the log."""
    require_permission(user, Action.VIEW_DISCLOSURE_LOG, programme)
    log = Disclosure.objects.filter(programme=programme).select_related("disclosed_by")
    if filters.kind:
        log = log.filter(kind=filters.kind)
    if filters.recipient:
        log = log.filter(recipient_key=filters.recipient)
    if filters.agreement:
        log = log.filter(agreement_reference=filters.agreement)
    if filters.status:
        log = log.filter(status=filters.status)
    if filters.since:
        log = log.filter(disclosed_at__date__gte=filters.since)
    if filters.until:
        log = log.filter(disclosed_at__date__lte=filters.until)
    return log.order_by("-disclosed_at", "-id")


def with_people(user, disclosures: list[Disclosure], *, purpose: str) -> dict:
    """The participants of each disclosure on a page of the log (names for single-person
    disclosures), read in one query and recorded as one audited list."""
    through = Disclosure.participants.through
    pairs = through.objects.filter(
        disclosure_id__in=[d.pk for d in disclosures if d.participant_count == 1]
    ).select_related("participant")
    people = {pair.disclosure_id: pair.participant for pair in pairs}
    if people:
        record_listed(user, list(people.values()), purpose=purpose)
    return people


@dataclass(frozen=True)
class AgreementRow:
    recipient: Recipient
    reference: str
    categories: tuple[str, ...]
    purposes: tuple[str, ...]
    starts_on: datetime.date
    expires_on: datetime.date
    state: str  # in_force, expiring, expired, not_started
    days_left: int
    disclosures: int

    @property
    def category_labels(self) -> list[str]:
        return [rules.category_label(key) for key in self.categories]


def agreement_state(starts_on, expires_on, today) -> str:
    if today < starts_on:
        return "not_started"
    if today > expires_on:
        return "expired"
    if (expires_on - today).days <= WARN_DAYS:
        return "expiring"
    return "in_force"


def agreements(programme, today: datetime.date | None = None) -> list[AgreementRow]:
    """The programme's data-sharing agreements as its register declares them, with their state
    today and how many disclosures each has carried."""
    today = today or timezone.localdate()
    config = current_config(programme)
    if config is None:
        return []
    counts = dict(
        Disclosure.objects.filter(programme=programme)
        .exclude(agreement_reference="")
        .values_list("agreement_reference")
        .annotate(n=Count("id"))
    )
    rows = []
    for recipient in config.recipients:
        agreement = recipient.agreement
        if agreement is None:
            continue
        rows.append(
            AgreementRow(
                recipient=recipient,
                reference=agreement.reference,
                categories=tuple(agreement.categories),
                purposes=tuple(agreement.purposes),
                starts_on=agreement.starts_on,
                expires_on=agreement.expires_on,
                state=agreement_state(agreement.starts_on, agreement.expires_on, today),
                days_left=(agreement.expires_on - today).days,
                disclosures=counts.get(agreement.reference, 0),
            )
        )
    return sorted(rows, key=lambda r: r.expires_on)


def gateways(programme) -> list[Recipient]:
    config = current_config(programme)
    return [r for r in config.recipients if r.legal_gateway] if config else []


def awaiting_approval(user) -> list[SafeguardingDisclosure]:
    """Safeguarding disclosures waiting for a second person, of participants the user can see,
    in programmes where they may approve; not their own requests."""
    from casework.access.permissions import programmes_where

    return list(
        SafeguardingDisclosure.objects.filter(
            status=SafeguardingStatus.AWAITING_APPROVAL,
            participant__in=participants_visible_to(user),
            participant__programme_id__in=programmes_where(user, Action.APPROVE_DISCLOSURE),
        )
        .exclude(requested_by=user)
        .select_related("participant", "requested_by")
        .order_by("requested_at")
    )


def extract_population(user, programme) -> list:
    """Who a data-matching extract holds: the programme's participants the user can see, less
    those whose processing is restricted (Art 18) — they are left out of every extract."""
    from casework.participants.models import Participant
    from casework.rights.selectors import without_restricted

    return list(
        without_restricted(
            Participant.objects.filter(participant_scope(user), programme=programme)
        ).order_by("last_name", "first_name", "id")
    )


@dataclass(frozen=True)
class Refusal:
    when: datetime.datetime
    by: str
    check: str
    participant: object


REFUSAL_PREFIX = "disclosure refused: "


def refusals(user, programme, limit: int = 50) -> list[Refusal]:
    """The latest disclosures the gate refused in the programme (from the audit trail, where the
    gate records each refusal), for roles that may see the log."""
    from casework.audit.models import Action as AuditAction
    from casework.audit.models import AuditEvent
    from casework.participants.models import Participant

    require_permission(user, Action.VIEW_DISCLOSURE_LOG, programme)
    events = list(
        AuditEvent.objects.filter(
            action=AuditAction.PERMISSION_DENIED,
            purpose__startswith=REFUSAL_PREFIX,
            participant_id__in=Participant.objects.filter(programme=programme).values("pk"),
        ).order_by("-id")[:limit]
    )
    people = Participant.objects.in_bulk({e.participant_id for e in events})
    if people:
        record_listed(user, list(people.values()), purpose="disclosure_refusals")
    return [
        Refusal(
            e.occurred_at,
            e.actor_label,
            e.purpose.removeprefix(REFUSAL_PREFIX),
            people.get(e.participant_id),
        )
        for e in events
    ]


def counts_by_kind(programme) -> dict[str, int]:
    return dict(
        Disclosure.objects.filter(programme=programme)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
