"""Pages for evaluation extracts: the list and release log (the DPO and the auditor), asking for
one (the worker builds it), its risk report, its release to the evaluator, and the download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casework.access.permissions import Action, has_permission
from casework.core.forms import apply_service_errors
from casework.evaluation import forms, selectors, services
from casework.evaluation.columns import COLUMNS
from casework.evaluation.models import ExtractStatus
from casework.register.selectors import current_config, programme_for_staff


def _context(request, programme, **extra):
    return {
        "programme": programme,
        "may_build": has_permission(request.user, Action.ANSWER_STATUTORY_REQUEST, programme),
        "column_label": lambda key: COLUMNS[key].label if key in COLUMNS else key,
        "ExtractStatus": ExtractStatus,
        "now": timezone.now(),
        **extra,
    }


@login_required
@require_GET
def extract_list(request, slug):
    programme = programme_for_staff(request.user, slug, Action.VIEW_DISCLOSURE_LOG)
    return render(
        request,
        "evaluation/list.html",
        _context(
            request,
            programme,
            extracts=selectors.extracts(request.user, programme),
            releases=selectors.releases(programme),
        ),
    )


@login_required
def build(request, slug):
    programme = programme_for_staff(request.user, slug, Action.ANSWER_STATUTORY_REQUEST)
    form = forms.ExtractForm(request.POST or None)
    refused = None
    try:
        definition = services.definition_for(programme)
    except services.ExtractRefused as error:
        definition, refused = None, error.message
    if request.method == "POST" and definition and form.is_valid():
        try:
            extract = services.request_extract(
                by=request.user,
                programme=programme,
                series_name=form.cleaned_data["series"],
                as_of=form.cleaned_data["as_of"],
            )
        except services.ExtractRefused as error:
            refused = error.message
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{extract} will be built by the worker in the next few minutes; this page "
                "shows its risk report once it is built.",
            )
            return redirect("evaluation:report", slug, extract.pk)
    config = current_config(programme)
    recipient = (
        next((r for r in config.recipients if r.key == definition.recipient_key), None)
        if definition and config
        else None
    )
    return render(
        request,
        "evaluation/build.html",
        _context(
            request,
            programme,
            form=form,
            definition=definition,
            recipient=recipient,
            refused=refused,
        ),
    )


@login_required
@require_GET
def report(request, slug, extract_id):
    programme = programme_for_staff(request.user, slug, Action.VIEW_DISCLOSURE_LOG)
    extract = selectors.extract_for(request.user, programme, extract_id)
    return render(
        request,
        "evaluation/report.html",
        _context(request, programme, extract=extract, now=timezone.now()),
    )


@login_required
@require_POST
def rebuild(request, slug, extract_id):
    """Asks the worker to build again an extract whose build failed or stopped."""
    programme = programme_for_staff(request.user, slug, Action.ANSWER_STATUTORY_REQUEST)
    extract = selectors.extract_for(request.user, programme, extract_id, audit=False)
    try:
        services.rebuild_extract(by=request.user, extract=extract)
    except services.ExtractRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"{extract} will be built again by the worker in the next few minutes."
        )
    return redirect("evaluation:report", slug, extract.pk)


@login_required
def release(request, slug, extract_id):
    programme = programme_for_staff(request.user, slug, Action.ANSWER_STATUTORY_REQUEST)
    extract = selectors.extract_for(request.user, programme, extract_id, audit=False)
    refused = None
    if request.method == "POST":
        try:
            services.release_extract(by=request.user, extract=extract)
        except services.ExtractRefused as error:
            refused = error.message
        else:
            messages.success(request, f"{extract} is released and recorded as a disclosure.")
            return redirect("evaluation:report", slug, extract.pk)
    config = current_config(programme)
    recipient = next((r for r in config.recipients if r.key == extract.recipient_key), None)
    return render(
        request,
        "evaluation/release.html",
        _context(request, programme, extract=extract, recipient=recipient, refused=refused),
    )


@login_required
@require_GET
def download(request, slug, extract_id):
    programme = programme_for_staff(request.user, slug, Action.ANSWER_STATUTORY_REQUEST)
    extract = selectors.extract_for(request.user, programme, extract_id, audit=False)
    try:
        content = services.released_file(by=request.user, extract=extract)
    except services.ExtractRefused:
        raise Http404("The extract is not released") from None
    response = StreamingHttpResponse(content, content_type="text/csv; charset=utf-8")
    name = f"{programme.slug}-evaluation-v{extract.version}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
