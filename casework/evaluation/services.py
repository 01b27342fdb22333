"""The evaluation extract: built in two streamed passes over the programme's participants, never
holding them as objects, and released through the disclosure gate as one disclosure.

1. `request_extract` checks the programme's `evaluation:` block against its register (purpose,
   recipient, agreement, columns) and records an extract waiting to be built (the page's worker
   job and `manage.py evaluation_extract build` both build it).
2. `build_extract` reads the population in chunks (restricted people and those objecting to the
   evaluation purpose are left out by the query), turns each row into its finest releasable
   values and its series pseudonym, counts the combinations of quasi-identifiers with their
   sensitive values, and spools the rows to a temporary file encrypted under a key that lives
   only as long as the build. The search (anonymity.py) picks the least generalisation meeting k
   and l within the suppression allowed; a second pass over the spool writes the file. Refused,
   with what to change, when no generalisation meets the thresholds.
3. `release_extract` hands the built file to the recipient under its agreement through
   `casework.disclosures.services.disclose` (kind extract: every check at that moment) and
   writes the release log.
"""

import binascii
import csv
import datetime
import hashlib
import hmac
import io
import logging
import secrets
import struct
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass

from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import Q
from django.db.models.sql.constants import MULTI
from django.utils import timezone

from casework.access.permissions import Action, require_permission
from casework.access.selectors import participant_scope
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.core import crypto
from casework.core.exports import UTF8_BOM, safe_cell
from casework.core.fields import EncryptedTextField
from casework.core.prefetch import read_ahead
from casework.disclosures import rules
from casework.disclosures.models import Delivery, DisclosureKind
from casework.disclosures.services import DisclosureRefused, disclose
from casework.disclosures.subjects import held_subjects
from casework.documents import chunked, storage
from casework.evaluation import anonymity
from casework.evaluation.columns import (
    COLUMNS,
    DEFAULT_QUASI_IDENTIFIERS,
    DEFAULT_SENSITIVE,
    converter,
    height,
    hierarchy,
)
from casework.evaluation.models import (
    BUILD_STALE_AFTER,
    EvaluationExtract,
    ExtractRelease,
    ExtractStatus,
    ReleaseSeries,
)
from casework.participants.models import (
    Disability,
    ExitReason,
    Gender,
    Participant,
    Status,
)
from casework.register.config import PurposeKind
from casework.register.selectors import collected_fields, current_config
from casework.rights.models import Objection, ObjectionDecision, Restriction
from casework.rights.selectors import without_objecting, without_restricted

logger = logging.getLogger(__name__)

CHUNK = 5000
PSEUDONYM_LENGTH = 20  # hex characters: 80 bits
PSEUDONYM_BYTES = PSEUDONYM_LENGTH // 2


