"""Subject access pages for the data protection officer: prepare a pack, review its
third-party items, release it, read it and download it. Thin: parse, call a selector or
service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from casework.core.forms import apply_service_errors
from casework.rights import requests as rights_requests
from casework.subjectaccess import selectors, services
from casework.subjectaccess.forms import PrepareForm, ReleaseForm, ReviewForm
from casework.subjectaccess.models import Decision, PackStatus


@login_required
def prepare(request, participant_id):
    participant, packs = selectors.packs_of(request.user, participant_id)
    form = PrepareForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        pack = services.prepare_pack(
            by=request.user,
            participant=participant,
            request_reference=form.cleaned_data["request_reference"],
        )
        messages.success(request, "The draft pack is ready to review")
        return redirect("subjectaccess:pack", pack.pk)
    return render(
        request,
        "subjectaccess/prepare.html",
        {"participant": participant, "packs": packs, "form": form},
    )


def _detail(request, pack, form, status=200):
    redactions = list(pack.redactions.select_related("decided_by"))
    return render(
        request,
        "subjectaccess/pack.html",
        {
            "pack": pack,
            "participant": pack.participant,
            "redactions": redactions,
            "pending": sum(r.decision == Decision.PENDING for r in redactions),
            "form": form,
            "released": pack.status == PackStatus.RELEASED,
        },
        status=status,
    )


@login_required
@require_GET
def pack_detail(request, pack_id):
    pack = selectors.get_pack(request.user, pack_id, purpose="subject_access.list", record=True)
    form = ReleaseForm(participant=pack.participant)
    return _detail(request, pack, form)


@login_required
def review_item(request, pack_id, redaction_id):
    redaction = selectors.get_redaction(request.user, pack_id, redaction_id)
    pack = redaction.pack
    initial = {
        "decision": "" if redaction.decision == Decision.PENDING else redaction.decision,
        "passage": redaction.passage,
        "exemption": redaction.exemption,
        "reason": redaction.reason,
    }
    form = ReviewForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_item(by=request.user, redaction=redaction, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Decision saved: {redaction.get_decision_display()}")
            return redirect("subjectaccess:pack", pack.pk)
    record = services.item_under_review(redaction)
    return render(
        request,
        "subjectaccess/review.html",
        {"pack": pack, "redaction": redaction, "record": record, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def release(request, pack_id):
    pack = selectors.get_pack(request.user, pack_id, purpose="subject_access.release")
    form = ReleaseForm(request.POST, participant=pack.participant)
    answered = form.chosen_request() if form.is_valid() else None
    try:
        with transaction.atomic():
            # Called even with no request chosen, so the page gives every reason at once.
            services.release_pack(
                pack,
                by=request.user,
                identity_verified=bool(answered) and rights_requests.identity_verified(answered),
                request_reference=answered.reference if answered else "",
            )
    except ValidationError as error:
        pack.refresh_from_db()
        if not hasattr(error, "error_dict"):
            apply_service_errors(form, error)
            return _detail(request, pack, form, status=400)
        errors = error.error_dict
        errors.pop("request_reference", None)  # the form says to choose the request
        if "identity_verified" in errors:
            del errors["identity_verified"]
            if answered:
                errors["rights_request"] = [
                    ValidationError(
                        f"Verify the requester's identity on request {answered.reference} "
                        "first: a pack is never released before"
                    )
                ]
        if errors:
            apply_service_errors(form, ValidationError(errors))
    else:
        messages.success(request, "The pack is released: give the person their copy")
        return redirect("subjectaccess:pack", pack.pk)
    return _detail(request, pack, form, status=400)


@login_required
@require_GET
def read(request, pack_id):
    pack = selectors.get_pack(request.user, pack_id, purpose="subject_access.preview")
    contents = services.read(by=request.user, pack=pack)
    return render(
        request,
        "subjectaccess/read.html",
        {"pack": pack, "contents": contents, "draft": pack.status == PackStatus.DRAFT},
    )


@login_required
@require_GET
def download(request, pack_id, fmt):
    pack = selectors.get_pack(request.user, pack_id, purpose="subject_access.download")
    if fmt == "html":
        if pack.status != PackStatus.RELEASED or "html" not in pack.formats:
            raise Http404("Only a released pack can be downloaded")
        contents = services.read(by=request.user, pack=pack)
        content = render_to_string(
            "subjectaccess/document.html", {"contents": contents}, request=request
        ).encode()
        content_type, name = "text/html; charset=utf-8", "subject-access-pack.html"
        name = f"subject-access-pack-{pack.released_at:%Y-%m-%d}.html"
    else:
        try:
            content, content_type, name = services.download(by=request.user, pack=pack, fmt=fmt)
        except ValidationError:
            raise Http404("Only a released pack can be downloaded, in its formats") from None
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
