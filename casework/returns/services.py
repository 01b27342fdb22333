"""The monthly DWP return: refused when it cannot be made (a month not ended, a programme
without a definition), built in constant memory (participants read in keyset-paged chunks,
the file written encrypted a chunk at a time), validated row by row and column by column,
compared with the month's previous release, and released to the DWP through the disclosure gate
as one disclosure of the people it covers."""

import calendar
import csv
import datetime
import io
import json
import os
import re
import secrets
import tempfile
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from operator import itemgetter

from django.conf import settings
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from casework.access.permissions import Action, require_permission
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.core import crypto
from casework.core.exports import UTF8_BOM, safe_cell
from casework.disclosures import services as gate
from casework.disclosures.models import Delivery, DisclosureKind
from casework.disclosures.subjects import held_subjects
from casework.documents import chunked as files
from casework.documents import storage
from casework.eligibility.models import Decision, EligibilityAssessment
from casework.journey.models import Job, Milestone
from casework.participants.models import Participant
from casework.programmes.models import Area, Organisation
from casework.register.config import ReturnColumnType, ReturnSource
from casework.register.selectors import current_config, current_version
from casework.returns import columns as cols
from casework.returns.models import BuildState, FileKind, MonthlyReturn, ReturnFile, ReturnRelease
from casework.rights.selectors import without_restricted

S = ReturnSource
T = ReturnColumnType
CHUNK_ROWS = 2000
SAMPLE = 200
# A build moves its heartbeat after every chunk (2,000 rows, well under a second); one that has
# not moved for this long has lost its worker (killed, the machine restarted).
STALE_AFTER = datetime.timedelta(minutes=15)
STALE_FAILURE = "no progress for 15 minutes: the worker building it stopped"


class ReturnRefused(Exception):
    """The return cannot be built or released; the message says what to change."""


class BuildGivenUp(Exception):
    """The build was marked failed while it ran (no heartbeat for STALE_AFTER): its work is
    thrown away rather than overwrite what the page already shows."""


# --- What a return is for -------------------------------------------------------------------


def parse_month(text: str, *, today: datetime.date | None = None) -> datetime.date:
    """'2026-10' -> 1 October 2026, refused unless the month has ended."""
    today = today or timezone.localdate()
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if not match or not 1 <= int(match[2]) <= 12:
        raise ReturnRefused("Enter the month as a year and month, for example 2026-10")
    month = datetime.date(int(match[1]), int(match[2]), 1)
    if month_end(month) >= today:
        raise ReturnRefused(
            f"{month:%B %Y} has not ended: its return can be built from "
            f"{month_end(month) + datetime.timedelta(days=1):%-d %B %Y}"
        )
    return month


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


@dataclass(frozen=True)
class Definition:
    config: object
    section: object
    version: str
    columns: list


def definition_for(programme, month: datetime.date) -> Definition:
    """The return's definition in force for the month, or refused saying what to add."""
    config = current_config(programme)
    where = f"programmes/{programme.slug}.yaml"
    if config is None:
        raise ReturnRefused(f"{programme.name} has no register loaded: load {where} first")
    section = config.returns
    if section is None:
        raise ReturnRefused(
            f"{programme.name} has no return definition: add a `returns:` section to {where} "
            "with the recipient, the purpose and a definition (version, effective_from and, "
            "unless it is Connect to Work, its columns), then load the file "
            "(docs/programme-file.md, 'returns')"
        )
    in_force = [d for d in section.definitions if d.effective_from <= month]
    if not in_force:
        first = min(d.effective_from for d in section.definitions)
        raise ReturnRefused(
            f"No return definition in {where} is in force for {month:%B %Y} (the first is "
            f"from {first:%-d %B %Y}): add one with effective_from on or before {month:%Y-%m-%d}"
        )
    definition = max(in_force, key=lambda d: d.effective_from)
    return Definition(config, section, definition.version, cols.columns_of(config, definition))


# --- Building -------------------------------------------------------------------------------


@transaction.atomic
def request_build(*, by, programme, month: datetime.date) -> MonthlyReturn:
    """A build of the month's return, queued (the page enqueues it; the command runs it)."""
    require_permission(by, Action.BUILD_RETURN, programme)
    definition = definition_for(programme, month)
    monthly_return = MonthlyReturn.objects.create(
        programme=programme,
        month=month,
        register_version=current_version(programme),
        definition_version=definition.version,
        columns=[c.model_dump(mode="json") for c in definition.columns],
        requested_by=by,
        requested_at=timezone.now(),
    )
    record_event(
        actor=by,
        action=AuditAction.EXPORT,
        purpose="returns.build",
        changed_fields=[c.key for c in definition.columns],
    )
    return monthly_return