class ExtractRefused(Exception):
    """The extract cannot be built or released as asked; `message` says what to change."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Definition:
    recipient_key: str
    purpose_key: str
    columns: list[str]
    quasi_identifiers: list[str]
    sensitive: list[str]
    k: int
    l: int  # noqa: E741
    max_suppression: float
    age_bands: list[int]
    withhold_allowed: bool = False

    @property
    def fields(self) -> list[str]:
        return [COLUMNS[c].reference for c in self.columns]


def definition_for(programme) -> Definition:
    """The extract the programme's file defines, checked against its register."""
    config = current_config(programme)
    if config is None:
        raise ExtractRefused("The programme has no register loaded: load its programme file")
    block = config.evaluation
    purposes = {p.key: p for p in config.purposes}
    if block.purpose:
        purpose = purposes.get(block.purpose)
        if purpose is None:
            raise ExtractRefused(
                f"evaluation.purpose names {block.purpose!r}, which is not one of the "
                "programme's purposes: name one declared under purposes"
            )
    else:
        found = [p for p in config.purposes if p.kind == PurposeKind.EVALUATION]
        if len(found) != 1:
            raise ExtractRefused(
                "The programme's file declares no purpose of kind evaluation: add one under "
                "purposes, or name one in evaluation.purpose"
                if not found
                else "The programme's file declares more than one purpose of kind evaluation ("
                + ", ".join(p.key for p in found)
                + "): name the one the extract serves in evaluation.purpose"
            )
        purpose = found[0]
    types = rules.RECIPIENT_TYPES[DisclosureKind.EXTRACT]
    if block.recipient:
        recipient = next((r for r in config.recipients if r.key == block.recipient), None)
        if recipient is None:
            raise ExtractRefused(
                f"evaluation.recipient names {block.recipient!r}, which is not a recipient "
                "declared in the programme's file"
            )
    else:
        found = [
            r
            for r in config.recipients
            if r.type in types and r.agreement and purpose.key in r.agreement.purposes
        ]
        if len(found) != 1:
            raise ExtractRefused(
                f"No recipient's data-sharing agreement covers the purpose {purpose.key!r}: "
                "declare the evaluator with an agreement naming it, or name it in "
                "evaluation.recipient"
                if not found
                else "More than one recipient's agreement covers the purpose "
                f"{purpose.key!r} ({', '.join(r.key for r in found)}): name one in "
                "evaluation.recipient"
            )
        recipient = found[0]
    if recipient.agreement is None:
        raise ExtractRefused(
            f"{recipient.description} has no data-sharing agreement: an evaluation extract "
            "goes only under one"
        )
    collected = collected_fields(programme)
    covered = set(purpose.categories) & set(recipient.agreement.categories)

    def problem(key: str) -> str | None:
        column = COLUMNS[key]
        category = rules.field_category(column.reference)
        if column.reference not in collected:
            return f"{column.label} ({key}) comes from a field the programme does not collect"
        if category not in covered:
            return (
                f"{column.label} ({key}) is {rules.category_label(category).lower()} data, which "
                f"the purpose {purpose.key!r} and the agreement {recipient.agreement.reference} "
                "do not both cover: take it out of evaluation.columns, or add the category to "
                "both in the programme's file"
            )
        return None

    if block.columns:
        columns = [str(c) for c in block.columns]
        problems = [p for p in map(problem, columns) if p]
        if problems:
            raise ExtractRefused("; ".join(problems))
    else:
        columns = [key for key in COLUMNS if problem(key) is None]
    qis = (
        [str(c) for c in block.quasi_identifiers]
        if block.quasi_identifiers is not None
        else [c for c in columns if c in DEFAULT_QUASI_IDENTIFIERS]
    )
    sensitive = (
        [str(c) for c in block.sensitive]
        if block.sensitive is not None
        else [c for c in columns if c in DEFAULT_SENSITIVE]
    )
    missing = [c for c in (*qis, *sensitive) if c not in columns]
    if missing:
        raise ExtractRefused(
            "evaluation.quasi_identifiers and evaluation.sensitive name columns that are not "
            "released: " + ", ".join(missing)
        )
    if not qis:
        raise ExtractRefused(
            "The extract has no quasi-identifier to generalise: name at least one in "
            "evaluation.quasi_identifiers"
        )
    return Definition(
        recipient_key=recipient.key,
        purpose_key=purpose.key,
        columns=columns,
        quasi_identifiers=qis,
        sensitive=sensitive,
        k=block.k,
        l=block.l,
        max_suppression=block.max_suppression,
        age_bands=list(block.age_bands),
        withhold_allowed=block.withhold_allowed,
    )


# --- Series and pseudonyms ---------------------------------------------------------------------


