"""The one place the participant journey writes its audit events.

Every write service in casework.journey calls `_audit(actor, action, participant,
changed_fields)` exactly once, inside its transaction: one audit event (field names only, never
values), chained like every other (casework.audit).
"""

from collections.abc import Iterable

from casework.audit.models import Action, Purpose
from casework.audit.services import record_event


def _audit(actor, action: str, participant, changed_fields: Iterable[str]) -> None:
    """Record that `actor` did `action` (e.g. "journey.job.start") to `participant`'s record,
    changing `changed_fields` (names only)."""
    record_event(
        actor=actor,
        action=Action.PARTICIPANT_RECORD,
        participant=participant,
        purpose=action[:40] or Purpose.EDITING,
        changed_fields=changed_fields,
    )
