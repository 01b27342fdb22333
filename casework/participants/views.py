"""Staff pages for participants. Thin: they parse, call a selector or a service, and render."""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from casework.access.permissions import Action, actions_of, has_permission, require_permission
from casework.access.selectors import memberships_of
from casework.audit.models import Purpose
from casework.audit.selectors import can_view_access_history
from casework.core.forms import apply_service_errors
from casework.journey import selectors as journey_selectors
from casework.participants import selectors, services
from casework.participants.forms import NewParticipantForm, ParticipantForm
from casework.referrals import selectors as referral_selectors
from casework.register.selectors import participant_fields_not_collected
from casework.staff.landing import landing_url_name
from casework.staff.models import Role


@login_required
@require_GET
def caseload(request):
    if not has_permission(request.user, Action.VIEW_PARTICIPANT):
        # A referrer's home is their referrals, report-only's the figures: never a record.
        landing = landing_url_name(request.user)
        if landing != "participants:caseload":
            return redirect(reverse(landing))
    require_permission(request.user, Action.VIEW_PARTICIPANT)
    participants = list(selectors.caseload(request.user))
    memberships = list(memberships_of(request.user))
    return render(
        request,
        "participants/caseload.html",
        {
            "participants": participants,
            "summaries": journey_selectors.caseload_summaries(request.user, participants),
            "memberships": memberships,
            "can_add": has_permission(request.user, Action.EDIT_PARTICIPANT),
        },
    )


@login_required
@require_GET
def search(request):
    require_permission(request.user, Action.VIEW_PARTICIPANT)
    query = (request.GET.get("q") or "").strip()
    kind, _ = selectors.parse_search(query) if query else ("", None)
    results = selectors.search(request.user, query) if query else []
    return render(
        request,
        "participants/search.html",
        {"query": query, "kind": kind, "results": results, "limit": selectors.SEARCH_LIMIT},
    )


@login_required
@require_GET
def detail(request, participant_id):
    participant = selectors.get_participant(request.user, participant_id)
    can_edit = has_permission(request.user, Action.EDIT_PARTICIPANT, participant.programme)
    return render(
        request,
        "participants/detail.html",
        {
            "participant": participant,
            "can_edit": can_edit,
            "can_see_special_category": has_permission(
                request.user, Action.VIEW_SPECIAL_CATEGORY, participant.programme
            ),
            "break_glass_until": selectors.break_glass_until(request.user, participant),
            "can_view_access_history": can_view_access_history(request.user, participant),
            "not_collected": participant_fields_not_collected(participant.programme),
            "referrals": referral_selectors.referrals_of_participant(participant),
        },
    )


def _editing_membership(request, programme_slug: str | None = None):
    memberships = [
        m for m in memberships_of(request.user) if Action.EDIT_PARTICIPANT in actions_of(m.role)
    ]
    if programme_slug:
        memberships = [m for m in memberships if m.programme.slug == programme_slug]
    if not memberships:
        raise PermissionDenied("Your role does not allow you to add participants.")
    return memberships[0]


def new_participant_page(request, programme, *, save, initial=None, context=None):
    """The "Add a participant" form, used to add one directly and to accept a referral.
    `save(**cleaned_data)` creates the participant through a service. The user's organisation is
    responsible by default, and a specialist's own caseload is where the participant goes."""
    initial = {"responsible_organisation": request.user.organisation, **(initial or {})}
    roles = {m.role for m in memberships_of(request.user) if m.programme_id == programme.pk}
    if Role.EMPLOYMENT_SPECIALIST in roles:
        initial.setdefault("assigned_specialist", request.user)
    form = NewParticipantForm(
        request.POST or None,
        programme=programme,
        user=request.user,
        initial=initial,
        show_special_category=has_permission(request.user, Action.VIEW_SPECIAL_CATEGORY, programme),
    )
    if request.method == "POST" and form.is_valid():
        try:
            participant = save(**form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(reverse("participants:detail", args=[participant.pk]))
    return render(
        request,
        "participants/form.html",
        {"form": form, "programme": programme, "participant": None, **(context or {})},
    )


@login_required
def create(request):
    programme = _editing_membership(request, request.GET.get("programme")).programme
    return new_participant_page(
        request,
        programme,
        save=functools.partial(
            services.create_participant, actor=request.user, programme=programme
        ),
    )


@login_required
def edit(request, participant_id):
    participant = selectors.get_participant(request.user, participant_id, purpose=Purpose.EDITING)
    require_permission(request.user, Action.EDIT_PARTICIPANT, participant.programme)
    form = ParticipantForm(
        request.POST or None,
        programme=participant.programme,
        user=request.user,
        initial=ParticipantForm.initial_from(participant),
        show_special_category=has_permission(
            request.user, Action.VIEW_SPECIAL_CATEGORY, participant.programme
        ),
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
