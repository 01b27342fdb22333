"""A monthly management-information return to the DWP: each build (its rows in an encrypted
file, its validation findings, its differences from the month's previous release), the files
kept for it, and its release (the return's release log; the disclosure itself is in the
disclosure log, casework.disclosures.Disclosure)."""

import uuid

from django.conf import settings
from django.db import models


class BuildState(models.TextChoices):
    QUEUED = "queued", "Waiting to be built"
    BUILDING = "building", "Being built"
    BUILT = "built", "Built: check the validation report, then release"
    FAILED = "failed", "The build failed"
    RELEASED = "released", "Released to the DWP"
    SUPERSEDED = "superseded", "Not released: a later build of the month replaced it"


class MonthlyReturn(models.Model):
    """One build of a programme's return for a calendar month, under one definition version."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="monthly_returns"
    )
    month = models.DateField(help_text="The first day of the month the return is for")
    register_version = models.ForeignKey(
        "register.RegisterVersion", on_delete=models.PROTECT, related_name="+"
    )
    definition_version = models.CharField(max_length=80)
    columns = models.JSONField(help_text="The columns as the definition gave them at the build")
    state = models.CharField(max_length=16, choices=BuildState.choices, default=BuildState.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_expected = models.PositiveIntegerField(default=0)
    row_count = models.PositiveIntegerField(default=0)
    rows_with_findings = models.PositiveIntegerField(default=0)
    # {column key: {"missing": n, "out_of_range": n, "inconsistent": n}}
    findings_by_column = models.JSONField(default=dict)
    findings_sample = models.JSONField(default=list)
    # Against the month's latest release, when there is one.
    compared_with = models.ForeignKey(
        "returns.ReturnRelease", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    differences = models.JSONField(default=dict)
    csv_sha256 = models.CharField(max_length=64, blank=True)
    failure = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    # Moved on by the build after each chunk of rows: a build that has not moved for
    # services.STALE_AFTER has lost its worker and is shown (and kept) as failed.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["programme", "month", "requested_at"])]

    def __str__(self) -> str:
        return f"DWP return {self.month:%B %Y} ({self.definition_version})"

    @property
    def finished(self) -> bool:
        return self.state not in (BuildState.QUEUED, BuildState.BUILDING)

    @property
    def percent_done(self) -> int:
        if not self.rows_expected:
            return 100 if self.finished else 0
        return min(100, self.rows_done * 100 // self.rows_expected)

    @property
    def findings_total(self) -> int:
        return sum(sum(kinds.values()) for kinds in self.findings_by_column.values())


class FileKind(models.TextChoices):
    CSV = "csv", "The return (CSV)"
    XLSX = "xlsx", "The return (Excel workbook)"
    FINDINGS = "findings", "The validation report (CSV)"


class ReturnFile(models.Model):
    """A file of a build, encrypted in the document store, kept until retention removes it."""

    monthly_return = models.ForeignKey(
        MonthlyReturn, on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(max_length=16, choices=FileKind.choices)
    storage_name = models.CharField(max_length=64)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["monthly_return", "kind"], name="one_return_file_per_kind"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class ReturnRelease(models.Model):
    """The return's release log: who released which build, when, under which definition and
    agreement, with its validation figures and the SHA-256 of each file; the disclosure gate's
    record of the people it covers is `disclosure`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    monthly_return = models.OneToOneField(
        MonthlyReturn, on_delete=models.CASCADE, related_name="release"
    )
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="return_releases"
    )
    month = models.DateField()
    definition_version = models.CharField(max_length=80)
    disclosure = models.ForeignKey(
        "disclosures.Disclosure", on_delete=models.PROTECT, related_name="+"
    )
    recipient_key = models.CharField(max_length=80)
    recipient_description = models.TextField()
    agreement_reference = models.CharField(max_length=120, blank=True)
    row_count = models.PositiveIntegerField()
    rows_with_findings = models.PositiveIntegerField()
    findings_total = models.PositiveIntegerField()
    csv_sha256 = models.CharField(max_length=64)
    # Blank until the worker has made the workbook (services.make_workbook).
    xlsx_sha256 = models.CharField(max_length=64, blank=True)
    resubmission_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="resubmissions"
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField()

    class Meta:
        ordering = ["-released_at"]
        indexes = [models.Index(fields=["programme", "month", "released_at"])]

    def __str__(self) -> str:
        return f"DWP return {self.month:%B %Y} released {self.released_at:%d %B %Y}"
