"""Register pages. The privacy notice and its versions are public (no sign-in): they describe the
programme, not a person. Staff pages (who must be told of a change, the record of processing)
are for the programme's data protection officer and programme manager."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from casework.register import selectors
from casework.register.config import config_from_json
from casework.register.notice import build_notice
from casework.register.pdf import notice_pdf


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
            "introduction": config.introduction,
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
        },
    )
