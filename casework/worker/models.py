"""One row per run of a scheduled job: the claim of a slot, then its result.

The unique (job, slot) pair is the claim: whichever worker inserts it first runs that slot, and
every other worker's insert fails, so a slot runs once however many workers are running."""

from django.db import models


class Outcome(models.TextChoices):
    QUEUED = "queued", "Waiting to run"
    RUNNING = "running", "Running"
    OK = "ok", "Succeeded"
    FAILED = "failed", "Failed"


class JobRun(models.Model):
    job = models.CharField(max_length=100, help_text="The schedule entry's name.")
    slot = models.DateTimeField(help_text="The scheduled time this run is for.")
    claimed_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=200, help_text="The worker: host and process.")
    run_by = models.CharField(max_length=200, blank=True, help_text="The worker that ran it.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.QUEUED)
    summary = models.CharField(max_length=500, blank=True)
    error = models.TextField(
        blank=True, help_text="The exception's type and where it was raised; never its message."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="worker_jobrun_one_per_slot")
        ]
        indexes = [models.Index(fields=["outcome", "-slot"], name="worker_jobrun_outcome")]
        ordering = ["-slot", "job"]

    def __str__(self) -> str:
        return f"{self.job} at {self.slot:%Y-%m-%d %H:%M} ({self.outcome})"

    @property
    def finished(self) -> bool:
        return self.outcome in (Outcome.OK, Outcome.FAILED)
