"""Scheduled jobs of rights requests (the worker's contract: `job(*, now) -> str`, idempotent)."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from casework.rights.models import (
    RequestReminder,
    RequestReminderKind,
    RequestStatus,
    RightsRequest,
)
from casework.rights.selectors import DUE_SOON_DAYS
from casework.staff.selectors import data_protection_officer_emails


def remind_requests_due(*, now: datetime.datetime) -> str:
    """Emails each programme's data protection officers the references (never names) of open
    rights requests due within a week and of those overdue: once per request, kind and
    deadline (an extension or a pause gives a new deadline, and a new reminder), so running it
    twice sends nothing twice. Paused requests have no deadline and are not reminded."""
    today = timezone.localdate(now)
    due = defaultdict(list)
    waiting = RightsRequest.objects.filter(
        status=RequestStatus.OPEN,
        due_on__isnull=False,
        due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
    ).select_related("programme")
    for request in waiting.order_by("due_on"):
        kind = (
            RequestReminderKind.OVERDUE if request.due_on < today else RequestReminderKind.DUE_SOON
        )
        try:
            with transaction.atomic():
                RequestReminder.objects.create(
                    request=request, kind=kind, due_on=request.due_on, sent_at=now
                )
        except IntegrityError:
            continue
        due[request.programme].append((kind, request))
    for programme, items in due.items():
        recipients = data_protection_officer_emails(programme)
        lines = [
            f"{r.reference}: {r.get_kind_display().split(':')[0].lower()} request "
            f"{'was due' if kind == RequestReminderKind.OVERDUE else 'due'} by "
            f"{r.due_on:%d %B %Y}"
            for kind, r in items
        ]
        if recipients:
            send_mail(
                subject=f"{programme.name}: rights requests due",
                message="\n".join(
                    [*lines, "", f"See them at {reverse('rights:list')} in Casework."]
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=recipients,
            )
    sent = sum(len(items) for items in due.values())
    return f"{sent} reminders about rights requests due, to {len(due)} programmes"
