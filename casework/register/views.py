"""Register pages. The privacy notice and its versions are public (no sign-in): they describe the
programme, not a person. Staff pages (who must be told of a change, the record of processing)
are for the programme's data protection officer and programme manager."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from casework.access.permissions import Action
from casework.core.forms import apply_service_errors
from casework.participants import selectors as participant_selectors
from casework.register import letters, ropa, selectors, services
from casework.register.config import config_from_json
from casework.register.forms import NoticeGivenForm
from casework.register.notice import build_notice
from casework.register.pdf import notice_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def notice(request, slug, number=None):
    version = selectors.published_version(slug, number)
    latest = selectors.published_version(slug)
    config = config_from_json(version.config)
    pdf_url = (
        reverse("register:notice-pdf", args=[slug])
        if number is None
        else reverse("register:notice-version-pdf", args=[slug, number])
    )
    return render(
        request,
        "register/notice.html",
        {
            "notice": build_notice(version),
            "programme_name": config.name,
            "programme_slug": slug,
            "is_latest": version.pk == latest.pk,
            "pdf_url": pdf_url,
        },
    )


@require_GET
def notice_pdf_download(request, slug, number=None):
    version = selectors.published_version(slug, number)
    response = HttpResponse(notice_pdf(build_notice(version)), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{slug}-privacy-notice-v{version.number}.pdf"'
    )
    return response


@require_GET
def notice_versions(request, slug):
    versions = selectors.published_versions(slug)
    return render(
        request,
        "register/versions.html",
        {
            "slug": slug,
            "versions": versions,
            "programme_name": config_from_json(versions[0].config).name,
            "programme_slug": slug,
        },
    )


WHO_TO_TELL_PAGE_SIZE = 50


@login_required
@require_GET
def who_to_tell(request, slug):
    programme = selectors.programme_for_staff(request.user, slug, Action.VIEW_RECIPIENTS_TO_TELL)
    version = selectors.current_version(programme)
    if version is None:
        raise Http404("This programme has no processing register yet")
    config = config_from_json(version.config)
    site_url = request.build_absolute_uri("/").rstrip("/")
    queryset, describe = selectors.to_tell(request.user, programme)
    page = Paginator(queryset, WHO_TO_TELL_PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [
        (item, letters.change_letter(item, version=version, config=config, site_url=site_url))
        for item in describe(page.object_list)
    ]
    return render(
        request,
        "register/who_to_tell.html",
        {"programme": programme, "version": version, "entries": entries, "page": page},
    )


@login_required
def notice_given(request, participant_id):
    participant = participant_selectors.get_participant(request.user, participant_id)
    if request.method == "POST" and not services.can_record_notice(request.user, participant):
        raise PermissionDenied("Your role does not allow you to record this.")
    versions = list(participant.programme.versions.order_by("-number"))
    form = NoticeGivenForm(
        request.POST or None,
        versions=versions,
        initial={"version": versions[0].number if versions else None},
    )
    if request.method == "POST" and form.is_valid():
        version = next(v for v in versions if v.number == form.cleaned_data["version"])
        try:
            services.record_notice_given(
                actor=request.user,
                participant=participant,
                version=version,
                given_on=form.cleaned_data["given_on"],
                method=form.cleaned_data["method"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Recorded: privacy notice version {version.number} given")
            return redirect(reverse("register:notice-given", args=[participant.pk]))
    return render(
        request,
        "register/notice_given.html",
        {
            "participant": participant,
            "form": form,
            "given": selectors.notices_given(request.user, participant),
            "can_record": services.can_record_notice(request.user, participant),
        },
    )


@login_required
@require_GET
def record_of_processing(request, slug, fmt):
    programme = selectors.programme_for_staff(request.user, slug, Action.VIEW_PROCESSING_RECORD)
    version = selectors.current_version(programme)
    if version is None:
        raise Http404("This programme has no processing register yet")
    config = config_from_json(version.config)
    if fmt == "csv":
        response = HttpResponse(ropa.as_csv(config), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(ropa.as_xlsx(config), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{slug}-record-of-processing-v{version.number}.{fmt}"'
    )
    return response