def series_named(*, by, programme, name: str) -> ReleaseSeries:
    """The programme's release series of this name, made with a new random key if new."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"series": ["Enter the name of the release series"]})
    if len(name) > 80:
        raise ValidationError({"series": ["The series name must be 80 characters or fewer"]})
    series, _ = ReleaseSeries.objects.get_or_create(
        programme=programme,
        name=name,
        defaults={"key": secrets.token_urlsafe(32), "created_by": by},
    )
    return series


def pseudonymiser(series: ReleaseSeries) -> Callable[[uuid.UUID], str]:
    key = series.key.encode()

    def pseudonym(participant_id: uuid.UUID) -> str:
        return hmac.new(key, participant_id.bytes, hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH]

    return pseudonym


# --- Requesting and building ---------------------------------------------------------------------


@transaction.atomic
def request_extract(
    *, by, programme, series_name: str, as_of: datetime.date | None = None
) -> EvaluationExtract:
    """Records an extract to build (the worker builds it, or the command). Refused when the
    programme's file does not define one its register allows."""
    require_permission(by, Action.ANSWER_STATUTORY_REQUEST, programme)
    definition = definition_for(programme)
    series = series_named(by=by, programme=programme, name=series_name)
    last = series.extracts.order_by("-version").first()
    extract = EvaluationExtract.objects.create(
        programme=programme,
        series=series,
        version=(last.version + 1) if last else 1,
        as_of=as_of or timezone.localdate(),
        recipient_key=definition.recipient_key,
        purpose_key=definition.purpose_key,
        definition=asdict(definition),
        requested_by=by,
    )
    record_event(actor=by, action=AuditAction.EXPORT, purpose="evaluation.extract.request")
    return extract


def population(extract: EvaluationExtract):
    """Who the extract may cover: the requester's scope on the programme, enrolled at some
    point, less the restricted (Art 18) and those objecting to its purpose (Art 21)."""
    base = Participant.objects.filter(
        participant_scope(extract.requested_by, break_glass=False), programme=extract.programme
    ).exclude(status=Status.REFERRED)
    kept = without_objecting(without_restricted(base), extract.purpose_key)
    return base, kept


def _labels(column_key: str, programme) -> dict:
    field = COLUMNS[column_key].field
    if field == "area":
        return dict(programme.areas.values_list("pk", "name"))
    return {
        "gender": dict(Gender.choices),
        "status": dict(Status.choices),
        "exit_reason": dict(ExitReason.choices),
        "disability": dict(Disability.choices),
    }.get(field, {})


class _Spool:
    """The records between the two passes, in chunks encrypted under a key that lives only in
    this object: a temporary file on disk, never the rows in memory. A record is fixed-width
    bytes: the participant's id (16), their pseudonym (10) and the number of their combination
    of finest values (4; the combinations themselves are counted in memory, a few thousand)."""

    RECORD = struct.Struct(f">16s{PSEUDONYM_BYTES}sI")

    def __init__(self):
        self._fernet = Fernet(Fernet.generate_key())
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()

    def write(self, records: bytes) -> None:
        token = self._fernet.encrypt(records)
        self._file.write(struct.pack(">I", len(token)))
        self._file.write(token)

    def chunks(self):
        self._file.seek(0)
        while header := self._file.read(4):
            (length,) = struct.unpack(">I", header)
            yield self.RECORD.iter_unpack(self._fernet.decrypt(self._file.read(length)))

    def close(self) -> None:
        self._file.close()


LEVEL_NAMES = {
    "month": ["month", "quarter", "year", "not released"],
    "category": ["as recorded", "not released"],
}


def level_name(column_key: str, level: int, age_bands: list[int]) -> str:
    kind = COLUMNS[column_key].kind
    if kind == "age":
        return f"{age_bands[level]}-year bands" if level < len(age_bands) else "not released"
    return LEVEL_NAMES[kind][level]


