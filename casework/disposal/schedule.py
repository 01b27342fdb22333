"""When each record is due: RetentionDue rows, computed from the programme's current register
version when a record's anchor changes (a participant is added, exits or re-engages; a referral
arrives or is decided; a group session is set up; a new register version is loaded) so that the
sweep reads only what is due.

Subjects and their rows:
- a participant: one row for each of their programme's rules about a participant's record type
  (the participant record, and any record type with a rule of its own, such as case notes);
- a referral that never became a participant: one row, under the programme's referral rule, or
  the participant rule (a declined referral's "exit" is its decision);
- a member of staff: one row, the latest of their programmes' staff-account rules;
- a group session: one row, under the programme's group-session rule.

A rule anchored on the creation of records of a type (case notes three years after each was
written) keeps one row per participant whose date is never later than the oldest such record's:
each is disposed of when its own time comes and the row moves on to the next (a record written
later cannot be due sooner than one written earlier)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Min
from django.utils import timezone

from casework.disposal.models import RetentionDue
from casework.register.config import Anchor, RetentionRule, config_from_json
from casework.register.record_types import RECORD_TYPES, RecordType
from casework.register.retention import add_period, is_disabled, retention_ends_on

CHUNK = 2000
DISPOSED_DOMAIN = "@disposed.invalid"


@dataclass(frozen=True)
class Rules:
    programme_id: int
    slug: str
    ends_on: datetime.date
    version: int
    by_type: dict[str, RetentionRule]

    def participant_rules(self) -> dict[str, RetentionRule]:
        return {
            key: rule
            for key, rule in self.by_type.items()
            if key in RECORD_TYPES and RECORD_TYPES[key].owner == "participant"
        }


def rules_for(programme) -> Rules | None:
    """The retention rules of the programme's current register version."""
    version = programme.versions.order_by("-number").first()
    if version is None:
        return None
    config = config_from_json(version.config)
    return Rules(
        programme_id=programme.pk,
        slug=programme.slug,
        ends_on=programme.ends_on,
        version=version.number,
        by_type={rule.record_type: rule for rule in config.retention},
    )


def _describe_term(term) -> str:
    if term.anchor == Anchor.FIXED_DATE:
        return f"until {term.date:%d %B %Y}"
    period = " ".join(
        part
        for part in (
            f"{term.years} year{'s' * (term.years != 1)}" if term.years else "",
            f"{term.months} month{'s' * (term.months != 1)}" if term.months else "",
        )
        if part
    )
    anchor = {
        Anchor.PROGRAMME_END: "after the programme ends",
        Anchor.PARTICIPANT_EXIT: "after the participant leaves",
        Anchor.RECORD_CREATION: "after the record was made",
        Anchor.PARTICIPANT_AGE: f"after the participant turns {term.age}"
        + (f" ({term.age_if_disabled} if disabled)" if term.age_if_disabled else ""),
    }[term.anchor]
    return f"{period or 'at once'} {anchor}"


def describe_rule(rule: RetentionRule) -> str:
    """A rule in a few words, for the disposal log (no personal data)."""
    when = " or ".join(_describe_term(term) for term in rule.terms)
    if rule.or_later:
        when += ", whichever is later"
    return f"{when}: {rule.action.value}"


def creation_cutoff(rule: RetentionRule, today: datetime.date) -> datetime.date:
    """The last creation day of a record whose last day of retention was before `today`."""
    one_day = datetime.timedelta(days=1)
    candidate = add_period(today, -rule.years, -rule.months)
    while add_period(candidate + one_day, rule.years, rule.months) < today:
        candidate += one_day
    while add_period(candidate, rule.years, rule.months) >= today:
        candidate -= one_day
    return candidate