def give_up_stale_builds(programme) -> int:
    """Marks failed every build of the programme still "being built" whose heartbeat has not
    moved for STALE_AFTER (its worker died), so it shows as failed, can be built again and no
    longer holds back the release of an earlier build. Returns how many."""
    now = timezone.now()
    cutoff = now - STALE_AFTER
    return MonthlyReturn.objects.filter(
        programme=programme, state=BuildState.BUILDING, heartbeat_at__lt=cutoff
    ).update(state=BuildState.FAILED, failure=STALE_FAILURE, finished_at=now)


def claim(monthly_return) -> bool:
    """A worker takes a queued build (one worker only): it is now being built, heartbeat now."""
    return bool(
        MonthlyReturn.objects.filter(pk=monthly_return.pk, state=BuildState.QUEUED).update(
            state=BuildState.BUILDING, heartbeat_at=timezone.now()
        )
    )


def _beat(monthly_return, **values) -> None:
    """Moves the heartbeat (and records `values`) while the build is still ours."""
    if not MonthlyReturn.objects.filter(pk=monthly_return.pk, state=BuildState.BUILDING).update(
        heartbeat_at=timezone.now(), **values
    ):
        raise BuildGivenUp


def covered(programme, month: datetime.date):
    """The participants a month's return covers: everyone referred by the month's end, less
    anyone whose processing is restricted now (the one query-level filter)."""
    return without_restricted(
        Participant.objects.filter(programme=programme, referred_on__lte=month_end(month))
    )


def build(monthly_return: MonthlyReturn, *, progress: Callable[[int, int], None] | None = None):
    """Builds a queued return: rows to an encrypted CSV, findings to an encrypted CSV, the
    comparison with the month's latest release. Safe to call twice (a finished build is left
    alone). A failure is recorded by the exception's type only (a message can hold data)."""
    claimed = claim(monthly_return)
    monthly_return.refresh_from_db()
    if not claimed:
        return monthly_return
    writers: list[files.EncryptedWriter] = []
    try:
        _build(monthly_return, writers, progress)
    except BaseException as error:
        for writer in writers:
            writer.abandon()
        # Only a build still ours: one given up (BuildGivenUp) keeps the page's reason.
        MonthlyReturn.objects.filter(pk=monthly_return.pk, state=BuildState.BUILDING).update(
            state=BuildState.FAILED,
            failure=f"{type(error).__name__}"[:200],
            finished_at=timezone.now(),
        )
        monthly_return.refresh_from_db()
        if not isinstance(error, Exception):
            raise
    return monthly_return


def _column_objects(monthly_return):
    from casework.register.config import ReturnColumn

    return [ReturnColumn.model_validate(c) for c in monthly_return.columns]


@dataclass
class _Part:
    """What one stretch of the id range produced: its rows are in the writers given to it."""

    rows: int = 0
    flagged: int = 0
    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    sample: list = field(default_factory=list)


def _write_part(monthly_return, columns, people, out, findings_out, on_chunk) -> _Part:
    """The rows of `people` (in id order) to `out`, their findings to `findings_out`."""
    part = _Part()
    headers = {c.key: c.header for c in columns}
    for chunk in _chunks(monthly_return.programme, monthly_return.month, columns, people):
        for reference, cells, findings in chunk:
            out.cells(cells)
            part.rows += 1
            if findings:
                part.flagged += 1
            for key, kind, message in findings:
                part.counts[key][kind] += 1
                findings_out.row([reference, headers[key], kind.replace("_", " "), message])
                if len(part.sample) < SAMPLE:
                    part.sample.append(
                        {
                            "reference": reference,
                            "column": headers[key],
                            "kind": kind,
                            "message": message,
                        }
                    )
        out.flush()
        findings_out.flush()
        on_chunk(part.rows)
    return part


