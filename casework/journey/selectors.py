"""Every read of a participant's journey, scoped to the acting user through
casework.access.selectors (`visible_participant_ids`: the participants they may see): a record
of a participant the user may not see answers 404, exactly like the participant."""

import datetime
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Value, Window
from django.db.models.functions import Cast, JSONObject, RowNumber
from django.http import Http404
from django.utils import timezone

from casework.access.permissions import Action, has_permission, require_permission
from casework.access.selectors import (
    participant_scope_sql,
    visible_participant_ids,
)
from casework.consents.selectors import consent_label, offered_consents
from casework.core.crypto import decrypt_many
from casework.core.formatting import hours, uk_date
from casework.groupwork.models import GroupBooking, GroupSession
from casework.journey.models import (
    ActionStep,
    Appointment,
    CaseNote,
    Goal,
    InWorkSupportContact,
    Job,
    Milestone,
    WorkPlacement,
)
from casework.journey.outcomes import JobSpell, achieved_milestones, job_spells
from casework.journey.programme_rules import rules_for
from casework.participants.models import Participant, Status, StatusChange


def _visible(user, queryset: QuerySet, path: str = "participant") -> QuerySet:
    return queryset.filter(**{f"{path}__in": visible_participant_ids(user)})


def _get(user, queryset: QuerySet, pk, path: str = "participant"):
    try:
        return _visible(user, queryset, path).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404("Not found") from None


def _of(user, queryset: QuerySet, participant: Participant, path: str = "participant"):
    return _visible(user, queryset, path).filter(**{path: participant})


# ---- single records (404 outside the user's scope) ----------------------------------------


def get_job(user, job_id) -> Job:
    return _get(user, Job.objects.select_related("participant__programme"), job_id)


def get_appointment(user, appointment_id) -> Appointment:
    return _get(user, Appointment.objects.select_related("participant__programme"), appointment_id)


def get_case_note(user, note_id) -> CaseNote:
    """Case notes may hold special category data: only roles that may see it read them."""
    note = _get(user, CaseNote.objects.select_related("participant", "author"), note_id)
    require_permission(user, Action.VIEW_SPECIAL_CATEGORY, note.participant.programme)
    return note


def get_goal(user, goal_id) -> Goal:
    return _get(user, Goal.objects.select_related("participant__programme"), goal_id)


def get_action_step(user, step_id) -> ActionStep:
    return _get(user, ActionStep.objects.select_related("participant__programme"), step_id)


# ---- one participant's records --------------------------------------------------------------


def jobs_of(user, participant: Participant) -> list[Job]:
    return list(_of(user, Job.objects.all(), participant))


def appointments_of(user, participant: Participant) -> list[Appointment]:
    return list(_of(user, Appointment.objects.all(), participant))


def case_notes_of(user, participant: Participant) -> list[CaseNote]:
    """Case notes may hold special category data: only roles that may see it read them."""
    require_permission(user, Action.VIEW_SPECIAL_CATEGORY, participant.programme)
    return list(_of(user, CaseNote.objects.select_related("author"), participant))


def action_plan(user, participant: Participant) -> list[Goal]:
    """The goals, oldest first, each with its steps in date order (`goal.steps.all()`, already
    read), in one statement: the goals joined to their steps, the descriptions decrypted
    together."""
    goal_fields = ("id", "participant_id", "achieved_on", "created_at")
    step_fields = ("id", "goal_id", "participant_id", "due_on", "completed_on", "created_at")
    rows = (
        _of(user, Goal.objects.all(), participant)
        .annotate(
            t_goal=Cast("description", models.TextField()),
            t_step=Cast("steps__description", models.TextField()),
        )
        .order_by("created_at", "id", "steps__due_on", "steps__created_at", "steps__id")
        .values(*goal_fields, "t_goal", *(f"steps__{f}" for f in step_fields), "t_step")
    )
    goals: dict = {}
    steps: list[tuple] = []
    for row in rows:
        if row["id"] not in goals:
            goals[row["id"]] = {f: row[f] for f in goal_fields} | {"description": row["t_goal"]}
        if row["steps__id"] is not None:
            step = {f: row[f"steps__{f}"] for f in step_fields}
            steps.append((row["id"], step | {"description": row["t_step"]}))
    records = [*goals.values(), *(step for _, step in steps)]
    for record, text in zip(
        records, decrypt_many([r["description"] for r in records]), strict=True
    ):
        record["description"] = text
    steps_of: dict = defaultdict(list)
    for goal_id, values in steps:
        steps_of[goal_id].append(_instance(ActionStep, values))
    plan = []
    for pk, values in goals.items():
        goal = _instance(Goal, values)
        # What prefetch_related("steps") leaves: the goal's steps, read, behind goal.steps.
        read = goal.steps.get_queryset()
        read._result_cache, read._prefetch_done = steps_of[pk], True
        goal._prefetched_objects_cache = {Goal.steps.rel.cache_name: read}
        plan.append(goal)
    return plan


