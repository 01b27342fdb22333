"""Every write of the disposal engine that a person does: legal holds, paper files and their
destruction, and erasure of one participant (which runs the same disposal plans as the sweep)."""

import datetime
from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework.access.permissions import Action, has_permission
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.disposal import engine
from casework.disposal.models import (
    DisposalRun,
    ErasureTombstone,
    HoldReason,
    LegalHold,
    Outcome,
    PaperFile,
    RunKind,
    RunStatus,
)
from casework.disposal.schedule import rules_for
from casework.participants.models import Participant


def _require(actor, action: Action, programme) -> None:
    if not has_permission(actor, action, programme):
        raise PermissionDenied(f"Your role does not allow you to {action.label}.")


@transaction.atomic
def place_hold(
    *,
    actor,
    programme,
    reason: str,
    review_on: datetime.date | None,
    participant: Participant | None = None,
    reference: str = "",
) -> LegalHold:
    """Stops disposal of a participant's records (or all of a programme's) until lifted."""
    _require(actor, Action.MANAGE_RETENTION, programme)
    errors = {}
    if participant is not None and participant.programme_id != programme.pk:
        errors["participant"] = "Choose a participant of this programme"
    if reason not in HoldReason.values:
        errors["reason"] = "Choose why the records must be kept"
    if review_on is None:
        errors["review_on"] = "Enter the date the hold is to be reviewed"
    elif review_on <= timezone.localdate():
        errors["review_on"] = "The review date must be in the future"
    if len(reference) > 100:
        errors["reference"] = "The case reference must be 100 characters or fewer"
    if errors:
        raise ValidationError(errors)
    hold = LegalHold.objects.create(
        programme=programme,
        participant=participant,
        reason=reason,
        reference=reference.strip(),
        placed_by=actor,
        placed_at=timezone.now(),
        review_on=review_on,
    )
    record_event(
        actor=actor,
        action=AuditAction.RETENTION,
        participant=participant,
        purpose="legal_hold",
        changed_fields=["legal_hold"],
    )
    return hold


@transaction.atomic
def lift_hold(*, actor, hold: LegalHold) -> LegalHold:
    _require(actor, Action.MANAGE_RETENTION, hold.programme)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.lifted_at is not None:
        raise ValidationError("This hold has already been lifted.")
    hold.lifted_at = timezone.now()
    hold.lifted_by = actor
    hold.save(update_fields=["lifted_at", "lifted_by"])
    record_event(
        actor=actor,
        action=AuditAction.RETENTION,
        participant=hold.participant_id,
        purpose="legal_hold",
        changed_fields=["legal_hold_lifted"],
    )
    return hold


@transaction.atomic
def record_paper_file(
    *, actor, participant: Participant, reference: str, location: str, opened_on: datetime.date
) -> PaperFile:
    """Records that a physical file is kept for the participant (so its destruction is due
    when their retention ends)."""
    _require(actor, Action.EDIT_PARTICIPANT, participant.programme)
    errors = {}
    if not reference.strip():
        errors["reference"] = "Enter the label on the file"
    if not location.strip():
        errors["location"] = "Enter where the file is kept"
    if opened_on > timezone.localdate():
        errors["opened_on"] = "The date the file was opened must be today or in the past"
    if errors:
        raise ValidationError(errors)
    paper = PaperFile.objects.create(
        programme=participant.programme,
        participant=participant,
        reference=reference.strip(),
        location=location.strip(),
        opened_on=opened_on,
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        action=AuditAction.PARTICIPANT_RECORD,
        participant=participant,
        purpose="retention.paper_file",
        changed_fields=["paper_file"],
    )
    return paper


@transaction.atomic
def confirm_paper_file_destroyed(*, actor, paper_file: PaperFile, method: str) -> PaperFile:
    """A person confirms they destroyed a physical file the sweep listed (logged)."""
    _require(actor, Action.MANAGE_RETENTION, paper_file.programme)
    paper_file = PaperFile.objects.select_for_update().get(pk=paper_file.pk)
    if paper_file.destruction_due_since is None:
        raise ValidationError("This file is not due for destruction.")
    if paper_file.destroyed_on is not None:
        raise ValidationError("This file's destruction has already been confirmed.")
    method = method.strip()
    if not method:
        raise ValidationError({"method": "Enter how the file was destroyed"})
    if len(method) > 200:
        raise ValidationError({"method": "How it was destroyed must be 200 characters or fewer"})
    paper_file.destroyed_on = timezone.localdate()
    paper_file.destroyed_by = actor
    paper_file.destruction_method = method
    paper_file.location = ""
    paper_file.save()
    record_event(
        actor=actor,
        action=AuditAction.RETENTION,
        purpose="paper_destroyed",
        changed_fields=["paper_file"],
    )
    return paper_file


def can_erase(actor, participant: Participant) -> bool:
    return has_permission(actor, Action.MANAGE_REQUESTS, participant.programme)


@transaction.atomic
def erase_participant(
    *, by, participant: Participant, reason: str, request_reference: str
) -> ErasureTombstone:
    """Erases one participant now, by the same disposal plans the sweep uses (deleted, nothing
    kept for statistics), records it in the disposal log and leaves a tombstone. Refused while a
    legal hold is on the participant or their programme."""
    if not can_erase(by, participant):
        raise PermissionDenied("Your role does not allow you to manage rights requests.")
    errors = {}
    if not reason.strip():
        errors["reason"] = "Enter why the record is erased"
    if not request_reference.strip():
        errors["request_reference"] = "Enter the reference of the erasure request"
    hold = (
        LegalHold.objects.filter(lifted_at__isnull=True, programme=participant.programme_id)
        .filter(participant__isnull=True)
        .first()
        or participant.legal_holds.filter(lifted_at__isnull=True).first()
    )
    if hold:
        errors["participant"] = (
            f"The record is under a legal hold ({hold.get_reason_display().lower()}); "
            "lift the hold before erasing"
        )
    if errors:
        raise ValidationError(errors)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    now = timezone.now()
    rules = rules_for(participant.programme)
    run = DisposalRun.objects.create(
        kind=RunKind.ERASURE,
        status=RunStatus.RUNNING,
        started_at=now,
        as_of=timezone.localdate(),
        programme=participant.programme,
        register_versions={participant.programme.slug: rules.version} if rules else {},
        started_by=by,
        request_reference=request_reference.strip()[:100],
    )
    tally: Counter = Counter()
    engine.dispose_participants(
        [participant.pk],
        programme_id=participant.programme_id,
        anonymise=False,
        today=timezone.localdate(),
        tally=tally,
    )
    tally[("participant", Outcome.DELETED, "")] += 1
    engine.add_tallies(run, participant.programme_id, tally, rule="erasure request")
    engine.audit_disposals(
        actor=by,
        actor_label="",
        purpose="erasure",
        subjects=[(str(participant.pk), ["participant"])],
    )
    run.status = RunStatus.FINISHED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return ErasureTombstone.objects.create(
        participant_id=participant.pk,
        programme=participant.programme,
        erased_at=now,
        erased_by=by,
        reason=reason.strip()[:200],
        request_reference=request_reference.strip()[:100],
        run=run,
    )
