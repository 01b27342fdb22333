"""The one write of the reports: recording that someone took the figures out of Casework.

Viewing a report reads no participant's record (counts only), so it is not audited as a read;
an export leaves the system, so it is, like every other export."""

import datetime

from django.db import transaction

from casework.access.permissions import Action, require_permission
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event


@transaction.atomic
def record_partner_report_export(
    *, actor, programme, start: datetime.date, end: datetime.date, columns: list[str]
):
    """One audit event for a download of the by-partner figures: the period as its purpose, the
    column names as its fields (never values).
    Refused unless the actor may export in the programme."""
    require_permission(actor, Action.EXPORT, programme)
    return record_event(
        actor=actor,
        action=AuditAction.EXPORT,
        # 39 characters: the audit trail keeps 40.
        purpose=f"partner report {start:%Y-%m-%d} to {end:%Y-%m-%d}",
        changed_fields=columns,
    )
