"""Pages reading the audit trail (access history, monitoring alerts, the routine audit). Thin: a
selector or a service decides, the page shows."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from casework.audit.labels import describe
from casework.core.exports import csv_response
from casework.core.forms import apply_service_errors
from casework.oversight import selectors, services
from casework.oversight.forms import AlertReviewForm, ReportPeriodForm

HISTORY_PAGE_SIZE = 50
ALERTS_PAGE_SIZE = 50


@login_required
@require_GET
def access_history(request, participant_id):
    participant, events = selectors.access_history(request.user, participant_id)
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(event, *describe(event)) for event in page.object_list]
    return render(
        request,
        "oversight/access_history.html",
        {"participant": participant, "page": page, "rows": rows},
    )


@login_required
@require_GET
def alerts(request):
    if not selectors.can_review_alerts(request.user):
        raise PermissionDenied("Only the data protection officer reviews alerts.")
    page = Paginator(selectors.alerts_visible_to(request.user), ALERTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "oversight/alerts.html", {"page": page})


@login_required
def review_alert(request, alert_id):
    if not selectors.can_review_alerts(request.user):
        raise PermissionDenied("Only the data protection officer reviews alerts.")
    alert = get_object_or_404(selectors.alerts_visible_to(request.user), pk=alert_id)
    form = AlertReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_alert(reviewer=request.user, alert=alert, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(reverse("audit:alerts"))
    return render(request, "oversight/alert_review.html", {"alert": alert, "form": form})


@login_required
@require_GET
def report(request):
    if not selectors.can_see_audit_report(request.user):
        raise PermissionDenied("Your role does not include the routine audit.")
    start, end = ReportPeriodForm.last_month()
    form = ReportPeriodForm(request.GET or None, initial={"start": start, "end": end})
    rows = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    if not form.is_bound or form.is_valid():
        rows = selectors.audit_report(request.user, start=start, end=end)
    if rows is not None and request.GET.get("format") == "csv":
        columns = selectors.REPORT_COLUMNS
        return csv_response(
            f"audit-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv",
            ["Member of staff", *(label for _, label in columns)],
            ([row["actor_label"], *(row[key] for key, _ in columns)] for row in rows),
        )
    return render(
        request,
        "oversight/report.html",
        {
            "form": form,
            "rows": rows,
            "columns": selectors.REPORT_COLUMNS,
            "start": start,
            "end": end,
        },
    )
