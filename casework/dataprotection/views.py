"""The data protection officer's home page (panels from casework.dataprotection.panels) and the
reports of complaints and breaches."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from casework.core.exports import csv_response
from casework.dataprotection import selectors
from casework.dataprotection.forms import PeriodForm
from casework.dataprotection.panels import panels_for

REPORT_COLUMNS = (
    ("complaints", "Complaints received"),
    ("acknowledged_late", "Acknowledged after 30 days"),
    ("not_acknowledged", "Not yet acknowledged"),
    ("outcome_upheld", "Upheld"),
    ("outcome_partly_upheld", "Partly upheld"),
    ("outcome_not_upheld", "Not upheld"),
    ("outcome_withdrawn", "Withdrawn"),
    ("breaches", "Breaches"),
    ("reported", "Reported to the ICO"),
    ("reported_late", "Reported after 72 hours"),
    ("not_reported", "Decided not to report"),
    ("undecided", "Not yet decided"),
)


@login_required
@require_GET
def home(request):
    if not selectors.can_open_home(request.user):
        raise PermissionDenied(
            "This page is for the data protection officer and the programme manager."
        )
    return render(request, "dataprotection/home.html", {"panels": panels_for(request.user)})


@login_required
@require_GET
def reports(request):
    if not selectors.can_see_reports(request.user):
        raise PermissionDenied(
            "Your role does not allow you to see counts of complaints and breaches."
        )
    start, end = PeriodForm.last_year()
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    result = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    if not form.is_bound or form.is_valid():
        result = selectors.report(request.user, start=start, end=end)
    if result is not None and request.GET.get("format") == "csv":
        return csv_response(
            f"complaints-and-breaches-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv",
            ["Month", *(label for _, label in REPORT_COLUMNS)],
            (
                [f"{row['month']:%Y-%m}", *(row.get(key, 0) for key, _ in REPORT_COLUMNS)]
                for row in result["months"]
            ),
        )
    return render(
        request,
        "dataprotection/reports.html",
        {"form": form, "result": result, "columns": REPORT_COLUMNS, "start": start, "end": end},
    )
