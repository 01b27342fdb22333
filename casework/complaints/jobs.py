"""Scheduled jobs of complaints (the worker's contract: `job(*, now) -> str`, idempotent)."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from casework.complaints.models import Complaint, ComplaintReminder, ReminderKind, Status
from casework.staff.selectors import data_protection_officer_emails

REMIND_DAYS_BEFORE = 7


def remind_complaints_due(*, now: datetime.datetime) -> str:
    """Emails each programme's data protection officers the references (never names) of
    complaints whose acknowledgement is due within a week, and of those now overdue: once per
    complaint and kind, so running it twice sends nothing twice."""
    today = timezone.localdate(now)
    waiting = Complaint.objects.filter(status=Status.RECEIVED).select_related("programme")
    due = defaultdict(list)
    for complaint in waiting.filter(acknowledge_by__lte=today + datetime.timedelta(days=7)):
        kind = ReminderKind.OVERDUE if complaint.acknowledge_by < today else ReminderKind.DUE_SOON
        try:
            with transaction.atomic():
                ComplaintReminder.objects.create(complaint=complaint, kind=kind, sent_at=now)
        except IntegrityError:
            continue
        due[complaint.programme].append((kind, complaint))
    for programme, items in due.items():
        recipients = data_protection_officer_emails(programme)
        lines = [
            f"{c.reference}: acknowledgement {'was due' if kind == ReminderKind.OVERDUE else 'due'}"
            f" by {c.acknowledge_by:%d %B %Y}"
            for kind, c in items
        ]
        if recipients:
            send_mail(
                subject=f"{programme.name}: complaints to acknowledge",
                message="\n".join(
                    [*lines, "", f"See them at {reverse('complaints:list')} in Casework."]
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=recipients,
            )
    sent = sum(len(items) for items in due.values())
    return f"{sent} reminders about complaints to acknowledge, to {len(due)} programmes"
