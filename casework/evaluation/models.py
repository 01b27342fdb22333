"""Evaluation extracts: a release series (its pseudonym key), each extract built in it (its risk
report and its encrypted file), and the release log (who released which version to whom under
which agreement, with the risk figures and the file's SHA-256)."""

import datetime
import uuid

from django.conf import settings
from django.db import models

from casework.core.fields import EncryptedTextField
from casework.programmes.models import Programme


class ReleaseSeries(models.Model):
    """Extracts whose pseudonyms link: the same person has the same pseudonym in every extract
    of one series, and an unrelated one in any other series (the key is the series')."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=80)
    key = EncryptedTextField("pseudonym key", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="one_series_per_name")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExtractStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting to be built"
    BUILDING = "building", "Being built"
    BUILT = "built", "Built: ready to release"
    REFUSED = "refused", "Refused: thresholds cannot be met"
    FAILED = "failed", "Failed"
    RELEASED = "released", "Released"


# A build that has been "building" this long has lost its worker (a build of 500,000 people
# takes about a minute): the page says so and lets the DPO build it again.
BUILD_STALE_AFTER = datetime.timedelta(hours=1)


class EvaluationExtract(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    series = models.ForeignKey(ReleaseSeries, on_delete=models.PROTECT, related_name="extracts")
    version = models.PositiveIntegerField()
    status = models.CharField(
        max_length=16, choices=ExtractStatus.choices, default=ExtractStatus.REQUESTED
    )
    as_of = models.DateField("ages as at")
    recipient_key = models.CharField(max_length=100)
    purpose_key = models.CharField(max_length=100)
    definition = models.JSONField(default=dict)  # columns, QIs, sensitive, k, l, max suppression
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    # When the build now running (or last run) claimed it: also its claim, so a build that
    # lost its claim to a rebuild cannot overwrite what the rebuild made.
    build_started_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    refusal = models.TextField(blank=True)  # what to change, in words; no personal data
    failure = models.CharField(max_length=200, blank=True)  # the exception's class only
    # The risk report: population, suppressed, k, l per sensitive column, levels, loss.
    report = models.JSONField(default=dict)
    # The released file and the ids of the people it covers, each encrypted in the document store.
    file_name = models.CharField(max_length=64, blank=True)
    members_name = models.CharField(max_length=64, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="one_extract_per_version")
        ]
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.series.name} v{self.version}"

    def is_stale(self, now: datetime.datetime) -> bool:
        """Left "building" by a worker that stopped: claimed longer ago than BUILD_STALE_AFTER."""
        return self.status == ExtractStatus.BUILDING and (
            self.build_started_at is None or self.build_started_at < now - BUILD_STALE_AFTER
        )

    def may_build_again(self, now: datetime.datetime) -> bool:
        return self.status == ExtractStatus.FAILED or self.is_stale(now)


class ExtractRelease(models.Model):
    """The release log: one row per extract released, beside its entry in the disclosure log."""

    # The log outlives the extract's file: disposing of the extract leaves the entry.
    extract = models.OneToOneField(
        EvaluationExtract, null=True, on_delete=models.SET_NULL, related_name="release"
    )
    disclosure = models.OneToOneField(
        "disclosures.Disclosure", on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    series_name = models.CharField(max_length=80)
    version = models.PositiveIntegerField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField()
    recipient_key = models.CharField(max_length=100)
    recipient_description = models.CharField(max_length=300)
    agreement_reference = models.CharField(max_length=100)
    risk = models.JSONField(default=dict)  # k, l, suppressed, loss, thresholds, at release
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()

    class Meta:
        ordering = ["-released_at"]

    def __str__(self) -> str:
        return f"{self.series_name} v{self.version}"
