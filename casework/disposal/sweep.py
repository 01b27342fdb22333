"""The retention sweep: disposes of every record whose RetentionDue date has passed.

It reads only the due rows (an index on the date), a batch at a time in id order. Each batch is
one transaction, in which every record is either wholly disposed of or untouched; if the batch
fails it is retried one record per transaction, so one failing record is logged and skipped
while the others go. Killed at any moment (kill -9), the batch in flight rolls back and the
next sweep finds its rows still due: nothing is half-disposed and a rerun finishes the job.
Run twice at once, the second finds the lock taken and stops with a message."""

import contextlib
import datetime
import fcntl
import hashlib
import logging
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from casework.disposal import engine
from casework.disposal.models import (
    DisposalRun,
    LegalHold,
    Outcome,
    RetentionDue,
    RunKind,
    RunStatus,
)
from casework.disposal.schedule import (
    PARTICIPANT_VALUES,
    Rules,
    creation_cutoff,
    describe_rule,
    participant_due_on,
    rules_for,
    schedule_staff_accounts,
)
from casework.programmes.models import Programme
from casework.register.config import Anchor
from casework.register.record_types import RECORD_TYPES

logger = logging.getLogger("casework.disposal")

BATCH = 1000
LOCK_KEY = 0x4361736577_6F726B  # "Casework" as a number: the advisory lock's key


class SweepLocked(Exception):
    """Another sweep holds the lock."""