def build_extract(
    extract: EvaluationExtract, *, progress: Callable[[int, int], None] | None = None
) -> EvaluationExtract:
    """Builds a requested extract (see the module's docstring). Safe to run again on one that
    failed or whose build stopped (stale); one already built, refused or released, or being
    built now, is left as it is. A build whose claim was taken over by a rebuild (it was stale)
    keeps nothing of what it made."""
    started = timezone.now()
    claimable = Q(status__in=[ExtractStatus.REQUESTED, ExtractStatus.FAILED]) | Q(
        Q(build_started_at__isnull=True) | Q(build_started_at__lt=started - BUILD_STALE_AFTER),
        status=ExtractStatus.BUILDING,
    )
    claimed = EvaluationExtract.objects.filter(claimable, pk=extract.pk).update(
        status=ExtractStatus.BUILDING, failure="", build_started_at=started
    )
    extract.refresh_from_db()
    if not claimed:
        return extract
    try:
        _build(extract, progress, started)
    except ExtractRefused as refused:
        with transaction.atomic():
            if _still_ours(extract, started):
                extract.status = ExtractStatus.REFUSED
                extract.refusal = refused.message
                extract.built_at = timezone.now()
                extract.save(update_fields=["status", "refusal", "built_at", "report"])
    except Exception as error:  # noqa: BLE001 - recorded by class; the job's run says where
        with transaction.atomic():
            if _still_ours(extract, started):
                extract.status = ExtractStatus.FAILED
                extract.failure = type(error).__name__
                extract.save(update_fields=["status", "failure"])
        raise
    return extract


def _still_ours(extract: EvaluationExtract, started) -> bool:
    """In a transaction: whether the build claimed at `started` still holds the extract (the
    row locked until the end of the transaction, so a rebuild cannot claim it meanwhile)."""
    return (
        EvaluationExtract.objects.select_for_update()
        .filter(pk=extract.pk, status=ExtractStatus.BUILDING, build_started_at=started)
        .exists()
    )


@transaction.atomic
def rebuild_extract(*, by, extract: EvaluationExtract) -> EvaluationExtract:
    """Asks for a failed extract, or one whose build stopped (stale), to be built again by the
    worker. Refused for any other, saying what it is."""
    require_permission(by, Action.ANSWER_STATUTORY_REQUEST, extract.programme)
    current = EvaluationExtract.objects.select_for_update().get(pk=extract.pk)
    if not current.may_build_again(timezone.now()):
        raise ExtractRefused(
            "Only an extract whose build failed or stopped can be built again; this one is "
            + current.get_status_display().lower()
            + (
                " (its build started less than an hour ago)"
                if current.status == ExtractStatus.BUILDING
                else ""
            )
        )
    current.status = ExtractStatus.REQUESTED
    current.build_started_at = None
    current.failure = ""
    current.save(update_fields=["status", "build_started_at", "failure"])
    record_event(actor=by, action=AuditAction.EXPORT, purpose="evaluation.extract.rebuild")
    return current


def _build(extract: EvaluationExtract, progress, started) -> None:
    d = Definition(**extract.definition)
    base, kept = population(extract)
    # One scan of the participants (who is in scope); who of them is restricted or objecting
    # is counted from those small tables.
    in_scope = base.count()
    restricted = (
        Restriction.objects.filter(lifted_at__isnull=True, participant__in=base)
        .values("participant")
        .distinct()
        .count()
    )
    objecting = (
        Objection.objects.filter(
            purpose=extract.purpose_key,
            decision__in=(ObjectionDecision.PENDING, ObjectionDecision.UPHELD),
            participant__in=without_restricted(base),
        )
        .values("participant")
        .distinct()
        .count()
    )
    total = in_scope - restricted - objecting
    report = {
        "in_scope": in_scope,
        "restricted_left_out": restricted,
        "objecting_left_out": objecting,
        "population": total,
        "thresholds": {"k": d.k, "l": d.l, "max_suppression": d.max_suppression},
        "columns": d.columns,
        "quasi_identifiers": d.quasi_identifiers,
        "sensitive": d.sensitive,
    }
    extract.report = report
    if not total:
        raise ExtractRefused("No participant can be included: the programme has none enrolled")
    columns = [COLUMNS[c] for c in d.columns]
    labels = [_labels(c, extract.programme) for c in d.columns]
    qi_at = [d.columns.index(c) for c in d.quasi_identifiers]
    sens_at = [d.columns.index(c) for c in d.sensitive]
    key = extract.series.key.encode()
    spool = _Spool()
    try:
        combos = _stream(
            kept, columns, labels, extract.as_of, d.age_bands[0], key, spool, total, progress
        )
        cells = anonymity.Cells(sensitive_count=len(sens_at))
        for values, records in combos.items():
            cells.add(tuple(values[i] for i in qi_at), [values[i] for i in sens_at], records)
        report["population"] = cells.total  # as streamed (the counts above came first)
        generalise = [hierarchy(COLUMNS[c], d.age_bands) for c in d.quasi_identifiers]
        heights = [height(COLUMNS[c], d.age_bands) for c in d.quasi_identifiers]
        found = anonymity.search(
            cells,
            quasi_identifiers=d.quasi_identifiers,
            sensitive=d.sensitive,
            generalise=generalise,
            heights=heights,
            k=d.k,
            l=d.l,
            max_suppression=d.max_suppression,
            withhold_allowed=d.withhold_allowed,
        )
        report["nodes_tried"] = found.nodes_tried
        if found.best is None:
            raise ExtractRefused(_refusal(d, found.nearest, cells.total))
        best = found.best
        report.update(_figures(d, best, cells.total))
        written = _write(spool, combos, best, generalise, qi_at, columns)
    finally:
        spool.close()
    file_name, sha256, size, members_name = written
    with transaction.atomic():
        if not _still_ours(extract, started):
            logger.warning(
                "Evaluation extract %s: a rebuild took over; this build is dropped", extract.pk
            )
            transaction.on_commit(lambda: (storage.delete(file_name), storage.delete(members_name)))
            return
        extract.file_name = file_name
        extract.members_name = members_name
        extract.sha256 = sha256
        extract.size = size
        extract.rows = best.released
        extract.report = report
        extract.status = ExtractStatus.BUILT
        extract.built_at = timezone.now()
        extract.save()
        record_event(
            actor=extract.requested_by,
            action=AuditAction.EXPORT,
            purpose="evaluation.extract.build",
        )


