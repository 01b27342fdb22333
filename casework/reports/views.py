import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework.access.permissions import Action, has_permission, require_permission
from casework.core.exports import csv_response
from casework.reports import charts, selectors, services
from casework.reports.forms import ReportPeriodForm

FORM_KEYS = ("start-", "end-", "partner")


def _scope(request) -> selectors.ReportScope:
    require_permission(request.user, Action.VIEW_REPORTS)
    programmes = selectors.programmes_reported_to(request.user)
    slug = request.GET.get("programme")
    programme = programmes.filter(slug=slug).first() if slug else programmes.first()
    scope = selectors.report_scope(request.user, programme) if programme else None
    if scope is None:
        raise Http404("No such programme in your reports")
    return scope


def _period(request, scope):
    """The form and the period it asks for: the programme's start to today unless chosen.
    The period is None while the form has errors."""
    today = timezone.localdate()
    partners = selectors.partners_in_scope(scope)
    bound = any(key.startswith(FORM_KEYS) for key in request.GET)
    form = ReportPeriodForm(
        request.GET if bound else None,
        partners=partners if scope.whole_programme else (),
        initial={"start": min(scope.programme.starts_on, today), "end": today},
    )
    if not bound:
        return form, (form.initial["start"], form.initial["end"], None)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, (data["start"], data["end"], data.get("partner"))


def partner_table(report: selectors.PartnerReport) -> tuple[list[str], list[list]]:
    """The by-partner table as the page and the CSV show it: a header and one row per partner,
    then the total."""
    header = [
        "Delivery partner",
        "Referrals received",
        "Starts",
        "Job starts",
        *(f"Job outcome: {o.label}" for o in report.outcomes),
        "Exits",
        *(f"Exits: {label}" for _, label in report.exit_reasons),
        "On the programme today",
    ]

    def cells(figures: selectors.PartnerFigures) -> list:
        return [
            figures.name,
            figures.referrals,
            figures.starts,
            figures.job_starts,
            *(figures.outcomes.get(o.key, 0) for o in report.outcomes),
            figures.exits_total,
            *(figures.exits.get(reason, 0) for reason, _ in report.exit_reasons),
            figures.on_programme,
        ]

    rows = [cells(p) for p in report.partners]
    if len(report.partners) > 1:
        rows.append(cells(report.total))
    return header, rows


def _charts(report: selectors.PartnerReport, partner_name: str) -> list[charts.BarChart]:
    period = f"{report.start:%-d %B %Y} to {report.end:%-d %B %Y}"
    return [
        charts.bar_chart(
            id="chart-starts",
            title="Starts and job starts by delivery partner",
            description=f"Bar chart, {period}: "
            + "; ".join(
                f"{p.name}: {p.starts} starts, {p.job_starts} job starts" for p in report.partners
            )
            + ". The same figures are in the table below.",
            series=["Starts", "Job starts"],
            groups=[(p.name, (p.starts, p.job_starts)) for p in report.partners],
        ),
        charts.bar_chart(
            id="chart-outcomes",
            title="Job outcomes by delivery partner",
            description=f"Bar chart, {period}: "
            + "; ".join(
                f"{p.name}: "
                + ", ".join(
                    f"{p.outcomes.get(o.key, 0)} reached {o.label}" for o in report.outcomes
                )
                for p in report.partners
            )
            + ". The same figures are in the table below.",
            series=[o.label for o in report.outcomes],
            groups=[
                (p.name, [p.outcomes.get(o.key, 0) for o in report.outcomes])
                for p in report.partners
            ],
        ),
        charts.bar_chart(
            id="chart-months",
            title=f"Starts and job starts by month: {partner_name}",
            description=f"Bar chart, {period}: "
            + "; ".join(
                f"{m.month:%B %Y}: {m.starts} starts, {m.job_starts} job starts"
                for m in report.months
            )
            + ". The same figures are in the table below.",
            series=["Starts", "Job starts"],
            groups=[(f"{m.month:%b %Y}", (m.starts, m.job_starts)) for m in report.months],
            label_beside=True,
        ),
    ]


@login_required
@require_GET
def partners(request):
    scope = _scope(request)
    form, period = _period(request, scope)
    context = {
        "form": form,
        "scope": scope,
        "programmes": selectors.programmes_reported_to(request.user),
        "report": None,
        "can_export": has_permission(request.user, Action.EXPORT, scope.programme),
    }
    if period is not None:
        start, end, partner_id = period
        report = selectors.partner_report(scope, start=start, end=end, partner_id=partner_id)
        names = {p.organisation_id: p.name for p in report.partners}
        if partner_id is not None:
            partner_name = names.get(partner_id, "")
        elif scope.whole_programme:
            partner_name = "all delivery partners"
        else:
            partner_name = ", ".join(p.name for p in report.partners)
        header, rows = partner_table(report)
        context |= {
            "report": report,
            "header": header,
            "rows": rows,
            "charts": _charts(report, partner_name),
            "partner_name": partner_name,
            "csv_query": _csv_query(scope, start, end),
        }
    return render(request, "reports/partners.html", context)


def _csv_query(scope, start: datetime.date, end: datetime.date) -> str:
    parts = {"programme": scope.programme.slug}
    for name, day in (("start", start), ("end", end)):
        parts |= {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}
    return urlencode(parts)


@login_required
@require_GET
def partners_csv(request):
    scope = _scope(request)
    require_permission(request.user, Action.EXPORT, scope.programme)
    form, period = _period(request, scope)
    if period is None:  # the report page shows what is wrong with the period
        return redirect(f"{reverse('reports:partners')}?{request.GET.urlencode()}")
    start, end, _ = period
    report = selectors.partner_report(scope, start=start, end=end)
    header, rows = partner_table(report)
    services.record_partner_report_export(
        actor=request.user, programme=scope.programme, start=start, end=end, columns=header
    )
    return csv_response(
        f"{scope.programme.slug}-partners-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv", header, rows
    )
