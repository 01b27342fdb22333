"""The disposal engine: applies the disposal plans (casework/disposal/plans.py) to the records of
one or more subjects, inside the caller's transaction. The retention sweep and erasure both call
it; nothing else deletes or anonymises personal data.

Everything for a subject happens in one transaction: statistics are written, encrypted files are
queued for removal (removed from the store once the transaction commits), paper files are listed
for destruction, rows are deleted or cleared, one audit event per subject is written and the
run's tallies are counted. A crash at any point leaves all of it or none of it."""

import datetime
import uuid
from collections import Counter
from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils.module_loading import import_string

from casework.audit.models import Action as AuditAction
from casework.audit.services import record_events
from casework.disposal.models import (
    AnonymisedRecord,
    DisposalTally,
    DisposalWork,
    Outcome,
    PaperFile,
    PendingFileDeletion,
)
from casework.disposal.plans import PLANS, Plan
from casework.disposal.schedule import DISPOSED_DOMAIN
from casework.documents import storage
from casework.register.record_types import RECORD_TYPES, RecordType

SWEEP_LABEL = "retention sweep"


def _model(plan: Plan):
    return apps.get_model(plan.model_label)


def _plans_of(record_type: RecordType) -> list[Plan]:
    return [PLANS[label] for label in record_type.model_labels]


def participant_plans() -> list[Plan]:
    """Every plan of a participant's records, children before parents, the participant last."""
    plans = [
        PLANS[label]
        for key, record_type in RECORD_TYPES.items()
        if record_type.owner == "participant"
        for label in record_type.model_labels
        if label != "participants.Participant"
    ]
    # Rows pointing at another participant-owned row go first (a job's support contacts).
    plans.sort(key=lambda p: "__" not in p.owner)
    return [*plans, PLANS["participants.Participant"]]


def _kept_values(plan: Plan, queryset) -> list[tuple[str, dict]]:
    """(owner id, generalised values) for each row: what anonymisation keeps."""
    names = list(plan.keep)
    owner = "pk" if plan.owner == "pk" else plan.owner
    extra = ["referred_on"] if "date_of_birth" in names and "referred_on" not in names else []
    rows = queryset.values(owner, *names, *extra)
    return [
        (str(row[owner]), {name: plan.keep[name](row[name], row) for name in names}) for row in rows
    ]


def _queue_files(plan: Plan, queryset) -> None:
    names = [n for n in queryset.values_list(plan.files, flat=True) if n]
    PendingFileDeletion.objects.bulk_create(
        [PendingFileDeletion(storage_name=n) for n in names], ignore_conflicts=True
    )
    if names:
        transaction.on_commit(remove_pending_files)


def remove_pending_files() -> int:
    """Removes from the document store the files of disposed documents (after the disposal
    committed; at the start of a sweep for any a crash left)."""
    removed = 0
    for pending in PendingFileDeletion.objects.all()[:10000]:
        storage.delete(pending.storage_name)
        pending.delete()
        removed += 1
    return removed


def _dispose_plan(
    plan: Plan,
    queryset,
    *,
    anonymise: bool,
    today,
    statistical_ids,
    programme_id,
    record_type: str,
    tally: Counter,
) -> None:
    if plan.retained:
        return
    if plan.before:
        import_string(plan.before)(queryset)
    if plan.model_label == "disposal.PaperFile":
        listed = queryset.filter(destruction_due_since__isnull=True, destroyed_on__isnull=True)
        count = listed.update(destruction_due_since=today, participant=None)
        if count:
            tally[("paper_file", Outcome.PAPER_LISTED, "")] += count
        return
    if anonymise and plan.keep:
        records = [
            AnonymisedRecord(
                record_type=record_type,
                model_label=plan.model_label,
                programme_id=programme_id,
                statistical_id=statistical_ids.setdefault(owner, uuid.uuid4()),
                values=values,
                anonymised_in=today.strftime("%Y-%m"),
            )
            for owner, values in _kept_values(plan, queryset)
        ]
        AnonymisedRecord.objects.bulk_create(records, batch_size=1000)
    if plan.files:
        _queue_files(plan, queryset)
    delete_rows(queryset)


