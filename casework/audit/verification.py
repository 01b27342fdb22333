"""Walking the audit chain: every event must follow its predecessor without a gap, name the
predecessor's hash, and carry the HMAC of its own contents. Reads in keyset-paginated batches,
so memory stays constant however long the trail. On PostgreSQL the database builds each event's
canonical text (chain.CANONICAL_STRICT_SQL), a batch is checked a column at a time and only a
batch that does not pass is walked event by event (decision 0215), and `workers` > 1 checks
ranges of the trail in parallel processes (each range's first link is then checked against the
previous range's last hash).

Only sealed events are in the chain; events still waiting for the sealer are counted (with the
time of the oldest) so that a sealer that has stopped, or a transaction holding it back, shows."""

import datetime
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from operator import itemgetter

import psycopg
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


# The walk's query: each event's stored hash and its canonical text (chain.CANONICAL_STRICT_SQL)
# as UTF-8 bytes, bytea in the binary format: two values a row to convert, no decoding to str
# and encoding back for the HMAC. The position and the link are read from the text itself once
# its HMAC has matched (`_batch_intact`).
_WALK_SQL = (
    f"SELECT convert_to(hash, 'UTF8'), convert_to({chain.CANONICAL_STRICT_SQL}, 'UTF8') "  # noqa: S608
    "FROM audit_auditevent WHERE sequence >= %s AND sequence < %s ORDER BY sequence"
)
# Every column the checks read, one event at a time, for a batch that `_batch_intact` did not
# pass: its position, the hash it links to, its stored hash and its canonical text (NULL when a
# field is NULL: concat_ws would skip the field, and another's text could take its place).
_EXACT_SQL = (
    f"SELECT sequence, previous_hash, hash, convert_to({chain.CANONICAL_STRICT_SQL}, 'UTF8') "  # noqa: S608
    "FROM audit_auditevent WHERE sequence >= %s AND sequence < %s ORDER BY sequence"
)


_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def _fetch(raw, sql: str, start: int, end: int) -> list[tuple]:
    """`raw`: this thread's psycopg connection (`connection.connection`; a thread of its own
    would see its own, unopened, Django connection). A plain psycopg cursor: Django's binds
    parameters client-side, which has no binary results. psycopg serialises the queries of
    the prefetch thread and of this one on the connection."""
    with psycopg.Cursor(raw) as cursor:
        cursor.execute(sql, [start, end], binary=True)
        return cursor.fetchall()


def _rows_postgresql(first: int, last: int, batch_size: int) -> Iterator[tuple[int, int, list]]:
    """Batches of sequence ranges [start, end) = [first, first + batch_size) … as (start, end,
    rows of _WALK_SQL). The next batch is fetched in a thread while the caller hashes this one:
    the database builds the canonical texts (on the other core) while Python computes the
    HMACs. A gap in the sequence is the caller's to find; a range may come back short or
    empty."""
    connection.ensure_connection()
    raw = connection.connection

    def fetch(start: int) -> tuple[int, int, list]:
        end = min(start + batch_size, last + 1)
        return start, end, _fetch(raw, _WALK_SQL, start, end)

    with ThreadPoolExecutor(max_workers=1) as prefetch:
        pending = prefetch.submit(fetch, first)
        while first <= last:
            batch = pending.result()
            first += batch_size
            if first <= last:
                pending = prefetch.submit(fetch, first)
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
        yield [(r[0], r[11], r[12], canonical(r[:12]).encode("utf-8")) for r in rows]
        first = rows[-1][0] + 1


@dataclass(frozen=True)
class _Range:
    first: int
    last: int
    first_previous: str | None  # the hash the range's first event must link to (None: unknown)
    closing_hash: str | None  # the hash of the range's last event, for the next range


@dataclass
class _Walk:
    """Where a walk through one range has got to."""

    expected: int  # the next event's sequence
    previous: str | None  # the hash of the last event checked
    first_previous: str | None = None