def overdue_steps(user, participant: Participant) -> list[ActionStep]:
    return list(
        _of(user, ActionStep.objects.all(), participant).filter(
            completed_on__isnull=True, due_on__lt=timezone.localdate()
        )
    )


def milestones_of(user, participant: Participant) -> list[Milestone]:
    return list(_of(user, Milestone.objects.all(), participant))


def milestones_to_record(
    user,
    participant: Participant,
    *,
    jobs: list[Job] | None = None,
    milestones: list[Milestone] | None = None,
) -> list:
    """Milestones the participant's jobs have reached by today that are not recorded yet (from
    `jobs` and `milestones` when the caller has already read them)."""
    if milestones is None:
        milestones = milestones_of(user, participant)
    recorded = {m.outcome_key for m in milestones}
    reached = achieved_milestones(
        job_spells(jobs if jobs is not None else jobs_of(user, participant)),
        rules_for(participant.programme).outcome_definitions,
        as_of=timezone.localdate(),
    )
    return [evidence for key, evidence in reached.items() if key not in recorded]


# ---- lists for the API ----------------------------------------------------------------------


def appointments_for_api(user) -> QuerySet[Appointment]:
    return _visible(user, Appointment.objects.all()).order_by("starts_at", "id")


def case_notes_for_api(user) -> QuerySet[CaseNote]:
    return _visible(user, CaseNote.objects.select_related("author")).order_by("created_at", "id")


def jobs_for_api(user) -> QuerySet[Job]:
    return _visible(user, Job.objects.prefetch_related("milestones")).order_by("started_on", "id")


# ---- the timeline ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    # status, appointment, note, job_start, job_end, milestone, support, placement, referral,
    # eligibility, notice, consent, document, group_session, disclosure
    kind: str
    title: str
    detail: str = ""
    by: str = ""
    flags: tuple[str, ...] = ()
    link: object = None  # the record, for actions next to the entry