def delete_rows(queryset) -> None:
    """DELETE the rows, in one statement, without Django's collector walking every relation
    again (the plans already list, and delete, every model that belongs to the subject; the
    database's deferred foreign keys check at commit that nothing was left pointing at them, so a
    model added without a plan fails the disposal instead of being orphaned). Many-to-many rows
    go first, the model's own and other models' pointing at it; a surviving row that points at
    a deleted one of its own model (a correction of a case note) is unlinked."""
    model = queryset.model
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        through.objects.filter(**{f"{field.m2m_field_name()}__in": queryset.values("pk")}).delete()
    # And the rows of other models' many-to-manys that point at these (a disclosure log entry's
    # link to a participant: the entry stays, the disposed person's link goes).
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            name = relation.field.m2m_reverse_field_name()
            through.objects.filter(**{f"{name}__in": queryset.values("pk")}).delete()
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is model and field.null:
            model.objects.filter(**{f"{field.name}__in": queryset.values("pk")}).exclude(
                pk__in=queryset.values("pk")
            ).update(**{field.name: None})
    # QuerySet._raw_delete: a single DELETE ... WHERE, the statement Django's own fast path runs.
    queryset._raw_delete(queryset.db)


def dispose_participants(
    participant_ids: list,
    *,
    programme_id: int,
    anonymise: bool,
    today: datetime.date,
    tally: Counter,
) -> None:
    """Every record of these participants, by their plans: anonymised (statistics kept) or
    deleted. Linked referrals are deleted too (their link would otherwise just be cleared)."""
    statistical_ids: dict[str, uuid.UUID] = {}
    staged = _staged(participant_ids)
    for plan in PLANS.values():
        if plan.retained and plan.unlink:  # rows that stay but stop saying whose they were
            _model(plan).objects.filter(**{f"{plan.unlink}__in": staged}).update(
                **{plan.unlink: None}
            )
    for plan in participant_plans():
        queryset = _model(plan).objects.filter(**{f"{plan.owner}__in": staged})
        _dispose_plan(
            plan,
            queryset,
            anonymise=anonymise,
            today=today,
            statistical_ids=statistical_ids,
            programme_id=programme_id,
            record_type=_record_type_key(plan),
            tally=tally,
        )
    _unstage(staged)


def _staged(participant_ids: list):
    """The batch's participant ids, written once to a work table that every statement of the
    disposal joins (a thousand ids in each of thirty statements cost more to send than to run)."""
    batch = uuid.uuid4()
    DisposalWork.objects.bulk_create(
        [DisposalWork(batch=batch, participant_id=pid) for pid in participant_ids],
        batch_size=1000,
    )
    return DisposalWork.objects.filter(batch=batch).values("participant_id")


def _unstage(staged) -> None:
    staged.model.objects.filter(pk__in=staged.values("pk"))._raw_delete(staged.db)


def _record_type_key(plan: Plan) -> str:
    for key, record_type in RECORD_TYPES.items():
        if plan.model_label in record_type.model_labels:
            return key
    return ""


def dispose_participant_records(
    record_type_key: str,
    participant_ids: list,
    *,
    programme_id: int,
    anonymise: bool,
    today: datetime.date,
    created_up_to: datetime.date | None,
    tally: Counter,
) -> int:
    """The records of one type of these participants (a rule of the type's own), those made on
    or before `created_up_to` when the rule counts from each record's creation. Returns how
    many records of the type's main model went."""
    record_type = RECORD_TYPES[record_type_key]
    plans = _plans_of(record_type)
    main = plans[0]
    queryset = _model(main).objects.filter(**{f"{main.owner}__in": participant_ids})
    if created_up_to is not None:
        queryset = queryset.filter(
            **{f"{record_type.created}__date__lte": created_up_to}
            if _is_datetime(main, record_type.created)
            else {f"{record_type.created}__lte": created_up_to}
        )
    ids = list(queryset.values_list("pk", flat=True))
    statistical_ids: dict[str, uuid.UUID] = {}
    for plan in reversed(plans[1:]):
        child = _model(plan).objects.filter(**{f"{plan.owner}__in": participant_ids})
        link = _link_to(plan, main)
        if link:
            child = child.filter(**{f"{link}__in": ids})
        elif created_up_to is not None:
            continue
        _dispose_plan(
            plan,
            child,
            anonymise=anonymise,
            today=today,
            statistical_ids=statistical_ids,
            programme_id=programme_id,
            record_type=record_type_key,
            tally=tally,
        )
    _dispose_plan(
        main,
        _model(main).objects.filter(pk__in=ids),
        anonymise=anonymise,
        today=today,
        statistical_ids=statistical_ids,
        programme_id=programme_id,
        record_type=record_type_key,
        tally=tally,
    )
    return len(ids)


