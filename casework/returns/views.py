"""The DWP return's pages: the programme's returns, a build (run by the worker), its
validation report and its differences from the month's last release, the release, and the
released files the DWP downloads. Thin: parse, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from casework.access.permissions import Action, has_permission
from casework.disclosures.services import DisclosureRefused
from casework.documents import chunked as files
from casework.register.selectors import programme_for_staff
from casework.returns import selectors, services
from casework.returns.forms import BuildForm
from casework.returns.models import FileKind
from casework.returns.tasks import build_return

CONTENT_TYPES = {
    FileKind.CSV: "text/csv; charset=utf-8",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _stream(found, filename: str, content_type: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(files.chunks(found.storage_name), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(found.size)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def returns_list(request, slug):
    programme = programme_for_staff(request.user, slug, Action.BUILD_RETURN)
    services.give_up_stale_builds(programme)
    return render(
        request,
        "returns/list.html",
        {
            "programme": programme,
            "builds": selectors.builds_of(programme)[:50],
            "may_release": has_permission(request.user, Action.ANSWER_STATUTORY_REQUEST, programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def build(request, slug):
    programme = programme_for_staff(request.user, slug, Action.BUILD_RETURN)
    form = BuildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            month = services.parse_month(form.cleaned_data["month"])
            with transaction.atomic():
                monthly_return = services.request_build(
                    by=request.user, programme=programme, month=month
                )
                transaction.on_commit(
                    lambda: build_return.enqueue(monthly_return_id=str(monthly_return.pk))
                )
        except services.ReturnRefused as refused:
            form.add_error("month", str(refused))
        else:
            return redirect(reverse("returns:report", args=[slug, monthly_return.pk]))
    return render(request, "returns/build.html", {"programme": programme, "form": form})


@login_required
@require_GET
def report(request, slug, build_id):
    programme = programme_for_staff(request.user, slug, Action.BUILD_RETURN)
    services.give_up_stale_builds(programme)
    monthly_return = selectors.build_of(programme, build_id)
    findings = sorted(
        (
            (column["header"], monthly_return.findings_by_column.get(column["key"], {}))
            for column in monthly_return.columns
        ),
        key=lambda item: -sum(item[1].values()),
    )
    return render(
        request,
        "returns/report.html",
        {
            "programme": programme,
            "monthly_return": monthly_return,
            "findings": findings,
            "may_release": has_permission(request.user, Action.ANSWER_STATUTORY_REQUEST, programme),
        },
    )


@login_required
@require_GET
def findings_csv(request, slug, build_id):
    programme = programme_for_staff(request.user, slug, Action.BUILD_RETURN)
    monthly_return = selectors.build_of(programme, build_id)
    if not monthly_return.files.filter(kind=FileKind.FINDINGS).exists():
        raise Http404("The validation report is not ready")
    found = services.record_findings_download(by=request.user, monthly_return=monthly_return)
    return _stream(
        found,
        f"{slug}-dwp-return-{monthly_return.month:%Y-%m}-validation.csv",
        CONTENT_TYPES[FileKind.CSV],
    )


@login_required
@require_GET
def differences(request, slug, build_id):
    programme = programme_for_staff(request.user, slug, Action.BUILD_RETURN)
    monthly_return = selectors.build_of(programme, build_id)
    return render(
        request,
        "returns/differences.html",
        {
            "programme": programme,
            "monthly_return": monthly_return,
            "differences": monthly_return.differences,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def release(request, slug, build_id):
    programme = programme_for_staff(request.user, slug, Action.ANSWER_STATUTORY_REQUEST)
    monthly_return = selectors.build_of(programme, build_id)
    refused = None
    if request.method == "POST":
        try:
            entry = services.release(by=request.user, monthly_return=monthly_return)
        except (services.ReturnRefused, DisclosureRefused) as error:
            refused = getattr(error, "message", str(error))
        else:
            messages.success(
                request,
                f"The return for {entry.month:%B %Y} is released to "
                f"{entry.recipient_description} and recorded in the disclosure log",
            )
            return redirect(reverse("returns:report", args=[slug, monthly_return.pk]))
    return render(
        request,
        "returns/release.html",
        {"programme": programme, "monthly_return": monthly_return, "refused": refused},
    )


@login_required
@require_GET
def released(request, slug):
    programme = programme_for_staff(request.user, slug, Action.RECEIVE_RETURN)
    return render(
        request,
        "returns/released.html",
        {"programme": programme, "releases": selectors.releases_for(request.user, programme)},
    )


@login_required
@require_GET
def download(request, slug, release_id, kind):
    programme = programme_for_staff(request.user, slug, Action.RECEIVE_RETURN)
    if kind not in CONTENT_TYPES:
        raise Http404("No such file")
    entry = selectors.release_of(request.user, programme, release_id)
    try:
        found = services.record_download(by=request.user, release=entry, kind=kind)
    except services.ReturnRefused as refused:
        messages.info(request, str(refused))
        return redirect(reverse("returns:released", args=[slug]))
    return _stream(found, f"{slug}-dwp-return-{entry.month:%Y-%m}.{kind}", CONTENT_TYPES[kind])
