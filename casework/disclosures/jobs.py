"""Scheduled jobs of the disclosure gate (the worker's contract: idempotent, safe to run twice,
a one-line summary without personal data)."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.disclosures.models import (
    ExpiryWarning,
    InformDecision,
    SafeguardingDisclosure,
    SafeguardingStatus,
)
from casework.disclosures.selectors import WARN_DAYS, agreements
from casework.programmes.models import Programme
from casework.staff.selectors import data_protection_officer_emails


def warn_of_expiring_agreements(*, now: datetime.datetime) -> str:
    """Emails each programme's DPOs once about every data-sharing agreement that expires within
    60 days (a disclosure under it is refused from the day after it expires)."""
    today = timezone.localdate(now)
    warned = 0
    for programme in Programme.objects.order_by("pk"):
        for row in agreements(programme, today):
            if row.state != "expiring":
                continue
            try:
                with transaction.atomic():
                    ExpiryWarning.objects.create(
                        programme=programme,
                        agreement_reference=row.reference,
                        expires_on=row.expires_on,
                        warned_at=now,
                    )
                    recipients = data_protection_officer_emails(programme)
                    if recipients:
                        send_mail(
                            f"Data-sharing agreement {row.reference} expires on "
                            f"{row.expires_on:%-d %B %Y}",
                            f"The data-sharing agreement {row.reference} with "
                            f"{row.recipient.description} ({programme.name}) expires on "
                            f"{row.expires_on:%-d %B %Y}, in {row.days_left} days. From the day "
                            "after, Casework refuses every disclosure under it. Renew it and "
                            "load the programme's register with the new dates.",
                            settings.DEFAULT_FROM_EMAIL,
                            recipients,
                        )
            except IntegrityError:
                continue  # warned already
            warned += 1
    return f"warned of {warned} agreement(s) expiring within {WARN_DAYS} days"


def remind_inform_reviews(*, now: datetime.datetime) -> str:
    """Reminds whoever asked for a safeguarding disclosure (and the DPOs) when the decision not
    to tell the person yet is due for review; once per review date."""
    today = timezone.localdate(now)
    due = SafeguardingDisclosure.objects.filter(
        status=SafeguardingStatus.DISCLOSED,
        inform=InformDecision.NOT_YET,
        review_on__lte=today,
    ).select_related("participant__programme", "requested_by")
    reminded = 0
    for record in due:
        if record.reminded_for == record.review_on:
            continue
        with transaction.atomic():
            updated = SafeguardingDisclosure.objects.filter(pk=record.pk).exclude(
                reminded_for=record.review_on
            )
            if not updated.update(reminded_for=record.review_on):
                continue
            recipients = set(data_protection_officer_emails(record.participant.programme))
            if record.requested_by and record.requested_by.is_active:
                recipients.add(record.requested_by.email)
            send_mail(
                "Review: should the person now be told of a safeguarding disclosure?",
                f"A safeguarding disclosure (reference {record.pk}) was made without telling "
                f"the person, to be reviewed on {record.review_on:%-d %B %Y}. Open it in "
                "Casework from the participant's disclosures and record whether they can now "
                "be told.",
                settings.DEFAULT_FROM_EMAIL,
                sorted(recipients),
            )
        reminded += 1
    return f"reminded of {reminded} decision(s) not to tell a person yet"