def _as_date(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def record_model(record_type: RecordType):
    return apps.get_model(record_type.model_label)


def _owner_lookup(record_type: RecordType) -> str:
    from casework.disposal.plans import plan_for

    return plan_for(record_type.model_label).owner


def oldest_records(record_type: RecordType, participant_ids: Iterable) -> dict[str, datetime.date]:
    """The creation day of each participant's oldest record of the type."""
    owner = _owner_lookup(record_type)
    rows = (
        record_model(record_type)
        .objects.filter(**{f"{owner}__in": list(participant_ids)})
        .values(owner)
        .annotate(oldest=Min(record_type.created))
    )
    return {str(row[owner]): _as_date(row["oldest"]) for row in rows}


def participant_due_on(
    record_type: str,
    rule: RetentionRule,
    rules: Rules,
    *,
    exited_on,
    referred_on,
    oldest: datetime.date | None,
    today: datetime.date,
    born_on: datetime.date | None = None,
    disability: str = "",
) -> datetime.date | None:
    if rule.anchor == Anchor.RECORD_CREATION and record_type != "participant":
        start = min(oldest, today) if oldest else today
        return add_period(start, rule.years, rule.months)
    return retention_ends_on(
        rule,
        programme_ends_on=rules.ends_on,
        exited_on=exited_on,
        created_on=referred_on,
        born_on=born_on,
        disabled=is_disabled(disability),
    )


def _rows_for_participants(rules: Rules, participants: list[dict], today) -> list[RetentionDue]:
    rows = []
    participant_rules = rules.participant_rules()
    oldest_by_type = {
        key: oldest_records(RECORD_TYPES[key], [p["id"] for p in participants])
        for key, rule in participant_rules.items()
        if rule.anchor == Anchor.RECORD_CREATION and key != "participant"
    }
    for p in participants:
        for key, rule in participant_rules.items():
            due_on = participant_due_on(
                key,
                rule,
                rules,
                exited_on=p["exited_on"],
                referred_on=p["referred_on"],
                oldest=oldest_by_type.get(key, {}).get(str(p["id"])),
                today=today,
                born_on=p.get("date_of_birth"),
                disability=p.get("disability") or "",
            )
            rows.append(
                RetentionDue(
                    record_type=key,
                    subject_id=str(p["id"]),
                    programme_id=rules.programme_id,
                    participant_id=p["id"],
                    due_on=due_on,
                    action=rule.action.value,
                    register_version=rules.version,
                )
            )
    return rows


def _upsert(rows: list[RetentionDue]) -> None:
    if rows:
        RetentionDue.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["record_type", "subject_id"],
            update_fields=["due_on", "action", "register_version", "programme", "participant"],
            batch_size=CHUNK,
        )


# The anchors of a participant's rules: their exit, referral, date of birth and (for an age
# rule with an older age for disabled participants) their answer about disability.
PARTICIPANT_VALUES = ("id", "exited_on", "referred_on", "date_of_birth", "disability")
_PARTICIPANT_VALUES = PARTICIPANT_VALUES


def schedule_participant(participant, *, today: datetime.date | None = None) -> None:
    """Recomputes a participant's due dates (call it in the transaction that changed an
    anchor: the participant was added, exited or re-engaged)."""
    rules = rules_for(participant.programme)
    RetentionDue.objects.filter(participant_id=participant.pk).exclude(
        record_type__in=list(rules.participant_rules()) if rules else []
    ).delete()
    if rules is None:
        return
    today = today or timezone.localdate()
    values = {name: getattr(participant, name) for name in _PARTICIPANT_VALUES}
    _upsert(_rows_for_participants(rules, [values], today))


def _referral_row(referral, rules: Rules) -> RetentionDue | None:
    rule = rules.by_type.get("referral") or rules.by_type.get("participant")
    if rule is None:
        return None
    decided = referral.status in ("declined",)
    due_on = retention_ends_on(
        rule,
        programme_ends_on=rules.ends_on,
        exited_on=_as_date(referral.decided_at) if decided else None,
        created_on=_as_date(referral.received_at),
        born_on=referral.date_of_birth,  # a referral records no answer about disability
    )
    return RetentionDue(
        record_type="referral",
        subject_id=f"referral:{referral.pk}",
        programme_id=rules.programme_id,
        participant_id=None,
        due_on=due_on,
        action=rule.action.value,
        register_version=rules.version,
    )


def schedule_referral(referral) -> None:
    """A referral's own due date while it belongs to no participant (it is received, or was
    declined); once it is a participant's, it goes with their record."""
    subject = f"referral:{referral.pk}"
    if referral.participant_id is not None:
        RetentionDue.objects.filter(record_type="referral", subject_id=subject).delete()
        return
    rules = rules_for(referral.programme)
    row = _referral_row(referral, rules) if rules else None
    if row is None:
        RetentionDue.objects.filter(record_type="referral", subject_id=subject).delete()
    else:
        _upsert([row])


