"""Scheduled jobs of the breach register (the worker's contract: `job(*, now) -> str`,
idempotent)."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from casework.breaches.models import REPORT_WITHIN, Breach, BreachReminder, Decision, ReminderKind
from casework.staff.selectors import data_protection_officer_emails

WARN_BEFORE = datetime.timedelta(hours=24)


def remind_breach_reports_due(*, now: datetime.datetime) -> str:
    """Emails each programme's data protection officers the references of open breaches whose
    72 hours to report end within a day, and of those past them, while no report or decision
    not to report is recorded: once per breach and kind."""
    running = (
        Breach.objects.filter(status="open", reported_at=None)
        .exclude(decision=Decision.DO_NOT_REPORT)
        .filter(aware_at__lte=now - REPORT_WITHIN + WARN_BEFORE)
        .select_related("programme")
    )
    due = defaultdict(list)
    for breach in running:
        kind = ReminderKind.OVERDUE if breach.report_due_at <= now else ReminderKind.DUE_SOON
        try:
            with transaction.atomic():
                BreachReminder.objects.create(breach=breach, kind=kind, sent_at=now)
        except IntegrityError:
            continue
        due[breach.programme].append((kind, breach))
    for programme, items in due.items():
        recipients = data_protection_officer_emails(programme)
        lines = [
            f"{b.reference}: the report to the ICO "
            f"{'was due' if kind == ReminderKind.OVERDUE else 'is due'} by "
            f"{b.clock(now)['due']}"
            for kind, b in items
        ]
        if recipients:
            send_mail(
                subject=f"{programme.name}: breaches to report to the ICO",
                message="\n".join([*lines, "", f"See them at {reverse('breaches:list')}."]),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=recipients,
            )
    sent = sum(len(items) for items in due.values())
    return f"{sent} reminders about breaches to report, to {len(due)} programmes"
