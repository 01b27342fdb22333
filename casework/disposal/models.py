"""The disposal engine's records: when each record is due (RetentionDue, an indexed date kept up
to date when its anchor changes), legal holds, the disposal log (DisposalRun and its tallies),
what anonymisation kept for statistics, tombstones of erasures, paper files and the encrypted
files waiting to be removed from the document store. None of the log's tables holds personal
data: counts, record types, rules and reasons only."""

import uuid

from django.conf import settings
from django.db import models

from casework.programmes.models import Programme


class RetentionDue(models.Model):
    """The last day a record is kept under its programme's current rule (it is disposed of the
    day after). One row per
    record type per subject: a participant (for their record and the records that are theirs),
    a referral that never became a participant, a member of staff, a group session. Kept up to
    date by casework.disposal.schedule when the anchor changes, so the sweep reads only the rows
    that are due (an index on the date)."""

    record_type = models.CharField(max_length=40)
    subject_id = models.CharField(max_length=64)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        "participants.Participant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="retention_due",
    )
    due_on = models.DateField(null=True, blank=True)
    action = models.CharField(max_length=16)
    register_version = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "subject_id"], name="one_due_date_per_record"
            )
        ]
        indexes = [
            models.Index(fields=["due_on", "id"], name="retention_due_on"),
            models.Index(fields=["programme", "due_on"], name="retention_due_programme"),
        ]

    def __str__(self) -> str:
        return f"{self.record_type} due on {self.due_on}"


class HoldReason(models.TextChoices):
    LITIGATION = "litigation", "Litigation or an expected claim"
    COMPLAINT = "complaint", "An open complaint"
    RIGHTS_REQUEST = "rights_request", "An open rights request"
    FUNDER_AUDIT = "funder_audit", "A funder's audit requirement"
    INVESTIGATION = "investigation", "An investigation (such as a breach or safeguarding)"


class LegalHold(models.Model):
    """Stops disposal of one participant's records, or of a whole programme's, until lifted."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(
        "participants.Participant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="legal_holds",
    )
    reason = models.CharField(max_length=20, choices=HoldReason.choices)
    reference = models.CharField(
        "case reference", max_length=100, blank=True, help_text="Such as the complaint's number"
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField()
    review_on = models.DateField("review date")
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review_on", "id"]
        indexes = [models.Index(fields=["programme", "lifted_at"], name="legal_hold_active")]

    def __str__(self) -> str:
        return f"Legal hold ({self.get_reason_display()})"

    @property
    def active(self) -> bool:
        return self.lifted_at is None


class RunKind(models.TextChoices):
    SWEEP = "sweep", "Retention sweep"
    DRY_RUN = "dry_run", "Dry run (nothing disposed of)"
    ERASURE = "erasure", "Erasure of one participant"


class RunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FINISHED_WITH_FAILURES = "failures", "Finished, some records failed"
    INTERRUPTED = "interrupted", "Interrupted (a later run finished its work)"


class DisposalRun(models.Model):
    """One run of the disposal engine: a sweep, a dry run or an erasure. Its tallies say what was
    disposed of, skipped and why; never whose."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=16, choices=RunKind.choices)
    status = models.CharField(max_length=16, choices=RunStatus.choices)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    as_of = models.DateField(help_text="The day whose due records the run disposed of")
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # {programme slug: register version number} the rules came from.
    register_versions = models.JSONField(default=dict)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    request_reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} started {self.started_at:%Y-%m-%d %H:%M}"


class Outcome(models.TextChoices):
    DELETED = "delete", "Deleted"
    ANONYMISED = "anonymise", "Anonymised"
    WOULD_DELETE = "would_delete", "Would be deleted"
    WOULD_ANONYMISE = "would_anonymise", "Would be anonymised"
    HELD = "held", "Skipped: legal hold"
    NOT_DUE = "not_due", "Skipped: no longer due (date moved)"
    PAPER_LISTED = "paper_listed", "Paper file listed for destruction"
    FAILED = "failed", "Failed (logged, left as it was)"


class DisposalTally(models.Model):
    """How many records of one type one run disposed of (or skipped) in one way, under which
    rule. Updated in the same transaction as the records it counts."""

    run = models.ForeignKey(DisposalRun, on_delete=models.CASCADE, related_name="tallies")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=40)
    rule = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reason = models.CharField(max_length=200, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["programme", "record_type", "outcome"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "programme", "record_type", "rule", "outcome", "reason"],
                name="one_tally_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.outcome}: {self.count}"


class AnonymisedRecord(models.Model):
    """What anonymisation kept of one record for statistics: generalised values (a month, an
    age band, an outward code, an outcome) under a new random id shared only by the records of
    the same disposed participant, so counts per person still work and nothing links back."""

    record_type = models.CharField(max_length=40)
    model_label = models.CharField(max_length=80)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    statistical_id = models.UUIDField(db_index=True)
    values = models.JSONField(default=dict)
    anonymised_in = models.CharField(max_length=7, help_text="YYYY-MM")

    class Meta:
        indexes = [models.Index(fields=["programme", "record_type"], name="anonymised_type")]

    def __str__(self) -> str:
        return f"Anonymised {self.record_type}"


class ErasureTombstone(models.Model):
    """That a participant's record was erased, when and under which request: no personal data.
    The participant's id is the same pseudonymous case reference the audit trail keeps; it lets
    an erasure be applied again if a backup older than it is ever restored."""

    participant_id = models.UUIDField(unique=True)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    erased_at = models.DateTimeField()
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=200)
    request_reference = models.CharField(max_length=100)
    run = models.ForeignKey(DisposalRun, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"Erased under {self.request_reference}"


class PaperFile(models.Model):
    """A physical file kept for a participant (forms signed on paper, letters): where it is, and,
    once its retention ends, that a person destroyed it. Casework cannot shred paper: the sweep
    lists it for destruction and a person confirms."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(
        "participants.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="paper_files",
    )
    reference = models.CharField(
        "file reference", max_length=50, help_text="The label on the file, never a name"
    )
    location = models.CharField(max_length=200)
    opened_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    destruction_due_since = models.DateField(null=True, blank=True)
    destroyed_on = models.DateField(null=True, blank=True)
    destroyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    destruction_method = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["destruction_due_since", "reference"]
        indexes = [models.Index(fields=["programme", "destruction_due_since"], name="paper_due")]

    def __str__(self) -> str:
        return f"Paper file {self.reference}"


class PendingFileDeletion(models.Model):
    """An encrypted document file whose record was disposed of, to be removed from the store.
    Written in the disposal's transaction; the file is removed after it commits, and any left by
    a crash are removed at the start of the next sweep."""

    storage_name = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return "File waiting to be removed"


class DisposalWork(models.Model):
    """The ids of the participants one transaction of the engine is disposing of, joined by each
    of its statements; written and emptied inside that transaction."""

    batch = models.UUIDField(db_index=True)
    participant_id = models.UUIDField()

    def __str__(self) -> str:
        return "Disposal work item"
