"""Staff pages for participants. Thin: they parse, call a selector or a service, and render."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from casework.access.selectors import memberships_of
from casework.audit.models import Purpose
from casework.audit.selectors import can_view_access_history
from casework.core.forms import apply_service_errors
from casework.participants import selectors, services
from casework.participants.forms import ParticipantForm
from casework.staff.models import EDITING_ROLES, Role


@login_required
def caseload(request):
    participants = selectors.caseload(request.user)
    memberships = list(memberships_of(request.user))
    return render(
        request,
        "participants/caseload.html",
        {
            "participants": participants,
            "memberships": memberships,
            "can_add": any(m.role in EDITING_ROLES for m in memberships),
        },
    )


@login_required
def search(request):
    query = (request.GET.get("q") or "").strip()
    kind, _ = selectors.parse_search(query) if query else ("", None)
    results = selectors.search(request.user, query) if query else []
    return render(
        request,
        "participants/search.html",
        {"query": query, "kind": kind, "results": results, "limit": selectors.SEARCH_LIMIT},
    )


@login_required
def detail(request, participant_id):
    participant = selectors.get_participant(request.user, participant_id)
    membership = memberships_of(request.user).filter(programme=participant.programme).first()
    return render(
        request,
        "participants/detail.html",
        {
            "participant": participant,
            "can_edit": bool(membership and membership.role in EDITING_ROLES),
            "can_view_access_history": can_view_access_history(request.user, participant),
        },
    )


def _editing_membership(request, programme_slug: str | None = None):
    memberships = [m for m in memberships_of(request.user) if m.role in EDITING_ROLES]
    if programme_slug:
        memberships = [m for m in memberships if m.programme.slug == programme_slug]
    if not memberships:
        raise PermissionDenied("Your role does not allow you to add participants.")
    return memberships[0]


@login_required
def create(request):
    membership = _editing_membership(request, request.GET.get("programme"))
    programme = membership.programme
    initial = {"responsible_organisation": request.user.organisation}
    if membership.role == Role.EMPLOYMENT_SPECIALIST:
        initial["assigned_specialist"] = request.user
    form = ParticipantForm(
        request.POST or None, programme=programme, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.create_participant(
                actor=request.user, programme=programme, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(reverse("participants:detail", args=[participant.pk]))
    return render(
        request,
        "participants/form.html",
        {"form": form, "programme": programme, "participant": None},
    )


@login_required
def edit(request, participant_id):
    participant = selectors.get_participant(request.user, participant_id, purpose=Purpose.EDITING)
    membership = memberships_of(request.user).filter(programme=participant.programme).first()
    if membership is None or membership.role not in EDITING_ROLES:
        raise PermissionDenied("Your role does not allow you to change participants.")
    form = ParticipantForm(
        request.POST or None,
        programme=participant.programme,
        user=request.user,
        initial=ParticipantForm.initial_from(participant),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_participant(
                actor=request.user, participant=participant, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            # The failed save changed nothing in the database; reload what is stored.
            participant.refresh_from_db()
        else:
            return redirect(reverse("participants:detail", args=[participant.pk]))
    return render(
        request,
        "participants/form.html",
        {"form": form, "programme": participant.programme, "participant": participant},
    )
