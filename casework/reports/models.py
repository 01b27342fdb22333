"""The reports' daily figures, kept by the worker (docs/decisions/0176).

Counting every referral, start, job start, outcome and exit since a programme began grows with the
programme (500,000 participants: seconds). The worker counts every record entered so far, by
partner and day, into `DailyFigure`, with the people on the programme at that moment; a report
adds to the kept days a live count of the records entered since (`FiguresKept.refreshed_at`), so
it reads a few thousand small rows and a night's new records whatever the size of the programme
(docs/decisions/0176, 0190)."""

from django.db import models

from casework.programmes.models import Programme


class DailyFigure(models.Model):
    """How many of one measure a delivery partner had on one day (no participant, only a count)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    organisation_id = models.BigIntegerField(null=True)  # the partner answering; None: none
    day = models.DateField()
    measure = models.CharField(max_length=24)
    key = models.CharField(max_length=64, blank=True)  # an outcome's key or an exit reason
    label = models.CharField(max_length=200, blank=True)  # an outcome's label
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["programme", "measure", "day"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.key} {self.day}: {self.n}"


class FiguresKept(models.Model):
    """When a programme's figures were counted: every record entered up to `refreshed_at` is in
    DailyFigure (`as_of` is that moment's day)."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField()
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"figures counted to {self.refreshed_at}"