def lock_path() -> Path:
    """SQLite: the file whose lock says a sweep is running (beside the database file)."""
    name = str(connection.settings_dict["NAME"])
    if name.startswith("file:") or name == ":memory:" or "mode=memory" in name:
        # An in-memory database belongs to one process (two test processes each have their
        # own under the same name), so the process is part of the lock's name.
        digest = hashlib.sha256(f"{name}:{os.getpid()}".encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"casework-sweep-{digest}.lock"
    return Path(f"{name}.sweep-lock")


@contextlib.contextmanager
def sweep_lock():
    """One sweep at a time. PostgreSQL: a session advisory lock (released by the server if the
    process dies). SQLite: an exclusive lock on a file beside the database (released by the
    operating system if the process dies)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
            if not cursor.fetchone()[0]:
                raise SweepLocked("Another retention sweep is running; this one has stopped.")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        return
    path = lock_path()
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SweepLocked("Another retention sweep is running; this one has stopped.") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class SweepResult:
    run: DisposalRun
    due: int = 0
    processed: int = 0
    failed: int = 0
    counts: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        parts = ", ".join(
            f"{record_type} {Outcome(outcome).label.lower()}: {count}"
            for (record_type, outcome), count in sorted(self.counts.items())
        )
        return (
            f"{self.run.get_kind_display()} {self.run.pk}: {self.processed} of {self.due} due "
            f"records processed, {self.failed} failed" + (f" ({parts})" if parts else "")
        )


class _Batch:
    """The work of one transaction: tallies per programme and rule, the audit events."""

    def __init__(self):
        self.tallies: dict[tuple[int, str], Counter] = defaultdict(Counter)
        self.audit: list[tuple[str | None, list[str]]] = []

    def count(self, programme_id, rule, record_type, outcome, reason="", n=1):
        self.tallies[(programme_id, rule)][(record_type, outcome, reason)] += n


def _active_holds(programme_ids, participant_ids) -> tuple[dict, dict]:
    holds = LegalHold.objects.filter(lifted_at__isnull=True)
    by_programme = {
        h.programme_id: h.get_reason_display()
        for h in holds.filter(participant__isnull=True, programme_id__in=programme_ids)
    }
    by_participant = {
        str(h.participant_id): h.get_reason_display()
        for h in holds.filter(participant_id__in=participant_ids)
    }
    return by_programme, by_participant


def _process(rows: list[RetentionDue], *, run, today, dry_run, rules_cache, batch: _Batch):
    from casework.participants.models import Participant

    participant_ids = [r.participant_id for r in rows if r.participant_id]
    participants = {
        str(p["id"]): p
        for p in Participant.objects.filter(pk__in=participant_ids).values(*PARTICIPANT_VALUES)
    }
    held_programmes, held_participants = _active_holds(
        {r.programme_id for r in rows}, participant_ids
    )
    # (record type, programme id, anonymise, cutoff) -> subjects
    work: dict[tuple, list] = defaultdict(list)
    for row in rows:
        rules: Rules | None = rules_cache(row.programme_id)
        rule = rules.by_type.get(row.record_type) if rules else None
        if rules and rule is None and row.record_type == "referral":
            rule = rules.by_type.get("participant")  # as schedule_referral chose it
        if rule is None:
            row.delete()
            continue
        rule_text = describe_rule(rule)
        record_type = RECORD_TYPES[row.record_type]
        due_on = row.due_on
        if record_type.owner == "participant" and row.participant_id is not None:
            person = participants.get(str(row.participant_id))
            if person is None:
                row.delete()
                continue
            if row.record_type == "participant" or rule.anchor != Anchor.RECORD_CREATION:
                due_on = participant_due_on(
                    row.record_type,
                    rule,
                    rules,
                    exited_on=person["exited_on"],
                    referred_on=person["referred_on"],
                    oldest=None,
                    today=today,
                    born_on=person["date_of_birth"],
                    disability=person["disability"] or "",
                )
        if due_on is None or due_on >= today:
            if not dry_run:
                row.due_on = due_on
                row.save(update_fields=["due_on"])
            batch.count(row.programme_id, rule_text, row.record_type, Outcome.NOT_DUE)
            continue
        hold = held_programmes.get(row.programme_id) or (
            row.participant_id and held_participants.get(str(row.participant_id))
        )
        if hold:
            batch.count(row.programme_id, rule_text, row.record_type, Outcome.HELD, hold)
            continue
        anonymise = rule.action.value == "anonymise"
        if dry_run:
            outcome = Outcome.WOULD_ANONYMISE if anonymise else Outcome.WOULD_DELETE
            batch.count(row.programme_id, rule_text, row.record_type, outcome)
            continue
        cutoff = (
            creation_cutoff(rule, today)
            if rule.anchor == Anchor.RECORD_CREATION and row.record_type != "participant"
            else None
        )
        # A referral that never became a participant's is a subject of its own.
        alone = row.participant_id is None
        work[(row.record_type, row.programme_id, anonymise, cutoff, rule_text, alone)].append(row)
    # A participant whose whole record goes takes their other record types with it.
    going = {
        str(r.participant_id) for (key, *_), rs in work.items() if key == "participant" for r in rs
    }
    for (key, programme_id, anonymise, cutoff, rule_text, _alone), subjects in work.items():
        if key != "participant":
            subjects = [r for r in subjects if str(r.participant_id) not in going]
            if not subjects:
                continue
        _dispose(
            key,
            programme_id,
            anonymise,
            cutoff,
            rule_text,
            subjects,
            today=today,
            rules=rules_cache(programme_id),
            batch=batch,
        )


def _dispose(key, programme_id, anonymise, cutoff, rule_text, rows, *, today, rules, batch):
    tally: Counter = Counter()
    outcome = Outcome.ANONYMISED if anonymise else Outcome.DELETED
    record_type = RECORD_TYPES[key]
    if key == "participant":
        ids = [r.participant_id for r in rows]
        engine.dispose_participants(
            ids, programme_id=programme_id, anonymise=anonymise, today=today, tally=tally
        )
        batch.audit += [(str(i), ["participant"]) for i in ids]
        batch.count(programme_id, rule_text, key, outcome, n=len(ids))
    elif record_type.owner == "participant" and rows[0].participant_id is not None:
        ids = [r.participant_id for r in rows]
        if record_type.physical:
            engine.dispose_participant_records(
                key,
                ids,
                programme_id=programme_id,
                anonymise=False,
                today=today,
                created_up_to=cutoff,
                tally=tally,
            )
        else:
            n = engine.dispose_participant_records(
                key,
                ids,
                programme_id=programme_id,
                anonymise=anonymise,
                today=today,
                created_up_to=cutoff,
                tally=tally,
            )
            if n:
                batch.count(programme_id, rule_text, key, outcome, n=n)
        batch.audit += [(str(i), [key]) for i in ids]
        if cutoff is None:
            RetentionDue.objects.filter(pk__in=[r.pk for r in rows]).delete()
        else:
            _move_on(rows, key, rules, today)
    elif key == "group_session":
        ids = [r.subject_id.split(":", 1)[1] for r in rows]
        engine.dispose_group_sessions(ids, tally=tally)
        batch.audit += [(None, [key]) for _ in ids]
        batch.count(programme_id, rule_text, key, Outcome.DELETED, n=len(ids))
        RetentionDue.objects.filter(pk__in=[r.pk for r in rows]).delete()
    elif key == "staff_account":
        ids = [r.subject_id for r in rows]
        engine.dispose_staff_accounts(ids, tally=tally)
        batch.audit += [(None, [key]) for _ in ids]
        batch.count(programme_id, rule_text, key, outcome, n=len(ids))
        RetentionDue.objects.filter(pk__in=[r.pk for r in rows]).delete()
    elif key == "referral":
        ids = [r.subject_id.split(":", 1)[1] for r in rows]
        engine.dispose_referrals(
            ids, programme_id=programme_id, anonymise=anonymise, today=today, tally=tally
        )
        batch.audit += [(None, [key]) for _ in ids]
        batch.count(programme_id, rule_text, key, outcome, n=len(ids))
        RetentionDue.objects.filter(pk__in=[r.pk for r in rows]).delete()
    for (record_type_key, out, reason), n in tally.items():
        batch.count(programme_id, "", record_type_key, out, reason, n=n)


def _move_on(rows, key, rules, today):
    """After a rule counted from each record's creation has taken what was due, the row moves to
    the next record's date (or a full period from today if none is left)."""
    from casework.disposal.schedule import oldest_records
    from casework.register.retention import add_period

    rule = rules.by_type[key]
    oldest = oldest_records(RECORD_TYPES[key], [r.participant_id for r in rows])
    for row in rows:
        start = oldest.get(str(row.participant_id))
        start = min(start, today) if start else today
        row.due_on = add_period(start, rule.years, rule.months)
        if row.due_on < today:  # cannot happen, but never loop on the same day
            row.due_on = today + datetime.timedelta(days=1)
        row.save(update_fields=["due_on"])


def _commit_batch(rows, *, run, today, dry_run, rules_cache, actor=None, actor_label=""):
    batch = _Batch()
    with transaction.atomic():
        locked = list(
            RetentionDue.objects.select_for_update()
            .filter(pk__in=[r.pk for r in rows], due_on__lt=today)
            .order_by("pk")
        )
        _process(
            locked, run=run, today=today, dry_run=dry_run, rules_cache=rules_cache, batch=batch
        )
        if batch.audit:
            engine.audit_disposals(
                actor=actor,
                actor_label=actor_label or engine.SWEEP_LABEL,
                purpose="retention",
                subjects=batch.audit,
            )
        for (programme_id, rule), tally in batch.tallies.items():
            engine.add_tallies(run, programme_id, tally, rule)
    return batch


def run_sweep(
    *,
    today: datetime.date | None = None,
    dry_run: bool = False,
    programme: Programme | None = None,
    batch_size: int = BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> SweepResult:
    """Disposes of (or, in a dry run, counts) everything due by `today`. Raises SweepLocked if
    another sweep is running."""
    today = today or timezone.localdate()
    with sweep_lock():
        if not dry_run:
            engine.remove_pending_files()
            DisposalRun.objects.filter(status=RunStatus.RUNNING).exclude(
                kind=RunKind.ERASURE
            ).update(status=RunStatus.INTERRUPTED)
            schedule_staff_accounts()
        cache: dict[int, Rules | None] = {}

        def rules_cache(programme_id):
            if programme_id not in cache:
                cache[programme_id] = rules_for(Programme.objects.get(pk=programme_id))
            return cache[programme_id]

        programmes = [programme] if programme else list(Programme.objects.all())
        run = DisposalRun.objects.create(
            kind=RunKind.DRY_RUN if dry_run else RunKind.SWEEP,
            status=RunStatus.RUNNING,
            started_at=timezone.now(),
            as_of=today,
            programme=programme,
            register_versions={
                p.slug: rules.version for p in programmes if (rules := rules_cache(p.pk))
            },
        )
        due = RetentionDue.objects.filter(due_on__lt=today)
        if programme:
            due = due.filter(programme=programme)
        result = SweepResult(run=run, due=due.count())
        last = 0
        while True:
            rows = list(due.filter(pk__gt=last).order_by("pk")[:batch_size])
            if not rows:
                break
            last = rows[-1].pk
            try:
                batch = _commit_batch(
                    rows, run=run, today=today, dry_run=dry_run, rules_cache=rules_cache
                )
                _add(result, batch)
            except Exception:
                for row in rows:
                    try:
                        _add(
                            result,
                            _commit_batch(
                                [row],
                                run=run,
                                today=today,
                                dry_run=dry_run,
                                rules_cache=rules_cache,
                            ),
                        )
                    except Exception as error:
                        # The record stays as it was; the log names its type, never its data.
                        logger.exception(
                            "Disposal of a %s record failed (due row %s)",
                            row.record_type,
                            row.pk,
                        )
                        result.failed += 1
                        with transaction.atomic():
                            engine.add_tallies(
                                run,
                                row.programme_id,
                                Counter(
                                    {(row.record_type, Outcome.FAILED, type(error).__name__): 1}
                                ),
                            )
            result.processed += len(rows)
            if progress:
                progress(result.processed, result.due)
        if not dry_run:
            # Every batch has committed: the files of what they disposed of can go (a crash
            # before this leaves them listed for the next sweep).
            engine.remove_pending_files()
        run.finished_at = timezone.now()
        run.status = RunStatus.FINISHED_WITH_FAILURES if result.failed else RunStatus.FINISHED
        run.save(update_fields=["finished_at", "status"])
    return result


def _add(result: SweepResult, batch: _Batch) -> None:
    for tally in batch.tallies.values():
        for (record_type, outcome, _reason), n in tally.items():
            result.counts[(record_type, outcome)] += n
