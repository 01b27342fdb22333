"""Counts for the data protection officer and the programme manager: complaints and breaches
by month, outcome and time taken. Counts only, never a name."""

import datetime
from collections import Counter, defaultdict
from statistics import mean

from django.core.exceptions import PermissionDenied

from casework.access.permissions import Action, has_permission, programmes_where
from casework.breaches.models import Breach, Decision
from casework.complaints.models import Complaint, Outcome


def can_see_reports(user) -> bool:
    return has_permission(user, Action.VIEW_DATA_PROTECTION_REPORTS)


def can_open_home(user) -> bool:
    return any(
        has_permission(user, action)
        for action in (
            Action.MANAGE_BREACHES,
            Action.MANAGE_COMPLAINTS,
            Action.REVIEW_ALERTS,
            Action.VIEW_DATA_PROTECTION_REPORTS,
        )
    )


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def _average(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(float(mean(values)), 1) if values else None


def report(user, *, start: datetime.date, end: datetime.date) -> dict:
    programmes = programmes_where(user, Action.VIEW_DATA_PROTECTION_REPORTS)
    if not programmes:
        raise PermissionDenied(
            f"Your role does not allow you to {Action.VIEW_DATA_PROTECTION_REPORTS.label}."
        )
    complaints = list(
        Complaint.objects.filter(
            programme_id__in=programmes, received_on__gte=start, received_on__lte=end
        ).values("received_on", "acknowledged_on", "acknowledge_by", "outcome", "closed_on")
    )
    breaches = list(
        Breach.objects.filter(
            programme_id__in=programmes, aware_at__date__gte=start, aware_at__date__lte=end
        ).only("aware_at", "reported_at", "decision", "risk")
    )
    rows = defaultdict(Counter)
    for c in complaints:
        month = c["received_on"].replace(day=1)
        rows[month]["complaints"] += 1
        if c["acknowledged_on"] is None:
            rows[month]["not_acknowledged"] += 1
        elif c["acknowledged_on"] > c["acknowledge_by"]:
            rows[month]["acknowledged_late"] += 1
        if c["outcome"]:
            rows[month][f"outcome_{c['outcome']}"] += 1
    for b in breaches:
        month = b.aware_at.date().replace(day=1)
        rows[month]["breaches"] += 1
        if b.reported_at:
            rows[month]["reported"] += 1
            if b.reported_late:
                rows[month]["reported_late"] += 1
        elif b.decision == Decision.DO_NOT_REPORT:
            rows[month]["not_reported"] += 1
        else:
            rows[month]["undecided"] += 1
    return {
        "months": [{"month": m, **rows[m]} for m in _months(start, end)],
        "complaint_outcomes": [
            (label, sum(1 for c in complaints if c["outcome"] == value))
            for value, label in Outcome.choices
        ],
        "days_to_acknowledge": _average(
            (c["acknowledged_on"] - c["received_on"]).days
            for c in complaints
            if c["acknowledged_on"]
        ),
        "days_to_close": _average(
            (c["closed_on"] - c["received_on"]).days for c in complaints if c["closed_on"]
        ),
        "hours_to_report": _average(b.hours_to_report for b in breaches),
        "complaints": len(complaints),
        "breaches": len(breaches),
    }