def _midday(day: datetime.date) -> datetime.datetime:
    """Dated events sort among timed ones at the start of their day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _dated(day: datetime.date, recorded_at: datetime.datetime | None) -> datetime.datetime:
    """When a dated event sorts: at the time it was recorded if that was on its day (so a day's
    items are in the order they happened), else at the start of its day."""
    if recorded_at is not None and timezone.localtime(recorded_at).date() == day:
        return recorded_at
    return _midday(day)


def split_timeline(
    entries: list[TimelineEntry], now: datetime.datetime
) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    """(what has happened, newest first; what is coming up, soonest first): an appointment or a
    group session still ahead is not something that has happened."""
    upcoming = [e for e in entries if e.kind in _SCHEDULED_KINDS and e.when > now]
    past = [e for e in entries if not (e.kind in _SCHEDULED_KINDS and e.when > now)]
    return past, sorted(upcoming, key=lambda e: e.when)


_SCHEDULED_KINDS = frozenset({"appointment", "group_session"})


def timeline(
    user, participant: Participant, *, jobs: list[Job] | None = None
) -> list[TimelineEntry]:
    """Everything that happened to the participant, newest first (from `jobs` when the caller
    has already read them)."""
    return timeline_and_milestones(user, participant, jobs=jobs)[0]


def timeline_and_milestones(
    user, participant: Participant, *, jobs: list[Job] | None = None
) -> tuple[list[TimelineEntry], list[Milestone]]:
    """The timeline, newest first, and the participant's recorded milestones (the page also
    works out the milestones still to record from them). Every kind of entry but the jobs (read
    by the caller for the milestones too) comes from one statement, whatever the number and
    kinds of entries: each kind's SELECT packs the fields the page shows into one JSON value,
    UNION ALL joins them, and the whole is behind one check that the participant is in the
    user's scope (decision 0210). Encrypted fields are decrypted together, and only those the
    page shows."""
    sees_special = has_permission(user, Action.VIEW_SPECIAL_CATEGORY, participant.programme)
    rows = _timeline_rows(user, participant, sees_special)
    tokens = [r.data.get(f) for r in rows for f in _ENCRYPTED.get(r.kind, ())]
    opened = iter(decrypt_many([t for t in tokens if t]))
    for row in rows:
        for name in _ENCRYPTED.get(row.kind, ()):
            if row.data.get(name):
                row.data[name] = next(opened)
    by_kind: dict[str, list] = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    if jobs is None:
        jobs = jobs_of(user, participant)
    milestones = [_record(Milestone, r.data) for r in by_kind["milestone"]]
    entries: list[TimelineEntry] = []
    for row in by_kind["status"]:
        change = _record(StatusChange, row.data)
        entries.append(
            TimelineEntry(
                _dated(change.on, change.changed_at),
                "status",
                change.describe(),
                change.reason_text,
                row.name,
            )
        )
    for row in by_kind["appointment"]:
        appt = _record(Appointment, row.data)
        entries.append(
            TimelineEntry(
                appt.starts_at,
                "appointment",
                f"{appt.get_kind_display()} appointment",
                appt.get_attendance_display() if appt.attendance else "Attendance not recorded",
                link=appt,
            )
        )
    for row in by_kind["note"]:
        note = _record(CaseNote, row.data)
        flags = (
            ("Contains third-party information",) if note.contains_third_party_information else ()
        )
        if note.corrects_id:
            flags += ("Corrects an earlier note",)
        entries.append(
            TimelineEntry(
                note.created_at,
                "note",
                "Case note",
                note.text if sees_special else "The note's contents are hidden from your role",
                row.name,
                flags,
            )
        )
    for job in jobs:
        entries.append(
            TimelineEntry(
                _dated(job.started_on, job.recorded_at),
                "job_start",
                f"Started work: {job.job_title} at {job.employer}",
                f"{job.get_employment_type_display()}, {hours(job.hours_per_week)} hours a week, "
                f"£{job.hourly_pay:.2f} an hour",
                link=job,
            )
        )
        if job.ended_on:
            entries.append(
                TimelineEntry(
                    _midday(job.ended_on),
                    "job_end",
                    f"Left {job.job_title} at {job.employer}",
                    job.get_end_reason_display(),
                )
            )
    for row in by_kind["support"]:
        contact = _record(InWorkSupportContact, row.data)
        entries.append(
            TimelineEntry(
                _dated(contact.contacted_on, contact.recorded_at),
                "support",
                "In-work support" + (" with the employer" if contact.with_employer else ""),
                contact.summary,
            )
        )
    for row in by_kind["placement"]:
        placement = _record(WorkPlacement, row.data)
        entries.append(
            TimelineEntry(
                _dated(placement.started_on, placement.recorded_at),
                "placement",
                f"Started {placement.get_kind_display().lower()} at {placement.organisation}",
                "Not a job outcome",
            )
        )
    for row in by_kind["group_session"]:
        booking = _record(GroupBooking, row.data)
        session = _record(GroupSession, row.data, prefix="session__")
        entries.append(
            TimelineEntry(
                session.starts_at,
                "group_session",
                f"{session.get_kind_display()}: {session.title}",
                booking.get_status_display(),
                link=session,
            )
        )
    for milestone in milestones:
        entries.append(
            TimelineEntry(
                _dated(milestone.achieved_on, milestone.recorded_at),
                "milestone",
                f"Milestone achieved: {milestone.label}",
                f"{len(milestone.evidence['qualifying_weeks'])} weeks in work from "
                f"{uk_date(datetime.date.fromisoformat(milestone.evidence['window_starts_on']))}",
            )
        )
    entries += _intake_entries(participant, by_kind, sees_special)
    # Stable: ties keep their order (kind by kind, each in its own order).
    return sorted(entries, key=lambda e: e.when, reverse=True), milestones


def _intake_entries(
    participant: Participant, by_kind: dict[str, list], sees_reasons: bool
) -> list[TimelineEntry]:
    """The referral, eligibility decisions, privacy notices given, consents, disclosures and
    documents, from the timeline's rows (read through the participant's relations)."""
    entries = []
    for row in by_kind["referral"]:
        referral = _record(row.model, row.data)
        source = (
            row.data["referring_organisation__name"] if referral.referring_organisation_id else ""
        )
        entries.append(
            TimelineEntry(
                referral.received_at,
                "referral",
                f"Referral received: {referral.get_channel_display().lower()}",
                ", ".join(filter(None, [referral.get_route_display(), source])),
            )
        )
    for row in by_kind["eligibility"]:
        assessment = _record(row.model, row.data)
        entries.append(
            TimelineEntry(
                assessment.decided_at,
                "eligibility",
                f"Eligibility decided: {assessment.get_decision_display().lower()}",
                assessment.decision_reason if sees_reasons else "",
                row.name,
            )
        )
    for row in by_kind["notice"]:
        notice = _record(row.model, row.data)
        entries.append(
            TimelineEntry(
                _dated(notice.given_on, notice.recorded_at),
                "notice",
                f"Given the privacy notice, version {row.data['version__number']}",
                notice.get_method_display(),
                row.name,
            )
        )
    consent_labels = {c.key: c.label for c in offered_consents(participant.programme)}
    for row in by_kind["consent"]:
        decision = _record(row.model, row.data)
        recipient = f": {decision.recipient}" if decision.recipient else ""
        label = consent_labels.get(decision.purpose) or consent_label(
            participant.programme, decision.purpose
        )
        entries.append(
            TimelineEntry(
                _dated(decision.decided_on, decision.recorded_at),
                "consent",
                f"Consent {'given' if decision.given else 'withdrawn'}: "
                f"{label[0].lower() + label[1:]}{recipient}",
                decision.get_channel_display(),
                row.name,
            )
        )
    for row in by_kind["disclosure"]:
        disclosure = _record(row.model, row.data)
        entries.append(
            TimelineEntry(
                disclosure.disclosed_at,
                "disclosure",
                f"Disclosed: {disclosure.get_kind_display().lower()}",
                f"To {disclosure.recipient_name or disclosure.recipient_description}"
                f" – {disclosure.get_status_display().lower()}",
                row.name,
                link=disclosure,
            )
        )
    for row in by_kind["document"]:
        document = _record(row.model, row.data)
        entries.append(
            TimelineEntry(
                document.uploaded_at,
                "document",
                f"Document added: {document.title}",
                document.get_kind_display(),
                row.name,
            )
        )
    return entries


# What each kind's entry shows: its record's fields (attribute names), the fields of a related
# record ("relation__field"), and whose name it shows ("by": a user relation). The statement
# reads these and nothing else.
_SHOWN: dict[str, dict] = {
    "status": {
        "fields": (
            "on",
            "changed_at",
            "from_status",
            "to_status",
            "exit_reason",
            "exit_reason_detail",
        ),
        "by": "changed_by",
        "order": ("-on", "-id"),  # newest first: a referral and enrolment on one day show
        # enrolled above referred
    },
    "appointment": {"fields": ("id", "starts_at", "kind", "attendance")},
    "note": {
        "fields": ("created_at", "contains_third_party_information", "corrects_id"),
        "by": "author",
    },
    "support": {"fields": ("contacted_on", "recorded_at", "with_employer", "summary")},
    "placement": {"fields": ("started_on", "recorded_at", "kind", "organisation")},
    "group_session": {
        "fields": (
            "status",
            "session__id",
            "session__kind",
            "session__title",
            "session__starts_at",
        ),
    },
    "milestone": {
        "fields": (
            "id",
            "participant_id",
            "outcome_key",
            "label",
            "achieved_on",
            "recorded_at",
            "evidence",
        ),
    },
    "referral": {
        "fields": (
            "received_at",
            "channel",
            "route",
            "referring_organisation_id",
            "referring_organisation__name",
        ),
    },
    "eligibility": {"fields": ("decided_at", "decision"), "by": "decided_by"},
    "notice": {
        "fields": ("given_on", "recorded_at", "method", "version__number"),
        "by": "recorded_by",
    },
    "consent": {
        "fields": ("purpose", "recipient", "given", "decided_on", "recorded_at", "channel"),
        "by": "recorded_by",
    },
    "disclosure": {
        "fields": (
            "id",
            "kind",
            "recipient_name",
            "recipient_description",
            "status",
            "disclosed_at",
        ),
        "by": "disclosed_by",
    },
    "document": {"fields": ("uploaded_at", "title", "kind"), "by": "uploaded_by"},
}
# The encrypted fields the page shows (decrypted together once read).
_ENCRYPTED = {"note": ("text",), "support": ("summary",)}


def _intake_relations(participant: Participant) -> dict[str, QuerySet]:
    """The intake records, through the participant's relations."""
    return {
        "referral": participant.referrals.all(),
        "eligibility": participant.eligibility_assessments.all(),
        "notice": participant.notices_given.all(),
        "consent": participant.consent_decisions.all(),
        "disclosure": participant.disclosures.all(),
        "document": participant.documents.all(),
    }


