"""Writing audit events. `record_event` writes in the caller's transaction: if the event cannot
be written, the read or change it describes fails with it."""

import ipaddress
import uuid
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from casework.audit import chain
from casework.audit.context import current_request
from casework.audit.models import Action, AuditChainHead, AuditEvent

USER_AGENT_MAX = 300


def _actor_and_label(actor, actor_label: str) -> tuple[object | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, actor_label
    return actor, actor_label or actor.get_username()


def _source_ip(request) -> str:
    raw = (request.META.get("REMOTE_ADDR") or "") if request is not None else ""
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return ""


def _user_agent(request) -> str:
    if request is None:
        return ""
    return chain.clean_text(request.META.get("HTTP_USER_AGENT"), USER_AGENT_MAX)


def _participant_id(participant) -> str | None:
    if participant is None:
        return None
    return str(uuid.UUID(str(getattr(participant, "pk", participant))))


def _lock_head() -> AuditChainHead:
    """The chain head, locked for the rest of the transaction (on SQLite the transaction's
    write lock does the same). Created from the newest event if missing (a new database, or
    after a test-suite flush)."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        last = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
        sequence, last_hash = last or (0, chain.GENESIS_HASH)
        AuditChainHead.objects.get_or_create(
            pk=1, defaults={"sequence": sequence, "hash": last_hash}
        )
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


@transaction.atomic
def record_event(
    *,
    actor,
    action: Action | str,
    participant=None,
    participants: Iterable = (),
    purpose: str,
    changed_fields: Iterable[str] = (),
    request=None,
    actor_label: str = "",
) -> AuditEvent:
    """Write one audit event, chained to the previous one. `changed_fields` are field NAMES;
    values are never recorded. `participants` lists the participants (or their ids) of an event
    about many of them, such as a search result or a page of a list."""
    key = chain.audit_key()
    action = Action(action)
    request = request if request is not None else current_request()
    actor, actor_label = _actor_and_label(actor, actor_label)
    head = _lock_head()
    event = AuditEvent(
        sequence=head.sequence + 1,
        occurred_at=timezone.now(),
        actor=actor,
        actor_label=chain.clean_text(actor_label, 254),
        action=action.value,
        participant_id=_participant_id(participant),
        participant_ids=[_participant_id(p) for p in participants],
        purpose=chain.clean_text(purpose, 40),
        changed_fields=sorted(set(changed_fields)),
        source_ip=_source_ip(request),
        user_agent=_user_agent(request),
        previous_hash=head.hash,
    )
    event.hash = chain.event_hash(key, (getattr(event, name) for name in chain.CHAINED_FIELDS))
    event.save(force_insert=True)
    head.sequence, head.hash = event.sequence, event.hash
    head.save(update_fields=["sequence", "hash"])
    return event