def _figures(d: Definition, best: anonymity.Outcome, total: int) -> dict:
    return {
        "released": best.released,
        "suppressed": best.suppressed,
        "suppressed_share": best.suppressed / total if total else 0.0,
        "k": best.k,
        "l": best.l,
        "classes": best.classes,
        "levels": dict(zip(d.quasi_identifiers, best.levels, strict=True)),
        "level_names": {
            c: level_name(c, level, d.age_bands)
            for c, level in zip(d.quasi_identifiers, best.levels, strict=True)
        },
        "column_loss": best.column_loss,
        "precision_loss": best.precision_loss,
        "discernibility": best.discernibility,
        # Discernibility over its range: 0 when every record is its own class, 1 when all are
        # suppressed or in one class (N^2).
        "discernibility_normalised": (
            (best.discernibility - total) / (total * total - total) if total > 1 else 0.0
        ),
    }


def _refusal(d: Definition, nearest: anonymity.Outcome | None, total: int) -> str:
    limit = f"{d.max_suppression:.0%}"
    if nearest is None:
        return (
            f"k={d.k} and l={d.l} cannot be met even with every quasi-identifier generalised "
            "as far as allowed: lower evaluation.k or evaluation.l, release fewer sensitive "
            "columns (evaluation.sensitive), or allow columns to be withheld "
            "(evaluation.withhold_allowed)"
        )
    share = nearest.suppressed / total
    return (
        f"Meeting k={d.k} and l={d.l} would leave out {nearest.suppressed} of {total} records "
        f"({share:.1%}), more than the {limit} allowed (evaluation.max_suppression). To build "
        f"it, raise evaluation.max_suppression to at least {share + 0.0005:.3f}, lower "
        "evaluation.k or evaluation.l, release fewer quasi-identifiers "
        "(evaluation.quasi_identifiers) or sensitive columns (evaluation.sensitive), or allow "
        "columns to be withheld (evaluation.withhold_allowed)"
    )