def _processes(expected: int) -> int:
    """How many processes build the return: two (settings.CASEWORK_RETURN_PROCESSES) for a
    large return on PostgreSQL, outside a transaction (a second process could not see rows a
    transaction has not committed, so tests inside one build in one process)."""
    wanted = settings.CASEWORK_RETURN_PROCESSES
    large = expected >= settings.CASEWORK_RETURN_PARALLEL_FROM
    if wanted < 2 or not large or connection.vendor != "postgresql":
        return 1
    if connection.in_atomic_block or not hasattr(os, "fork"):
        return 1
    return 2


def _build(monthly_return, writers, progress) -> None:
    programme = monthly_return.programme
    columns = _column_objects(monthly_return)
    people = covered(programme, monthly_return.month)
    expected = people.count()
    _beat(monthly_return, rows_expected=expected)
    rows_csv, findings_csv = files.EncryptedWriter(), files.EncryptedWriter()
    writers += [rows_csv, findings_csv]
    out = _CsvOut(rows_csv)
    out.row([c.header for c in columns])
    findings_out = _CsvOut(findings_csv)
    findings_out.row(["Participant reference", "Column", "Finding", "What is wrong"])
    if _processes(expected) == 1:

        def on_chunk(done):
            _beat(monthly_return, rows_done=done)
            if progress:
                progress(done, expected)

        parts = [_write_part(monthly_return, columns, people, out, findings_out, on_chunk)]
    else:
        parts = _write_in_two(
            monthly_return, columns, people, expected, out, findings_out, progress
        )
    rows = sum(p.rows for p in parts)
    flagged = sum(p.flagged for p in parts)
    counts: dict[str, Counter] = defaultdict(Counter)
    for part in parts:
        for key, kinds in part.counts.items():
            counts[key].update(kinds)
    sample = [s for part in parts for s in part.sample][:SAMPLE]
    csv_name, csv_sha, csv_size = rows_csv.close()
    findings_name, findings_sha, findings_size = findings_csv.close()
    previous = latest_release(programme, monthly_return.month)
    differences = compare(previous.monthly_return, csv_name) if previous else {}
    with transaction.atomic():
        ReturnFile.objects.create(
            monthly_return=monthly_return,
            kind=FileKind.CSV,
            storage_name=csv_name,
            sha256=csv_sha,
            size=csv_size,
        )
        ReturnFile.objects.create(
            monthly_return=monthly_return,
            kind=FileKind.FINDINGS,
            storage_name=findings_name,
            sha256=findings_sha,
            size=findings_size,
        )
        _beat(
            monthly_return,
            state=BuildState.BUILT,
            rows_done=rows,
            row_count=rows,
            rows_with_findings=flagged,
            findings_by_column={k: dict(v) for k, v in counts.items()},
            findings_sample=sample,
            compared_with=previous,
            differences=differences,
            csv_sha256=csv_sha,
            finished_at=timezone.now(),
        )
    writers.clear()
    monthly_return.refresh_from_db()


