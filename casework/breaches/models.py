"""The breach register: every personal data breach, following the questions of the ICO's
personal data breach report form, the decision to report it to the ICO (or not, with the
reason), the 72-hour clock from awareness, the people affected and what they were told, and the
other controllers told. Writes go through casework.breaches.services."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from casework.participants.models import Participant
from casework.programmes.models import Programme

REPORT_WITHIN = datetime.timedelta(hours=72)


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


class ReportType(models.TextChoices):
    INITIAL = "initial", "Initial report"
    FOLLOW_UP = "follow_up", "Follow-up report"


class CyberIncident(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Don't know"


class SubjectCategory(models.TextChoices):
    PARTICIPANTS = "participants", "Participants (people using the programme)"
    REFERRALS = "referrals", "People referred or enquiring"
    STAFF = "staff", "Staff"
    CHILDREN = "children", "Children"
    VULNERABLE_ADULTS = "vulnerable_adults", "Vulnerable adults"
    NOT_KNOWN = "not_known", "Not yet known"
    OTHER = "other", "Other"


class Count(models.TextChoices):
    EXACT = "exact", "Exactly"
    AT_MOST = "at_most", "At most (the exact number is not known)"


class Risk(models.TextChoices):
    UNLIKELY = "unlikely", "Unlikely to result in a risk to people"
    RISK = "risk", "A risk to people's rights and freedoms"
    HIGH = "high", "A high risk to people's rights and freedoms"


class Decision(models.TextChoices):
    REPORT = "report", "Report to the ICO"
    DO_NOT_REPORT = "do_not_report", "Do not report to the ICO"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Breach(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="breaches")
    reference = models.CharField(max_length=16, unique=True, editable=False)
    summary = models.CharField("short description", max_length=200)
    # The ICO's report form. Its guidance asks that no personal data of those affected be
    # included, and the form here says so: these fields describe the incident.
    report_type = models.CharField(
        max_length=16, choices=ReportType.choices, default=ReportType.INITIAL
    )
    ico_reference = models.CharField("ICO case reference", max_length=50, blank=True)
    what_happened = models.TextField("what happened")
    cyber_incident = models.CharField(
        "was it a cyber incident?", max_length=8, choices=CyberIncident.choices
    )
    how_discovered = models.TextField("how the breach was discovered")
    occurred_at = models.DateTimeField("when the breach happened", null=True, blank=True)
    aware_at = models.DateTimeField("when we became aware of it")
    data_categories = models.JSONField("categories of personal data", default=list, blank=True)
    data_categories_other = models.CharField("other personal data", max_length=300, blank=True)
    subject_categories = models.JSONField("categories of people", default=list, blank=True)
    records_affected = models.PositiveIntegerField("records affected", null=True, blank=True)
    records_count = models.CharField(max_length=8, choices=Count.choices, default=Count.EXACT)
    people_affected = models.PositiveIntegerField("people affected", null=True, blank=True)
    people_count = models.CharField(max_length=8, choices=Count.choices, default=Count.EXACT)
    unidentified_people = models.PositiveIntegerField(
        "people affected who cannot be identified", default=0
    )
    likely_consequences = models.TextField("likely consequences", blank=True)
    containment = models.TextField("containment and recovery", blank=True)
    risk = models.CharField("risk to people", max_length=12, choices=Risk.choices, blank=True)
    risk_reasoning = models.TextField("why that level of risk", blank=True)
    # Plain words for the letter to each person affected (the ICO form's "what happened" is
    # written for the regulator).
    what_to_tell_people = models.TextField("what happened, for the people affected", blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True)
    decision_reason = models.TextField("reason for the decision", blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField("when it was reported to the ICO", null=True, blank=True)
    delay_reason = models.TextField("reason for reporting after 72 hours", blank=True)

    # Raised from a monitoring alert: the alert and the audit events it concerns.
    source_alert = models.ForeignKey(
        "audit.Alert", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The ids of the audit events it is about (for events written before sealing, the id is
    # also the sequence, hence the name).
    audit_sequences = models.JSONField(default=list, blank=True)

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-aware_at"]
        indexes = [models.Index(fields=["programme", "status", "aware_at"])]
        verbose_name_plural = "breaches"

    def __str__(self) -> str:
        return f"Breach {self.reference}"

    @property
    def report_due_at(self) -> datetime.datetime:
        return self.aware_at + REPORT_WITHIN

    @property
    def clock_running(self) -> bool:
        """The 72-hour clock runs until it is reported or decided not to report."""
        return not self.reported_at and self.decision != Decision.DO_NOT_REPORT

    def time_left(self, now: datetime.datetime | None = None) -> datetime.timedelta:
        return self.report_due_at - (now or timezone.now())

    def clock(self, now: datetime.datetime | None = None) -> dict:
        """The 72-hour clock as people read it: what is due by when, and how long is left (or
        how late it is); stopped once reported or decided not to report."""
        due = timezone.localtime(self.report_due_at)
        due_text = f"{due.day} {due:%B %Y at %H:%M}"
        if self.reported_at:
            late = " (late)" if self.reported_late else ""
            return {"state": "reported", "text": f"Reported to the ICO{late}", "due": due_text}
        if self.decision == Decision.DO_NOT_REPORT:
            return {"state": "stopped", "text": "Decided not to report", "due": due_text}
        left = self.time_left(now)
        hours = abs(left.total_seconds()) / 3600
        span = f"{_count(int(hours), 'hour')} {_count(int(hours % 1 * 60), 'minute')}"
        if left.total_seconds() < 0:
            return {"state": "overdue", "text": f"Report overdue by {span}", "due": due_text}
        return {"state": "running", "text": f"{span} left to report", "due": due_text}

    @property
    def reported_late(self) -> bool:
        return bool(self.reported_at and self.reported_at > self.report_due_at)

    @property
    def hours_to_report(self) -> float | None:
        if not self.reported_at:
            return None
        return (self.reported_at - self.aware_at).total_seconds() / 3600


class AffectedPerson(models.Model):
    """A participant affected by the breach, and (where the risk is high) how and when they
    were told."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="people")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="breaches_affecting"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    told_at = models.DateTimeField(null=True, blank=True)
    told_how = models.CharField(max_length=8, blank=True)
    told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["added_at"]
        constraints = [
            models.UniqueConstraint(fields=["breach", "participant"], name="one_link_per_person")
        ]

    def __str__(self) -> str:
        return f"Person affected by {self.breach}"


class ControllerNotice(models.Model):
    """One of the programme's other controllers (accountable body, joint controllers, the
    government department) told of the breach."""

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="controllers_told")
    organisation = models.CharField(max_length=200)
    told_at = models.DateTimeField()
    told_how = models.CharField(max_length=100)
    told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["told_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["breach", "organisation"], name="one_notice_per_controller"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} told of {self.breach}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Report to the ICO due within 24 hours"
    OVERDUE = "overdue", "Report to the ICO overdue"


class BreachReminder(models.Model):
    """A reminder of the 72-hour clock sent to the programme's data protection officers (by
    the worker's job), one per breach and kind, so running the job twice sends nothing twice."""

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["breach", "kind"], name="one_breach_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.breach}"