def _session_row(session, rules: Rules) -> RetentionDue | None:
    rule = rules.by_type.get("group_session")
    if rule is None:
        return None
    return RetentionDue(
        record_type="group_session",
        subject_id=f"session:{session.pk}",
        programme_id=rules.programme_id,
        due_on=retention_ends_on(
            rule, programme_ends_on=rules.ends_on, created_on=_as_date(session.starts_at)
        ),
        action=rule.action.value,
        register_version=rules.version,
    )


def schedule_group_session(session) -> None:
    rules = rules_for(session.programme)
    row = _session_row(session, rules) if rules else None
    if row is None:
        RetentionDue.objects.filter(
            record_type="group_session", subject_id=f"session:{session.pk}"
        ).delete()
    else:
        _upsert([row])


def staff_due(
    user, rules_by_programme: dict[int, Rules | None]
) -> tuple[datetime.date, Rules] | None:
    """The latest of the staff-account rules of the programmes the user works on, or None if
    any of them keeps staff accounts without an end (or the user works on none)."""
    latest = None
    for programme_id in {m.programme_id for m in user.memberships.all()}:
        rules = rules_by_programme.get(programme_id)
        rule = rules.by_type.get("staff_account") if rules else None
        ends = (
            retention_ends_on(
                rule, programme_ends_on=rules.ends_on, created_on=_as_date(user.date_joined)
            )
            if rule
            else None
        )
        if ends is None:
            return None
        if latest is None or ends > latest[0]:
            latest = (ends, rules)
    return latest


def schedule_staff_accounts() -> int:
    """Recomputes every staff account's due date (a few hundred accounts: cheap, so the sweep
    does it first rather than every membership change having to)."""
    from casework.programmes.models import Programme
    from casework.staff.models import StaffUser

    rules_by_programme = {p.pk: rules_for(p) for p in Programme.objects.all()}
    rows, unscheduled = [], []
    # Disabled accounts too (they still hold a name); not those already cleared.
    users = StaffUser.objects.exclude(email__endswith=DISPOSED_DOMAIN).prefetch_related(
        "memberships"
    )
    for user in users:
        due = staff_due(user, rules_by_programme)
        if due is None:
            unscheduled.append(str(user.pk))
            continue
        due_on, rules = due
        rows.append(
            RetentionDue(
                record_type="staff_account",
                subject_id=str(user.pk),
                programme_id=rules.programme_id,
                due_on=due_on,
                action=rules.by_type["staff_account"].action.value,
                register_version=rules.version,
            )
        )
    RetentionDue.objects.filter(record_type="staff_account", subject_id__in=unscheduled).delete()
    _upsert(rows)
    return len(rows)


def reschedule_programme(programme, *, today: datetime.date | None = None) -> int:
    """Recomputes every due date of a programme from its current register version (after a new
    version is loaded). Streams the participants in chunks."""
    from casework.groupwork.models import GroupSession
    from casework.participants.models import Participant
    from casework.referrals.models import Referral

    today = today or timezone.localdate()
    rules = rules_for(programme)
    kinds = list(rules.participant_rules()) if rules else []
    RetentionDue.objects.filter(programme=programme, participant__isnull=False).exclude(
        record_type__in=kinds
    ).delete()
    if rules is None:
        return 0
    count = 0
    last = None
    base = Participant.objects.filter(programme=programme).order_by("id")
    while True:
        chunk_qs = base.filter(id__gt=last) if last else base
        chunk = list(chunk_qs.values(*_PARTICIPANT_VALUES)[:CHUNK])
        if not chunk:
            break
        rows = _rows_for_participants(rules, chunk, today)
        _upsert(rows)
        count += len(rows)
        last = chunk[-1]["id"]
    referral_rows = [
        row
        for referral in Referral.objects.filter(programme=programme, participant__isnull=True)
        if (row := _referral_row(referral, rules))
    ]
    _upsert(referral_rows)
    session_rows = [
        row
        for session in GroupSession.objects.filter(programme=programme)
        if (row := _session_row(session, rules))
    ]
    if not session_rows:
        RetentionDue.objects.filter(programme=programme, record_type="group_session").delete()
    _upsert(session_rows)
    return count + len(referral_rows) + len(session_rows)


def schedule_everything() -> int:
    """Every due date, from scratch (after installing the disposal engine on existing data)."""
    from casework.programmes.models import Programme

    total = sum(reschedule_programme(p) for p in Programme.objects.all())
    return total + schedule_staff_accounts()