@dataclass
class _Row:
    kind: str
    model: type[models.Model]
    data: dict  # the shown fields, by attribute name ("relation__field" for a related record's)
    name: str  # of the user the entry shows ("by"), or ""


def _timeline_rows(user, participant: Participant, sees_special: bool) -> list[_Row]:
    """Every kind's rows, kind by kind in the timeline's order and each kind in its own order,
    from one UNION ALL statement. Each SELECT reads the participant's own rows, and the
    statement returns them only if the participant is in the user's scope: one EXISTS over the
    scope for the whole statement, which is what `_of` asked of each kind's rows
    (`participant_id IN scope AND participant_id = X` is `participant_id = X AND X IN scope`),
    in the same snapshot for every kind."""
    alias = Participant.objects.db
    connection = connections[alias]
    quote = connection.ops.quote_name
    union_sql, union_params = _union_of_kinds(connection, sees_special)
    mark, pk = (
        Participant._meta.pk.get_db_prep_value(value, connection)
        for value in (_ANY_PARTICIPANT, participant.pk)
    )
    # The participant's row, if the user may see them: their scope's condition, compiled once
    # per request (casework.access.selectors.participant_scope_sql).
    condition, condition_params = participant_scope_sql(user)
    table = quote(Participant._meta.db_table)
    scope_sql = (
        f"SELECT 1 FROM {table} WHERE {table}.{quote(Participant._meta.pk.column)} = %s "  # noqa: S608
        f"AND {condition}"
    )
    scope_params = (pk, *condition_params)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t_rank, t_data FROM ({union_sql}) timeline "  # noqa: S608 (compiled SQL)
            f"WHERE EXISTS ({scope_sql}) ORDER BY t_rank, t_position",
            (*(pk if p == mark else p for p in union_params), *scope_params),
        )
        fetched = cursor.fetchall()
    rows = []
    for rank, data in fetched:
        if isinstance(data, str):  # SQLite's text (PostgreSQL's JSON may come decoded)
            data = json.loads(data)
        name = ""
        if data.pop("by_id", None) is not None:
            name = f"{data.pop('by__first_name')} {data.pop('by__last_name')}".strip()
        kind, model = _KINDS[rank]
        rows.append(_Row(kind, model, data, name))
    return rows