def _is_datetime(plan: Plan, field_name: str) -> bool:
    from django.db import models

    return isinstance(_model(plan)._meta.get_field(field_name), models.DateTimeField)


def _link_to(plan: Plan, main: Plan) -> str:
    main_model = _model(main)
    for field in _model(plan)._meta.get_fields():
        if getattr(field, "many_to_one", False) and field.related_model is main_model:
            return field.name
    return ""


def dispose_referrals(
    referral_ids: list, *, programme_id: int, anonymise: bool, today, tally: Counter
) -> None:
    """Referrals that never became a participant's record."""
    plan = PLANS["referrals.Referral"]
    queryset = _model(plan).objects.filter(pk__in=referral_ids, participant__isnull=True)
    if anonymise and plan.keep:
        records = [
            AnonymisedRecord(
                record_type="referral",
                model_label=plan.model_label,
                programme_id=programme_id,
                statistical_id=uuid.uuid4(),
                values={name: plan.keep[name](row[name], row) for name in plan.keep},
                anonymised_in=today.strftime("%Y-%m"),
            )
            for row in queryset.values(*plan.keep)
        ]
        AnonymisedRecord.objects.bulk_create(records)
    delete_rows(queryset)


def dispose_group_sessions(session_ids: list, *, tally: Counter) -> None:
    from casework.groupwork.models import GroupBooking, GroupSession

    GroupBooking.objects.filter(session_id__in=session_ids).delete()
    GroupSession.objects.filter(pk__in=session_ids).delete()


def dispose_staff_accounts(user_ids: list, *, tally: Counter) -> None:
    """Staff accounts are cleared in place: the append-only audit trail points at them, so the
    row stays, with no name, a placeholder address, no password, disabled, and its roles,
    second factors and sign-in records deleted."""
    from casework.staff.models import StaffUser

    users = list(StaffUser.objects.filter(pk__in=user_ids))
    emails = [u.email for u in users]
    for label, plan in PLANS.items():
        if plan.model_label == "staff.StaffUser" or plan.retained:
            continue
        record_type = RECORD_TYPES["staff_account"]
        if label not in record_type.model_labels:
            continue
        values = emails if plan.owner.endswith("username") else user_ids
        _model(plan).objects.filter(**{f"{plan.owner}__in": values}).delete()
    for user in users:
        user.first_name = ""
        user.last_name = ""
        user.email = f"disposed-{user.pk}{DISPOSED_DOMAIN}"
        user.password = make_password(None)
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.last_login = None
        user.data_protection_training_completed_on = None
        user.data_protection_training_expires_on = None
        user.confidentiality_acknowledged_at = None
        user.save()
        user.groups.clear()
        user.user_permissions.clear()


def audit_disposals(
    *, actor, actor_label: str, purpose: str, subjects: Iterable[tuple[str | None, list[str]]]
) -> None:
    """One audit event per disposed subject: the participant's id (a case reference) and the
    record types disposed of, never a value."""
    record_events(
        events=[
            {
                "actor": actor,
                "actor_label": actor_label,
                "action": AuditAction.DISPOSAL,
                "participant": participant_id,
                "purpose": purpose,
                "changed_fields": record_types,
            }
            for participant_id, record_types in subjects
        ]
    )


def add_tallies(run, programme_id: int, tally: Counter, rule: str = "") -> None:
    """Adds the counts of one transaction to the run's tallies (in that transaction)."""
    for (record_type, outcome, reason), count in tally.items():
        key = {
            "run": run,
            "programme_id": programme_id,
            "record_type": record_type,
            "rule": rule if outcome not in (Outcome.PAPER_LISTED,) else "",
            "outcome": outcome,
            "reason": reason,
        }
        if not DisposalTally.objects.filter(**key).update(count=F("count") + count):
            DisposalTally.objects.create(**key, count=count)


__all__ = [
    "SWEEP_LABEL",
    "PaperFile",
    "add_tallies",
    "audit_disposals",
    "dispose_group_sessions",
    "dispose_participant_records",
    "dispose_participants",
    "dispose_staff_accounts",
    "remove_pending_files",
]