def _write_in_two(monthly_return, columns, people, expected, out, findings_out, progress):
    """The id range split at its middle participant: this process writes the lower half
    straight into the return's files while a forked child writes the upper half into files of
    its own, then the child's files are appended (decrypted and re-encrypted a 1 MiB chunk at a
    time, so the file, its SHA-256 and the findings are exactly those of one process). The
    child reports its rows done through shared memory for the heartbeat and the progress bar,
    and its figures through a pipe; if it dies or the build is given up, it is killed and its
    files removed."""
    import multiprocessing

    from django.db import connections

    middle = people.order_by("pk").values_list("pk", flat=True)[expected // 2]
    names = (secrets.token_hex(16), secrets.token_hex(16))
    context = multiprocessing.get_context("fork")
    done = context.Value("q", 0)
    receive, send = context.Pipe(duplex=False)
    connections.close_all()  # the child opens its own connection; none is shared
    child = context.Process(
        target=_child_part,
        args=(monthly_return, columns, people.filter(pk__gte=middle), names, done, send),
    )
    child.start()
    send.close()
    try:

        def on_chunk(own):
            _beat(monthly_return, rows_done=own + done.value)
            if progress:
                progress(own + done.value, expected)

        lower = _write_part(
            monthly_return, columns, people.filter(pk__lt=middle), out, findings_out, on_chunk
        )
        while not receive.poll(1):
            if not child.is_alive():
                raise ChildProcessError("the second build process stopped")
            on_chunk(lower.rows)
        try:
            outcome = receive.recv()
        except EOFError:  # it died before it could report
            raise ChildProcessError("the second build process stopped") from None
        child.join()
        if isinstance(outcome, str):
            raise ChildProcessError(outcome)
        upper = outcome
        on_chunk(lower.rows)  # every row done: the child's count is final
        for name, target in zip(names, (out, findings_out), strict=True):
            target.flush()
            for chunk in files.chunks(name):
                target.target.write(chunk)
        return [lower, upper]
    finally:
        if child.is_alive():
            child.kill()
            child.join()
        receive.close()
        for name in names:
            storage.delete(name)


def _child_part(monthly_return, columns, people, names, done, send) -> None:
    """The forked process's half: rows and findings to files named by the parent."""
    try:
        writers = [files.EncryptedWriter(name) for name in names]
        out, findings_out = (_CsvOut(w, bom=False) for w in writers)

        def on_chunk(rows):
            done.value = rows

        part = _write_part(monthly_return, columns, people, out, findings_out, on_chunk)
        for writer in writers:
            writer.close()
        part.counts = {key: dict(kinds) for key, kinds in part.counts.items()}
        send.send(part)
    except BaseException as error:  # noqa: BLE001 - the parent records the failure
        send.send(type(error).__name__)
    finally:
        send.close()
        os._exit(0)  # never run the parent's exit handlers (or a test runner's) in the child


def _cell(value) -> str:
    """A cell as written: formula-escaped, a newline or carriage return becomes a space."""
    return safe_cell(value).replace("\r", " ").replace("\n", " ")


class _CsvOut:
    """Formula-safe CSV rows, one record per line (newlines in a value become spaces)."""

    def __init__(self, target, *, bom: bool = True):
        self.target = target
        self.buffer = io.StringIO()
        if bom:
            self.buffer.write(UTF8_BOM)
        self.writer = csv.writer(self.buffer, lineterminator="\n")

    def row(self, cells) -> None:
        self.writer.writerow([_cell(c) for c in cells])

    def cells(self, cells) -> None:
        """A row already made safe with `_cell`."""
        self.writer.writerow(cells)

    def flush(self) -> None:
        self.target.write(self.buffer.getvalue())
        self.buffer.seek(0)
        self.buffer.truncate()


def _chunks(programme, month, columns, people) -> Iterator[list]:
    """The rows, CHUNK_ROWS participants at a time in the order of their id (keyset paging:
    constant memory, and the order a comparison with an earlier file relies on)."""
    end = month_end(month)
    sources = {c.source for c in columns}
    areas = dict(Area.objects.values_list("pk", "code"))
    organisations = dict(Organisation.objects.values_list("pk", "name"))
    delivery_model = " and ".join(sorted(programme.delivery_models))
    fields = [
        "pk",
        "area_id",
        "responsible_organisation_id",
        "referred_on",
        "enrolled_on",
        "date_of_birth",
        "gender",
        "exited_on",
        "exit_reason",
    ]
    # Encrypted columns are read as their tokens and decrypted a batch at a time
    # (crypto.decrypt_many), not one by one as the field would.
    encrypted = [
        name
        for source, name in ((S.DISABILITY, "disability"), (S.ETHNICITY, "ethnicity"))
        if source in sources
    ]
    tokens = {f"{name}_token": Cast(name, TextField()) for name in encrypted}
    fields += list(tokens)
    outcome_keys = {c.outcome for c in columns if c.source == S.MILESTONE}
    wants_eligibility = sources & {S.STRAND, S.ELIGIBILITY_GROUPS}
    wants_job = sources & {
        S.JOB_STARTED_ON,
        S.JOB_EMPLOYMENT_TYPE,
        S.JOB_HOURS_PER_WEEK,
        S.JOB_PAY_BAND,
        S.MILESTONE,
    }
    converters = [_converter(c) for c in columns]
    caches: list[dict] = [{} for _ in columns]
    check = checker(columns)
    last = None
    while True:
        page = people.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        batch = list(page.annotate(**tokens).values(*fields)[:CHUNK_ROWS])
        if not batch:
            return
        last = batch[-1]["pk"]
        for name in encrypted:
            plain = crypto.decrypt_many([person[f"{name}_token"] for person in batch])
            for person, value in zip(batch, plain, strict=True):
                person[name] = value
        # The related rows of the batch's id range (one index range scan, no list of 2,000
        # parameters); rows of people outside the batch (another programme, restricted) are
        # ignored below.
        span = {"participant_id__gte": batch[0]["pk"], "participant_id__lte": last}
        eligibility, jobs, milestones = {}, {}, defaultdict(dict)
        if wants_eligibility:
            query = EligibilityAssessment.objects.filter(
                **span, decision=Decision.ELIGIBLE, assessed_on__lte=end
            ).order_by("participant_id", "assessed_on", "decided_at")
            wanted = ["participant_id", "strand"]
            if S.ELIGIBILITY_GROUPS in sources:
                query = query.annotate(groups_token=Cast("qualifying_groups", TextField()))
                wanted.append("groups_token")
            for row in query.values(*wanted):
                eligibility[row["participant_id"]] = row  # the latest decision wins
            if S.ELIGIBILITY_GROUPS in sources:
                found = list(eligibility.values())
                plain = crypto.decrypt_many([row["groups_token"] for row in found])
                for row, value in zip(found, plain, strict=True):
                    row["qualifying_groups"] = value
        if wants_job:
            query = Job.objects.filter(**span, started_on__lte=end).order_by(
                "participant_id", "-started_on"
            )
            for row in query.values(
                "participant_id", "started_on", "employment_type", "hours_per_week", "hourly_pay"
            ):
                jobs[row["participant_id"]] = row  # the first job start wins
        if outcome_keys:
            query = Milestone.objects.filter(
                **span, outcome_key__in=outcome_keys, achieved_on__lte=end
            ).order_by("participant_id", "-achieved_on")
            for pid, key, on in query.values_list("participant_id", "outcome_key", "achieved_on"):
                milestones[pid][key] = on
        rows = []
        for person in batch:
            pid = person["pk"]
            facts = _facts(
                person,
                end,
                areas,
                organisations,
                delivery_model,
                eligibility.get(pid),
                jobs.get(pid),
                milestones.get(pid, {}),
            )
            values, cells = [], []
            for (extract, text_of, cached), cache in zip(converters, caches, strict=True):
                raw = extract(facts)
                if cached:
                    found = cache.get(raw)
                    if found is None:
                        if len(cache) > 4096:  # a few hundred values a column: constant memory
                            cache.clear()
                        text = text_of(raw)
                        found = cache[raw] = (text, _cell(text))
                    values.append(found[0])
                    cells.append(found[1])
                else:
                    text = text_of(raw)
                    values.append(text)
                    cells.append(_cell(text))
            rows.append((str(pid), cells, check(values, facts)))
        yield rows


def _facts(person, end, areas, organisations, delivery_model, eligibility, job, milestones):
    """Every source's value for one participant as at the month's end."""
    started = (
        person["enrolled_on"] if person["enrolled_on"] and person["enrolled_on"] <= end else None
    )
    exited = person["exited_on"] if person["exited_on"] and person["exited_on"] <= end else None
    born, referred = person["date_of_birth"], person["referred_on"]
    age = None
    if born and referred:
        age = referred.year - born.year - ((referred.month, referred.day) < (born.month, born.day))
    groups = ""
    if eligibility and eligibility.get("qualifying_groups"):
        try:
            groups = ";".join(json.loads(eligibility["qualifying_groups"]))
        except ValueError:
            groups = eligibility["qualifying_groups"]
    return {
        S.PARTICIPANT_REFERENCE: str(person["pk"]),
        S.AREA_CODE: areas.get(person["area_id"], ""),
        S.DELIVERY_PARTNER: organisations.get(person["responsible_organisation_id"], ""),
        S.REFERRED_ON: referred,
        S.STARTED_ON: started,
        S.STRAND: eligibility["strand"] if eligibility else "",
        S.DELIVERY_MODEL: delivery_model,
        S.ELIGIBILITY_GROUPS: groups,
        S.AGE_AT_REFERRAL: age,
        S.GENDER: person["gender"],
        S.DISABILITY: person.get("disability") or "",
        S.ETHNICITY: person.get("ethnicity") or "",
        S.JOB_STARTED_ON: job["started_on"] if job else None,
        S.JOB_EMPLOYMENT_TYPE: job["employment_type"] if job else "",
        S.JOB_HOURS_PER_WEEK: job["hours_per_week"] if job else None,
        "hourly_pay": job["hourly_pay"] if job else None,
        "milestones": milestones,
        S.EXITED_ON: exited,
        S.EXIT_REASON: person["exit_reason"] if exited else "",
    }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _converter(column) -> tuple[Callable[[dict], object], Callable[[object], str], bool]:
    """How one column's value is read from a participant's facts and written as text, and
    whether its texts are worth keeping by value (every column but the unique reference);
    decided once per build."""
    if column.source == S.MILESTONE:
        outcome = column.outcome
        return (lambda facts: facts["milestones"].get(outcome)), _text, True
    if column.source == S.JOB_PAY_BAND:
        bands = list(column.pay_bands) or list(cols.DEFAULT_PAY_BANDS)
        return itemgetter("hourly_pay"), (lambda pay: cols.pay_band(pay, bands)), True
    return itemgetter(column.source), _text, column.source != S.PARTICIPANT_REFERENCE


# --- Validation -----------------------------------------------------------------------------

MISSING, OUT_OF_RANGE, INCONSISTENT = "missing", "out_of_range", "inconsistent"


def checker(columns) -> Callable[[list, dict], list[tuple[str, str, str]]]:
    """The row check for these columns: (column key, kind, what is wrong) for each missing,
    out-of-range or inconsistent value. The per-column rules are worked out once per build."""
    plain = []
    for i, column in enumerate(columns):
        allowed = frozenset(column.allowed) if column.type == T.CHOICE else None
        numeric = column.type in (T.INTEGER, T.DECIMAL)
        groups = column.source == S.ELIGIBILITY_GROUPS
        if column.required or allowed or numeric or groups:
            plain.append((i, column, allowed, numeric, groups))
    first = {}
    for column in columns:
        first.setdefault(column.source, column.key)
    milestones = [(c.key, c.outcome) for c in columns if c.source == S.MILESTONE]

    def check(values, facts) -> list[tuple[str, str, str]]:
        found = []
        for i, column, allowed, numeric, groups in plain:
            value = values[i]
            if value == "":
                if column.required:
                    found.append((column.key, MISSING, f"{column.header} is empty"))
            elif allowed is not None:
                if value not in allowed:
                    found.append(
                        (
                            column.key,
                            OUT_OF_RANGE,
                            f"{value!r} is not one of {', '.join(column.allowed)}",
                        )
                    )
            elif numeric:
                found.extend(_out_of_range(column, value))
            elif groups:
                unknown = set(value.split(";")) - cols.ELIGIBILITY_GROUPS
                if unknown:
                    found.append(
                        (
                            column.key,
                            OUT_OF_RANGE,
                            f"unknown eligibility group {', '.join(sorted(unknown))}",
                        )
                    )
        found.extend(_inconsistencies(facts, first, milestones))
        return found

    return check


def _out_of_range(column, value: str) -> list[tuple[str, str, str]]:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return [(column.key, OUT_OF_RANGE, f"{value!r} is not a number")]
    if column.minimum is not None and number < column.minimum:
        return [(column.key, OUT_OF_RANGE, f"{value} is below {column.minimum}")]
    if column.maximum is not None and number > column.maximum:
        return [(column.key, OUT_OF_RANGE, f"{value} is above {column.maximum}")]
    return []


def _inconsistencies(facts, first, milestones) -> list[tuple[str, str, str]]:
    found = []

    def flag(source, message):
        if source in first:
            found.append((first[source], INCONSISTENT, message))

    referred, started = facts[S.REFERRED_ON], facts[S.STARTED_ON]
    job_start, exited = facts[S.JOB_STARTED_ON], facts[S.EXITED_ON]
    if started and referred and started < referred:
        flag(S.STARTED_ON, "start date is before the referral date")
    if job_start and not started:
        flag(S.JOB_STARTED_ON, "a job start but no programme start")
    elif job_start and started and job_start < started:
        flag(S.JOB_STARTED_ON, "job start is before the start date")
    achieved = facts["milestones"]
    if achieved:
        for key, outcome in milestones:
            on = achieved.get(outcome)
            if on and not job_start:
                found.append((key, INCONSISTENT, "a sustainment milestone without a job start"))
            elif on and on < job_start:
                found.append((key, INCONSISTENT, "milestone achieved before the job start"))
    if exited and (started or referred) and exited < (started or referred):
        flag(S.EXITED_ON, "exit date is before the start date")
    if exited and not facts[S.EXIT_REASON]:
        flag(S.EXIT_REASON, "an exit without a reason")
    return found


# --- Comparing with the previous submission --------------------------------------------------


def latest_release(programme, month) -> ReturnRelease | None:
    return (
        ReturnRelease.objects.filter(programme=programme, month=month)
        .select_related("monthly_return")
        .order_by("-released_at")
        .first()
    )


def _records(name: str) -> Iterator[list[str]]:
    reader = csv.reader(files.lines(name))
    for record in reader:
        if record and record[0].startswith(UTF8_BOM):
            record[0] = record[0][1:]
        yield record


def compare(previous: MonthlyReturn, csv_name: str) -> dict:
    """Rows added, removed and changed (with the columns that changed) against an earlier
    build's file: both files are in the order of the participant reference, so one pass over
    each (a merge), in constant memory."""
    old_name = previous.files.get(kind=FileKind.CSV).storage_name
    old, new = _records(old_name), _records(csv_name)
    old_header, new_header = next(old, []), next(new, [])
    shared = [h for h in new_header if h in old_header]
    old_at = {h: old_header.index(h) for h in shared}
    new_at = {h: new_header.index(h) for h in shared}
    added = removed = changed = 0
    by_column: Counter = Counter()
    sample = []
    sentinel = [chr(0x10FFFF)]
    a, b = next(old, sentinel), next(new, sentinel)
    while a is not sentinel or b is not sentinel:
        if b is sentinel or (a is not sentinel and a[0] < b[0]):
            removed += 1
            if len(sample) < SAMPLE:
                sample.append({"reference": a[0], "change": "removed", "columns": []})
            a = next(old, sentinel)
        elif a is sentinel or b[0] < a[0]:
            added += 1
            if len(sample) < SAMPLE:
                sample.append({"reference": b[0], "change": "added", "columns": []})
            b = next(new, sentinel)
        else:
            differs = [h for h in shared if a[old_at[h]] != b[new_at[h]]]
            if differs:
                changed += 1
                by_column.update(differs)
                if len(sample) < SAMPLE:
                    sample.append({"reference": b[0], "change": "changed", "columns": differs})
            a, b = next(old, sentinel), next(new, sentinel)
    return {
        "added": added,
        "removed": removed,
        "changed": changed,
        "columns_changed": dict(by_column.most_common()),
        "columns_added": [h for h in new_header if h not in old_header],
        "columns_removed": [h for h in old_header if h not in new_header],
        "sample": sample,
    }


# --- Releasing ------------------------------------------------------------------------------


def _xlsx_from_csv(csv_name: str) -> files.EncryptedWriter:
    """The same rows as an Excel workbook (openpyxl's write-only mode streams rows to disk);
    every cell stays text, already formula-escaped in the CSV."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Return")
    for record in _records(csv_name):
        sheet.append(record)
    handle, path = tempfile.mkstemp(suffix=".xlsx", dir=storage._root())
    os.close(handle)
    try:
        workbook.save(path)
        writer = files.EncryptedWriter()
        with open(path, "rb") as plain:
            while block := plain.read(files.CHUNK):
                writer.write(block)
        return writer
    finally:
        os.unlink(path)


def _references(csv_name: str) -> Iterator[uuid.UUID]:
    """The participant references of the file's rows, streamed from the stored file."""
    records = _records(csv_name)
    next(records, None)
    return (uuid.UUID(record[0]) for record in records)


def release(*, by, monthly_return: MonthlyReturn) -> ReturnRelease:
    """Releases a built return to the DWP: one disclosure of the people it covers through the
    disclosure gate (which checks the agreement, the purpose, the fields, restriction and
    objection now), then the release log entry. Refused for a build not ready or superseded."""
    give_up_stale_builds(monthly_return.programme)
    monthly_return.refresh_from_db()
    if monthly_return.state != BuildState.BUILT:
        raise ReturnRefused(f"This return cannot be released: {monthly_return.get_state_display()}")
    newer = MonthlyReturn.objects.filter(
        programme=monthly_return.programme,
        month=monthly_return.month,
        requested_at__gte=monthly_return.requested_at,
        state__in=(BuildState.QUEUED, BuildState.BUILDING, BuildState.BUILT),
    ).exclude(pk=monthly_return.pk)
    if newer.exists():
        raise ReturnRefused("A later build of this month exists: release that one instead")
    if monthly_return.row_count == 0:
        raise ReturnRefused("The return has no rows: nobody was referred by the month's end")
    definition = definition_for(monthly_return.programme, monthly_return.month)
    csv_file = monthly_return.files.get(kind=FileKind.CSV)
    with held_subjects(_references(csv_file.storage_name)) as people:
        return _release(by, monthly_return, definition, csv_file, people)


def _release(by, monthly_return, definition, csv_file, people) -> ReturnRelease:
    if people.count() != monthly_return.row_count:
        raise ReturnRefused(
            "Some people in this build are no longer on the programme's records: build the "
            "return again"
        )
    columns = _column_objects(monthly_return)
    with transaction.atomic():
        disclosure = gate.disclose(
            by=by,
            programme=monthly_return.programme,
            kind=DisclosureKind.EXTRACT,
            recipient_key=definition.section.recipient,
            purpose_key=definition.section.purpose,
            participants=people,
            fields=cols.fields_of(columns),
            delivery=Delivery.DOWNLOAD,
            content_digest=(csv_file.sha256, csv_file.size),
            request_reference=f"DWP return {monthly_return.month:%Y-%m} "
            f"{monthly_return.definition_version}",
        )
        previous = latest_release(monthly_return.programme, monthly_return.month)
        entry = ReturnRelease.objects.create(
            monthly_return=monthly_return,
            programme=monthly_return.programme,
            month=monthly_return.month,
            definition_version=monthly_return.definition_version,
            disclosure=disclosure,
            recipient_key=disclosure.recipient_key,
            recipient_description=disclosure.recipient_description,
            agreement_reference=disclosure.agreement_reference,
            row_count=monthly_return.row_count,
            rows_with_findings=monthly_return.rows_with_findings,
            findings_total=monthly_return.findings_total,
            csv_sha256=csv_file.sha256,
            xlsx_sha256="",  # filled by make_workbook
            resubmission_of=previous,
            released_by=by,
            released_at=timezone.now(),
        )
        MonthlyReturn.objects.filter(
            programme=monthly_return.programme,
            month=monthly_return.month,
            state=BuildState.BUILT,
        ).exclude(pk=monthly_return.pk).update(state=BuildState.SUPERSEDED)
        monthly_return.state = BuildState.RELEASED
        monthly_return.save(update_fields=["state"])
        record_event(actor=by, action=AuditAction.EXPORT, purpose="returns.release")
        transaction.on_commit(lambda: _enqueue_workbook(entry))
    return entry


def _enqueue_workbook(entry: ReturnRelease) -> None:
    from casework.returns.tasks import make_workbook as task

    task.enqueue(release_id=str(entry.pk))


def make_workbook(entry: ReturnRelease) -> ReturnFile:
    """The released return as an Excel workbook, made by the worker after the release: at
    500,000 rows openpyxl takes minutes, longer than the release's request should (bench/
    README.md). The same rows as the released CSV (every cell text, already formula-escaped);
    its SHA-256 goes into the release log. Safe to run twice."""
    monthly_return = entry.monthly_return
    made = monthly_return.files.filter(kind=FileKind.XLSX).first()
    if made is not None:
        return made
    csv_file = monthly_return.files.get(kind=FileKind.CSV)
    name, sha, size = _xlsx_from_csv(csv_file.storage_name).close()
    try:
        with transaction.atomic():
            made = ReturnFile.objects.create(
                monthly_return=monthly_return,
                kind=FileKind.XLSX,
                storage_name=name,
                sha256=sha,
                size=size,
            )
            ReturnRelease.objects.filter(pk=entry.pk).update(xlsx_sha256=sha)
    except BaseException:
        storage.delete(name)
        raise
    entry.xlsx_sha256 = sha
    return made


def record_download(*, by, release: ReturnRelease, kind: str) -> ReturnFile:
    """What the DWP downloads: the released file (CSV or workbook), recorded as an export."""
    require_permission(by, Action.RECEIVE_RETURN, release.programme)
    found = release.monthly_return.files.filter(kind=kind).first()
    if found is None:
        raise ReturnRefused(
            "The Excel workbook of this return is still being made: download the CSV (the same "
            "rows), or try again in a few minutes"
        )
    record_event(actor=by, action=AuditAction.EXPORT, purpose="returns.download")
    return found


def record_findings_download(*, by, monthly_return: MonthlyReturn) -> ReturnFile:
    require_permission(by, Action.BUILD_RETURN, monthly_return.programme)
    found = monthly_return.files.get(kind=FileKind.FINDINGS)
    record_event(actor=by, action=AuditAction.EXPORT, purpose="returns.findings")
    return found