# The union's SQL is the same for every participant (their id is a parameter): compiled once per
# database and per "sees special category data" (which adds the note's text and the eligibility
# reason), for a stand-in participant whose id is then replaced by the participant's.
_ANY_PARTICIPANT = uuid.UUID("00000000-0000-4000-8000-000000000000")
_UNIONS: dict[tuple[str, bool], tuple[str, tuple]] = {}


def _union_of_kinds(connection, sees_special: bool) -> tuple[str, tuple]:
    key = (connection.alias, sees_special)
    if key not in _UNIONS:
        _UNIONS[key] = _compile_union(connection, sees_special)
    return _UNIONS[key]


def _own_rows(participant: Participant) -> dict[str, QuerySet]:
    return {
        "status": StatusChange.objects.filter(participant=participant),
        "appointment": Appointment.objects.filter(participant=participant),
        "note": CaseNote.objects.filter(participant=participant),
        "support": InWorkSupportContact.objects.filter(job__participant=participant),
        "placement": WorkPlacement.objects.filter(participant=participant),
        "group_session": GroupBooking.objects.filter(participant=participant),
        "milestone": Milestone.objects.filter(participant=participant),
        **_intake_relations(participant),
    }


_KINDS = [(kind, rows.model) for kind, rows in _own_rows(Participant(pk=_ANY_PARTICIPANT)).items()]