def _batch_intact(rows: list[tuple], walk: _Walk, pads: tuple) -> bool:
    """Whether the checks `_walk_batch` makes would all pass for this batch (rows of
    _WALK_SQL), checked a column at a time: the HMACs in one comprehension, the rest list and
    bytes comparisons in C. False as soon as anything differs (the caller then walks the batch
    event by event, from every column, to name the first broken link and why).

    Sound because every text is checked against its hash first. A text with a matching HMAC is
    one the sealer wrote: 12 fields, none NULL (CANONICAL_STRICT_SQL is NULL otherwise) and
    none holding the separator (the sealer's texts have exactly 11), so it starts with the
    stored `sequence` and ends with the stored `previous_hash`, both as sealed. The first text
    must start with the expected position, each must end with the previous event's hash, so
    every event is the sealed successor of the one before: the next position, linked."""
    hashes, texts = list(map(_FIRST, rows)), list(map(_SECOND, rows))
    try:  # a NULL text or hash (None) raises TypeError
        if "\n".join(chain.hex_macs(pads, texts)).encode("ascii") != b"\n".join(hashes):
            return False  # (hashes cannot hold "\n" either: the counts would differ)
    except TypeError:
        return False
    if not texts[0].startswith(b"%d\x1f" % walk.expected):
        return False
    if walk.first_previous is not None and not texts[0].endswith(walk.previous.encode("ascii")):
        return False
    return all(map(bytes.endswith, texts[1:], hashes))  # each linked to the one before


def _walk_batch(rows: list[tuple], walk: _Walk, pads: tuple) -> BrokenLink | None:
    """The checks, one event at a time (rows of _EXACT_SQL), in the order that names the first
    broken link."""
    for sequence, previous_hash, stored, text in rows:
        if sequence != walk.expected:
            return BrokenLink(walk.expected, f"missing: the trail jumps to #{sequence}")
        if walk.first_previous is None:
            walk.first_previous = previous_hash
        elif previous_hash != walk.previous:
            return BrokenLink(sequence, "does not link to the previous event's hash")
        if text is None or chain.hex_macs(pads, [text])[0] != stored:
            return BrokenLink(sequence, "its hash does not match its contents (changed)")
        walk.previous, walk.expected = stored, sequence + 1
    return None


def _walk(
    first: int, last: int, batch_size: int, walk: _Walk, progress: Callable[[int], None] | None
) -> BrokenLink | None:
    pads = chain.hmac_pads(chain.audit_key())
    if connection.vendor != "postgresql":  # SQLite: every column, one event at a time
        for rows in _rows_portable(first, last, batch_size):
            if (broken := _walk_batch(rows, walk, pads)) is not None:
                return broken
            if progress:
                progress(walk.expected - first)
        return None
    for start, end, rows in _rows_postgresql(first, last, batch_size):
        if not rows:
            continue  # the next batch's first event (or the end) shows the gap
        if _batch_intact(rows, walk, pads):
            if walk.first_previous is None:
                walk.first_previous = rows[0][1][-64:].decode("ascii")
            walk.previous, walk.expected = rows[-1][0].decode("ascii"), walk.expected + len(rows)
        elif (
            broken := _walk_batch(_fetch(connection.connection, _EXACT_SQL, start, end), walk, pads)
        ) is not None:
            return broken
        if progress:
            progress(walk.expected - first)
    return None


def _check_range(
    first: int,
    last: int,
    previous: str | None,
    batch_size: int,
    progress: Callable[[int], None] | None = None,
) -> tuple[_Range, BrokenLink | None]:
    walk = _Walk(first, previous)
    broken = _walk(first, last, batch_size, walk, progress)
    if broken is None and walk.expected != last + 1:
        broken = BrokenLink(walk.expected, f"missing: the trail ends before #{last}")
    return _Range(first, last, walk.first_previous, walk.previous), broken


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
