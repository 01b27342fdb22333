"""The one place the participant journey writes its audit events.

Every write service in casework.journey (and the exit / re-engagement transitions) calls
`_audit(actor, action, participant, changed_fields)` exactly once, inside its transaction.
For now it does nothing: it is wired to casework.audit.services.record_event when issue 3
lands, so the lead connects the whole journey to the audit trail by changing this function only.
"""

from collections.abc import Iterable


def _audit(actor, action: str, participant, changed_fields: Iterable[str]) -> None:
    """Record that `actor` did `action` (e.g. "journey.job.start") to `participant`'s record,
    changing `changed_fields` (names only, never values). Wired to
    casework.audit.services.record_event when issue 3 lands."""
    return None
