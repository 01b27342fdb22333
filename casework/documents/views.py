from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from casework.access.permissions import Action, require_permission
from casework.core.forms import apply_service_errors
from casework.documents import selectors, services
from casework.documents.forms import DocumentForm
from casework.participants.selectors import get_participant


@login_required
@require_GET
def document_list(request, participant_id):
    participant, documents = selectors.documents_of(request.user, participant_id)
    return render(
        request,
        "documents/list.html",
        {"participant": participant, "documents": documents},
    )


@login_required
def add(request, participant_id):
    participant = get_participant(request.user, participant_id)
    require_permission(request.user, Action.EDIT_PARTICIPANT, participant.programme)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            services.add_document(
                actor=request.user,
                participant=participant,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                source=form.cleaned_data["source"],
                filename=uploaded.name,
                content=uploaded.read(settings.CASEWORK_DOCUMENT_MAX_BYTES + 1),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(reverse("documents:list", args=[participant.pk]))
    return render(request, "documents/add.html", {"participant": participant, "form": form})


@login_required
@require_GET
def download(request, participant_id, document_id):
    participant = get_participant(request.user, participant_id)
    # A document can hold anything about the person, health included: special category data.
    require_permission(request.user, Action.VIEW_SPECIAL_CATEGORY, participant.programme)
    document, content = selectors.document_content(request.user, participant, document_id)
    response = HttpResponse(content, content_type=document.content_type)
    # Django's helper: a quoted ASCII name, or RFC 5987 `filename*=utf-8''...` for any other.
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=document.original_filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