def _compile_union(connection, sees_special: bool) -> tuple[str, tuple]:
    shown = {
        **_SHOWN,
        "note": {
            **_SHOWN["note"],
            "fields": _SHOWN["note"]["fields"] + (("text",) if sees_special else ()),
        },
        "eligibility": {
            **_SHOWN["eligibility"],
            "fields": _SHOWN["eligibility"]["fields"]
            + (("decision_reason",) if sees_special else ()),
        },
    }
    selects = []
    own = _own_rows(Participant(pk=_ANY_PARTICIPANT))
    for rank, (kind, queryset) in enumerate(own.items()):
        what = shown[kind]
        packed = {name: _packed(queryset.model, name) for name in what["fields"]}
        if "by" in what:
            packed["by__first_name"] = F(f"{what['by']}__first_name")
            packed["by__last_name"] = F(f"{what['by']}__last_name")
            packed["by_id"] = F(f"{what['by']}_id")
        order = what.get("order", queryset.model._meta.ordering)
        selects.append(
            queryset.order_by()
            .annotate(
                t_rank=Value(rank),
                t_position=Window(RowNumber(), order_by=list(order)),
                t_data=JSONObject(**packed),
            )
            .values("t_rank", "t_position", "t_data")
        )
    union = selects[0].union(*selects[1:], all=True)
    sql, params = union.query.get_compiler(connection=connection).as_sql()
    mark = Participant._meta.pk.get_db_prep_value(_ANY_PARTICIPANT, connection)
    if sum(p == mark for p in params) != len(own):  # one filter on the participant per kind
        raise AssertionError("the timeline's statement does not name the participant once a kind")
    return sql, tuple(params)


def _packed(model, name: str):
    """The SQL for one shown field: as stored (an encrypted field's token, a JSON field's
    text), for _record to turn into its Python value."""
    field = _field(model, name)
    if isinstance(field, models.JSONField):
        return Cast(name, models.TextField())
    return F(name)


def _field(model, name: str):
    *path, last = name.split("__")
    for step in path:
        model = model._meta.get_field(step).related_model
    field = model._meta.get_field(
        last.removesuffix("_id") if last.endswith("_id") and last != "id" else last
    )
    return field


def _record(model, data: dict, prefix: str = ""):
    """The record of `model` with the fields `data` holds (the rest deferred, as `.only()`
    leaves them), each converted from its JSON form to its Python value."""
    loaded = {
        f.attname: _python(f, data[prefix + f.attname])
        for f in model._meta.concrete_fields
        if prefix + f.attname in data
    }
    return _instance(model, loaded)


def _instance(model, loaded: dict):
    """A record of `model` holding the values in `loaded` (by attribute name, already Python
    values), its other fields deferred as `.only()` leaves them."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in loaded]
    return model.from_db(DEFAULT_DB_ALIAS, names, [loaded[n] for n in names])


def _python(field, value):
    """A field's value from its JSON form (SQLite's stored text, PostgreSQL's JSON types)."""
    if value is None:
        return None
    target = field.target_field if field.is_relation else field
    if isinstance(field, models.JSONField):
        return json.loads(value)
    if isinstance(target, models.DateTimeField):
        moment = datetime.datetime.fromisoformat(value)
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)
    if isinstance(target, models.DateField):
        return datetime.date.fromisoformat(value)
    if isinstance(target, models.BooleanField):
        return bool(value)
    if isinstance(target, models.UUIDField):
        return uuid.UUID(value)
    if isinstance(target, models.IntegerField | models.AutoField):
        return int(value)
    if isinstance(target, models.DecimalField):
        return Decimal(str(value))
    return value


# ---- the caseload ---------------------------------------------------------------------------


