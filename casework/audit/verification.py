"""Walking the audit chain: every event must follow its predecessor without a gap, name the
predecessor's hash, and carry the HMAC of its own contents. Reads in keyset-paginated batches,
so memory stays constant however long the trail."""

from collections.abc import Callable
from dataclasses import dataclass

from casework.audit import chain
from casework.audit.models import AuditChainHead, AuditEvent

DEFAULT_BATCH_SIZE = 20_000


@dataclass(frozen=True)
class BrokenLink:
    sequence: int
    reason: str

    def __str__(self) -> str:
        return f"event #{self.sequence}: {self.reason}"


@dataclass(frozen=True)
class Verification:
    checked: int
    broken: BrokenLink | None

    @property
    def intact(self) -> bool:
        return self.broken is None


def _broken(sequence: int, reason: str) -> Verification:
    """Every event before `sequence` was checked and found intact."""
    return Verification(sequence - 1, BrokenLink(sequence, reason))


def verify_chain(
    *, batch_size: int = DEFAULT_BATCH_SIZE, progress: Callable[[int], None] | None = None
) -> Verification:
    key = chain.audit_key()
    event_hash = chain.event_hash
    columns = (*chain.CHAINED_FIELDS, "hash")
    expected, previous, checked = 1, chain.GENESIS_HASH, 0
    while True:
        batch = list(
            AuditEvent.objects.filter(sequence__gte=expected)
            .order_by("sequence")
            .values_list(*columns)[:batch_size]
        )
        if not batch:
            break
        for row in batch:
            sequence = row[0]
            if sequence != expected:
                return _broken(expected, f"missing: the trail jumps to #{sequence}")
            if row[11] != previous:
                return _broken(sequence, "does not link to the previous event's hash")
            stored = row[12]
            if event_hash(key, row[:12]) != stored:
                return _broken(sequence, "its hash does not match its contents: it was changed")
            previous, expected = stored, sequence + 1
        checked += len(batch)
        if progress:
            progress(checked)
    head = AuditChainHead.objects.filter(pk=1).values_list("sequence", "hash").first()
    if head is not None and head != (expected - 1, previous):
        return _broken(
            expected, f"missing: the chain head records #{head[0]}, the trail ends before it"
        )
    return Verification(checked, None)
