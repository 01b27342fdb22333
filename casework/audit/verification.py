"""Walking the audit chain: every event must follow its predecessor without a gap, name the
predecessor's hash, and carry the HMAC of its own contents. Reads in keyset-paginated batches,
so memory stays constant however long the trail. On PostgreSQL the database builds each event's
canonical text (chain.CANONICAL_SQL), and `workers` > 1 checks ranges of the trail in parallel
processes (each range's first link is then checked against the previous range's last hash).

Only sealed events are in the chain; events still waiting for the sealer are counted (with the
time of the oldest) so that a sealer that has stopped, or a transaction holding it back, shows."""

import datetime
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import connection, connections
from django.db.models import Count, Max, Min

from casework.audit import chain
from casework.audit.models import AuditChainHead, AuditEvent

DEFAULT_BATCH_SIZE = 20_000
# Below this many events one process is quick enough; above it, `workers=None` uses every core.
PARALLEL_FROM = 200_000


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
    unsealed: int = 0  # events written but not sealed into the chain yet
    oldest_unsealed: datetime.datetime | None = None

    @property
    def intact(self) -> bool:
        return self.broken is None


def _rows_postgresql(first: int, last: int, batch_size: int) -> Iterator[list[tuple]]:
    """Batches of sequence ranges [first, first + batch_size). The next batch is fetched in a
    thread while the caller hashes this one: the database builds the canonical texts (on the
    other core) while Python computes the HMACs. A gap in the sequence is the caller's to find,
    as before; a range may come back short or empty."""
    sql = (
        f"SELECT sequence, previous_hash, hash, {chain.CANONICAL_SQL} "  # noqa: S608
        "FROM audit_auditevent WHERE sequence >= %s AND sequence < %s ORDER BY sequence"
    )
    connection.ensure_connection()
    raw = connection.connection  # one query at a time on it: the thread's, then the next

    def fetch(start: int) -> list[tuple]:
        with raw.cursor() as cursor:
            cursor.execute(sql, [start, min(start + batch_size, last + 1)])
            return cursor.fetchall()

    with ThreadPoolExecutor(max_workers=1) as prefetch:
        pending = prefetch.submit(fetch, first)
        while first <= last:
            batch = pending.result()
            first += batch_size
            if first <= last:
                pending = prefetch.submit(fetch, first)
            if batch:
                yield batch


def _rows_portable(first: int, last: int, batch_size: int) -> Iterator[list[tuple]]:
    canonical = chain.canonical
    while True:
        rows = list(
            AuditEvent.objects.filter(sequence__gte=first, sequence__lte=last)
            .order_by("sequence")
            .values_list(*chain.CHAINED_FIELDS, "hash")[:batch_size]
        )
        if not rows:
            return
        yield [(r[0], r[11], r[12], canonical(r[:12])) for r in rows]
        first = rows[-1][0] + 1


@dataclass(frozen=True)
class _Range:
    first: int
    last: int
    first_previous: str | None  # the hash the range's first event must link to (None: unknown)
    closing_hash: str | None  # the hash of the range's last event, for the next range


def _check_range(
    first: int,
    last: int,
    previous: str | None,
    batch_size: int,
    progress: Callable[[int], None] | None = None,
) -> tuple[_Range, BrokenLink | None]:
    rows = _rows_postgresql if connection.vendor == "postgresql" else _rows_portable
    base = chain.hasher(chain.audit_key())
    expected, first_previous = first, None
    for batch in rows(first, last, batch_size):
        for sequence, previous_hash, stored, text in batch:
            if sequence != expected:
                broken = BrokenLink(expected, f"missing: the trail jumps to #{sequence}")
                return _Range(first, last, first_previous, previous), broken
            if first_previous is None:
                first_previous = previous_hash
            elif previous_hash != previous:
                broken = BrokenLink(sequence, "does not link to the previous event's hash")
                return _Range(first, last, first_previous, previous), broken
            digest = base.copy()
            digest.update(text.encode("utf-8"))
            if digest.hexdigest() != stored:
                broken = BrokenLink(sequence, "its hash does not match its contents (changed)")
                return _Range(first, last, first_previous, previous), broken
            previous, expected = stored, sequence + 1
        if progress:
            progress(expected - first)
    if expected != last + 1:
        broken = BrokenLink(expected, f"missing: the trail ends before #{last}")
        return _Range(first, last, first_previous, previous), broken
    return _Range(first, last, first_previous, previous), None


def _check_range_in_worker(args) -> tuple[_Range, BrokenLink | None]:
    connections.close_all()  # a forked process must open its own connection
    try:
        return _check_range(*args)
    finally:
        connections.close_all()


def _broken(sequence: int, reason: str, waiting: dict) -> Verification:
    """Every event before `sequence` was checked and found intact."""
    return Verification(
        sequence - 1, BrokenLink(sequence, reason), waiting["count"], waiting["oldest"]
    )


def verify_chain(
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int | None = 1,
    progress: Callable[[int], None] | None = None,
) -> Verification:
    """`workers=None` chooses: every core for a long trail on PostgreSQL, unless called inside
    a transaction (other processes could not see what it has not committed)."""
    chain.audit_key()  # fail early without a key
    waiting = AuditEvent.objects.filter(sequence=None).aggregate(
        count=Count("id"), oldest=Min("occurred_at")
    )
    head = AuditChainHead.objects.filter(pk=1).values_list("sequence", "hash").first()
    newest = AuditEvent.objects.aggregate(newest=Max("sequence"))["newest"]
    last = max(newest or 0, head[0] if head else 0)
    if last == 0:
        return Verification(0, None, waiting["count"], waiting["oldest"])
    if workers is None:
        parallel = connection.vendor == "postgresql" and not connection.in_atomic_block
        workers = (os.cpu_count() or 1) if parallel and last >= PARALLEL_FROM else 1
    if workers > 1 and connection.vendor == "postgresql":
        step = -(-last // workers)
        ranges = [
            (start, min(start + step - 1, last), None, batch_size)
            for start in range(1, last + 1, step)
        ]
        connections.close_all()
        with multiprocessing.get_context("fork").Pool(len(ranges)) as pool:
            results = pool.map(_check_range_in_worker, ranges)
    else:
        results = [_check_range(1, last, None, batch_size, progress)]
    previous = chain.GENESIS_HASH
    for checked_range, broken in results:
        if checked_range.first_previous is not None and checked_range.first_previous != previous:
            return _broken(
                checked_range.first, "does not link to the previous event's hash", waiting
            )
        if broken is not None:
            return _broken(broken.sequence, broken.reason, waiting)
        previous = checked_range.closing_hash
    if head is not None and head != (last, previous):
        return _broken(last + 1, f"missing: the chain head records #{head[0]}", waiting)
    if progress and workers > 1:
        progress(last)
    return Verification(last, None, waiting["count"], waiting["oldest"])