@dataclass
class CaseloadSummary:
    next_appointment: datetime.datetime | None = None
    overdue_actions: int = 0
    milestones_due: list[tuple[str, datetime.date]] = field(default_factory=list)
    next_contact_overdue: bool = False  # the next contact date has passed


def caseload_summaries(user, participants: list[Participant]) -> dict[object, CaseloadSummary]:
    """Next appointment, overdue actions and milestones due for each participant, in a fixed
    number of queries whatever the caseload's size. A milestone is due when the jobs as they
    stand would reach it within the programme's notice period (or already have) and it is not
    recorded yet.

    `participants` are people the caller has just read through the user's scope
    (participants.selectors.caseload): their records are read by their ids alone. Asking the
    scope again in each of the four reads cost 1.3-2 ms apiece at 10,000 participants (the
    database intersected the area's 2,856 people with the 54 ids every time)."""
    ids = [p.pk for p in participants]
    summaries = {pk: CaseloadSummary() for pk in ids}
    if not ids:
        return summaries
    now = timezone.now()
    today = timezone.localdate()
    for participant in participants:
        due = participant.next_contact_on
        summaries[participant.pk].next_contact_overdue = bool(
            due and due < today and participant.status != Status.EXITED
        )
    # Two statements where there were four (decision 0226): each person's next appointment and
    # overdue actions as two subqueries of one read by id, then their jobs and recorded
    # milestones as one UNION ALL.
    upcoming = Appointment.objects.filter(
        participant_id=OuterRef("pk"), starts_at__gte=now, attendance=""
    ).order_by("starts_at")
    overdue = (
        ActionStep.objects.filter(
            participant_id=OuterRef("pk"), completed_on__isnull=True, due_on__lt=today
        )
        .order_by()
        .values("participant_id")
        .annotate(n=Count("id"))
    )
    counted = Participant.objects.filter(pk__any_of=ids).values_list(
        "pk",
        Subquery(upcoming.values("starts_at")[:1]),
        Subquery(overdue.values("n")),
    )
    for pk, next_appointment, overdue_actions in counted:
        summaries[pk].next_appointment = next_appointment
        summaries[pk].overdue_actions = overdue_actions or 0
    recorded: dict[object, set[str]] = defaultdict(set)
    jobs_of_participant: dict[object, list[JobSpell]] = defaultdict(list)
    # Only what the milestones are counted from: the job's title and employer stay encrypted.
    jobs = (
        Job.objects.filter(participant_id__any_of=ids)
        .order_by()
        .values_list(
            "participant_id",
            "pk",
            "started_on",
            "ended_on",
            "hours_per_week",
            Value(None, output_field=models.CharField()),
        )
    )
    milestones = (
        Milestone.objects.filter(participant_id__any_of=ids)
        .order_by()
        .values_list(
            "participant_id",
            Value(None, output_field=models.UUIDField()),
            Value(None, output_field=models.DateField()),
            Value(None, output_field=models.DateField()),
            Value(None, output_field=models.DecimalField(max_digits=5, decimal_places=2)),
            "outcome_key",
        )
    )
    for pid, job_id, started_on, ended_on, hours_per_week, key in jobs.union(milestones, all=True):
        if key is not None:
            recorded[pid].add(key)
        else:
            jobs_of_participant[pid].append(JobSpell(job_id, started_on, ended_on, hours_per_week))
    for spells in jobs_of_participant.values():
        spells.sort(key=lambda spell: (spell.started_on, str(spell.job_id)))
    rules_of: dict[object, object] = {}  # programme id -> its rules: one lookup per programme
    for participant in participants:
        jobs = jobs_of_participant.get(participant.pk)
        if not jobs:
            continue
        if participant.programme_id not in rules_of:
            rules_of[participant.programme_id] = rules_for(participant.programme)
        rules = rules_of[participant.programme_id]
        # A milestone already recorded is not due: it is not worked out again.
        to_count = [d for d in rules.outcome_definitions if d.key not in recorded[participant.pk]]
        if not to_count:
            continue
        horizon = today + rules.milestone_due_within
        reachable = achieved_milestones(jobs, to_count, as_of=horizon)
        summaries[participant.pk].milestones_due = [
            (evidence.label, evidence.achieved_on)
            for key, evidence in reachable.items()
            if key not in recorded[participant.pk]
        ]
    return summaries