def _stream(kept, columns, labels, as_of, age_band, key, spool, total, progress) -> dict:
    """The one pass over the population: rows fetched through a server-side cursor (in a
    transaction, so PostgreSQL streams them rather than materialising the result first), in
    the order of their ids (random: a row's place in the file says nothing about when the
    person joined), the encrypted columns decrypted a chunk at a time, each row turned into its
    finest releasable values, numbered by combination and spooled as a fixed-width record.
    Returns the combinations, in the order they were numbered, with how many records hold each."""
    query = kept.order_by("pk").values_list("pk", *(c.field for c in columns)).query
    compiler = query.get_compiler(using=kept.db)
    encrypted = [
        j
        for j, c in enumerate(columns)
        if isinstance(Participant._meta.get_field(c.field), EncryptedTextField)
    ]
    convert = [
        converter(column, as_of=as_of, labels=label, age_band=age_band)
        for column, label in zip(columns, labels, strict=True)
    ]
    numbers: dict[tuple, int] = {}
    counts: list[int] = []
    pack = _Spool.RECORD.pack
    pseudonym_of = crypto.hmac_sha256(key)
    done = 0
    with transaction.atomic(using=kept.db):
        chunks = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=CHUNK)
        # The database's own conversions (none on PostgreSQL; ids and dates from text on
        # SQLite), but not the encrypted fields' one value at a time: decrypt_many below.
        conversions = {
            at: found
            for at, found in compiler.get_converters(
                [selected[0] for selected in compiler.select]
            ).items()
            if at - 1 not in encrypted
        }
        if connections[kept.db].vendor == "postgresql":
            # PostgreSQL sends the next chunk while this one is decrypted and spooled.
            chunks = read_ahead(chunks)
        for rows in chunks:
            if conversions:
                rows = list(compiler.apply_converters(rows, conversions))
            raw_columns = list(zip(*rows, strict=True))
            ids = raw_columns[0]
            values_by_column = []
            for j, f in enumerate(convert):
                raw = raw_columns[j + 1]
                if j in encrypted:
                    raw = crypto.decrypt_many(raw)
                values_by_column.append([f(v) for v in raw])
            records = bytearray()
            for pk, values in zip(ids, zip(*values_by_column, strict=True), strict=True):
                number = numbers.get(values)
                if number is None:
                    number = numbers[values] = len(counts)
                    counts.append(0)
                counts[number] += 1
                pk_bytes = pk.bytes
                records += pack(pk_bytes, pseudonym_of(pk_bytes)[:PSEUDONYM_BYTES], number)
            spool.write(bytes(records))
            done += len(rows)
            if progress:
                progress(done, total)
    if progress and not done:
        progress(0, total)
    return {values: counts[n] for values, n in numbers.items()}


def _write(spool, combos, best, generalise, qi_at, columns) -> tuple[str, str, int, str]:
    """The second pass: the file's line for each combination is made once (generalised to the
    chosen levels, formula-safe; none for a suppressed class), then each spooled record is its
    pseudonym and its combination's line. The file and the list of members go to the document
    store encrypted a chunk at a time (constant memory). Returns (file's name, its SHA-256, its
    size, members' name)."""
    out, members = chunked.EncryptedWriter(), chunked.EncryptedWriter()
    try:
        header = io.StringIO()
        header.write(UTF8_BOM)
        csv.writer(header).writerow(["Pseudonym", *(safe_cell(c.label) for c in columns)])
        out.write(header.getvalue().encode("utf-8"))
        lines: list[bytes | None] = []
        escaped: dict[str, str] = {}
        for values in combos:
            general = list(values)
            for j, i in enumerate(qi_at):
                general[i] = generalise[j](values[i])[best.levels[j]]
            if tuple(general[i] for i in qi_at) in best.suppressed_classes:
                lines.append(None)
                continue
            line = io.StringIO()
            csv.writer(line).writerow(
                [escaped.get(v) or escaped.setdefault(v, safe_cell(v)) for v in general]
            )
            lines.append(b"," + line.getvalue().encode("utf-8"))
        for chunk in spool.chunks():
            block, member_block = bytearray(), bytearray()
            for pk_bytes, pseudonym, number in chunk:
                line = lines[number]
                if line is not None:
                    block += binascii.hexlify(pseudonym)
                    block += line
                    member_block += pk_bytes
            out.write(bytes(block))
            members.write(bytes(member_block))
    except BaseException:
        out.abandon()
        members.abandon()
        raise
    file_name, sha256, size = out.close()
    members_name, _, _ = members.close()
    return file_name, sha256, size, members_name


def remove_member_lists(queryset) -> None:
    """The disposal plan's `before`: an extract's list of whom it covers goes with it."""
    for name in queryset.exclude(members_name="").values_list("members_name", flat=True):
        storage.delete(name)


def members_of(extract: EvaluationExtract) -> Iterator[uuid.UUID]:
    """Whom the extract covers, streamed from its stored list."""
    return (uuid.UUID(bytes=record) for record in chunked.records(extract.members_name, 16))


def member_ids(extract: EvaluationExtract) -> list[uuid.UUID]:
    return list(members_of(extract))


# --- Release -----------------------------------------------------------------------------------


def release_extract(*, by, extract: EvaluationExtract) -> ExtractRelease:
    """Releases a built extract to its recipient under its agreement: one disclosure of the
    people it covers (every check of the gate at this moment), and the release log's row, in
    one transaction. A refusal by the gate is recorded (audit) and raised as ExtractRefused."""
    require_permission(by, Action.ANSWER_STATUTORY_REQUEST, extract.programme)
    if extract.status != ExtractStatus.BUILT:
        raise ExtractRefused(
            "Only a built extract can be released; this one is "
            + extract.get_status_display().lower()
        )
    d = Definition(**extract.definition)
    # A queryset over a temporary table the list is streamed into: no object for each person.
    with held_subjects(members_of(extract)) as people:
        if people.count() != extract.rows:
            raise ExtractRefused(
                "Some people in this extract are no longer on the programme (their records were "
                "disposed of): build a new extract"
            )
        return _release(by, extract, d, people)


def _release(by, extract: EvaluationExtract, d: "Definition", people) -> ExtractRelease:
    refused = None
    with transaction.atomic():
        try:
            disclosure = disclose(
                by=by,
                programme=extract.programme,
                kind=DisclosureKind.EXTRACT,
                recipient_key=extract.recipient_key,
                purpose_key=extract.purpose_key,
                participants=people,
                fields=d.fields,
                delivery=Delivery.DOWNLOAD,
                content_digest=(extract.sha256, extract.size),
                request_reference=f"evaluation {extract.series.name} v{extract.version}"[:100],
            )
        except DisclosureRefused as error:
            refused = error
        else:
            report = extract.report
            release = ExtractRelease.objects.create(
                extract=extract,
                disclosure=disclosure,
                programme=extract.programme,
                series_name=extract.series.name,
                version=extract.version,
                released_by=by,
                released_at=disclosure.disclosed_at,
                recipient_key=disclosure.recipient_key,
                recipient_description=disclosure.recipient_description,
                agreement_reference=disclosure.agreement_reference,
                risk={
                    key: report.get(key)
                    for key in (
                        "k",
                        "l",
                        "suppressed",
                        "released",
                        "column_loss",
                        "precision_loss",
                        "discernibility",
                        "thresholds",
                    )
                },
                sha256=disclosure.content_sha256,
                rows=extract.rows,
            )
            extract.status = ExtractStatus.RELEASED
            extract.save(update_fields=["status"])
    if refused is not None:
        raise ExtractRefused(
            f"The disclosure gate refused the release: {refused.message} ({refused.code}). "
            + (
                "Build a new extract: the population has changed since this one was built"
                if refused.code in ("restricted", "objected", "not_in_scope")
                else "Nothing was released"
            )
        )
    return release


def released_file(*, by, extract: EvaluationExtract) -> Iterator[bytes]:
    """The released file, a chunk at a time, for the person handing it over (each download
    recorded)."""
    require_permission(by, Action.ANSWER_STATUTORY_REQUEST, extract.programme)
    if extract.status != ExtractStatus.RELEASED:
        raise ExtractRefused("The file can be downloaded once the extract is released")
    with transaction.atomic():
        record_event(actor=by, action=AuditAction.EXPORT, purpose="evaluation.extract.download")
    return chunked.chunks(extract.file_name)
