"""Staff pages for participants. Thin: they parse, call a selector or a service, and render."""

import functools
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from casework.access.permissions import Action, actions_of, has_permission, require_permission
from casework.access.selectors import memberships_of
from casework.audit.models import Purpose
from casework.core.forms import apply_service_errors
from casework.disclosures.selectors import recipients_to_tell
from casework.journey import selectors as journey_selectors
from casework.oversight.selectors import can_view_access_history
from casework.participants import selectors, services
from casework.participants.forms import MoveForm, NewParticipantForm, ParticipantForm
from casework.referrals import selectors as referral_selectors
from casework.register.selectors import participant_fields_not_collected
from casework.rights import rectification
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


SEARCHES_KEPT = 10


@login_required
def search(request):
    """The search box. Typed words are POSTed, never put in a URL (a NINO or a name would land
    in web server, proxy and browser logs): they are kept in the user's session under an opaque
    id, and the browser is sent to the results at that id (docs/decisions/0081)."""
    require_permission(request.user, Action.VIEW_PARTICIPANT)
    if request.method == "POST":
        query = (request.POST.get("q") or "").strip()
        if not query:
            return _search_page(request, "")
        searches = [s for s in request.session.get("participant_searches", []) if s[1] != query]
        search_id = secrets.token_urlsafe(12)
        request.session["participant_searches"] = [[search_id, query], *searches][:SEARCHES_KEPT]
        return redirect(reverse("participants:search-results", args=[search_id]))
    return _search_page(request, "")  # a ?q= in the address is ignored, not searched


@login_required
@require_GET
def search_results(request, search_id):
    require_permission(request.user, Action.VIEW_PARTICIPANT)
    kept = dict(request.session.get("participant_searches", []))
    if search_id not in kept:
        raise Http404("This search has expired: search again")
    # ?page= is the only thing in the address besides the opaque id: a number, never a word.
    return _search_page(request, kept[search_id], request.GET.get("page"))


def _search_page(request, query: str, page_number=None):
    kind, _ = selectors.parse_search(query) if query else ("", None)
    found = selectors.search_page(request.user, query, page_number or 1) if query else None
    return render(
        request,
        "participants/search.html",
        {
            "query": query,
            "kind": kind,
            "found": found,
            "results": found.results if found else [],
            "limit": selectors.MATCHES_LISTED,
        },
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
            "can_move": has_permission(
                request.user, Action.MOVE_BETWEEN_AREAS, participant.programme
            ),
            "can_see_special_category": has_permission(
                request.user, Action.VIEW_SPECIAL_CATEGORY, participant.programme
            ),
            "break_glass_until": selectors.break_glass_until(request.user, participant),
            "can_view_access_history": can_view_access_history(request.user, participant),
            "not_collected": participant_fields_not_collected(participant.programme),
            "referrals": referral_selectors.referrals_of_participant(participant),
            "rights_history": rectification.history(request.user, participant),
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


def _ask_who_to_tell(request, participant, changed_fields) -> None:
    """Art 19: a correction is passed on to each recipient that received the corrected detail
    (casework.disclosures' log)."""
    recipients = recipients_to_tell(request.user, participant, changed_fields)
    if recipients:
        names = ", ".join(name or key for key, name in recipients)
        messages.warning(
            request,
            f"You changed details that were shared with {names}. Tell them of the correction "
            "(UK GDPR Article 19); see the participant's disclosures.",
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
        changed = [
            f"participants.Participant.{name}"
            for name, value in form.cleaned_data.items()
            if form.initial.get(name) != value
        ]
        try:
            services.update_participant(
                actor=request.user, participant=participant, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            # The failed save changed nothing in the database; reload what is stored.
            participant.refresh_from_db()
        else:
            _ask_who_to_tell(request, participant, changed)
            return redirect(reverse("participants:detail", args=[participant.pk]))
    return render(
        request,
        "participants/form.html",
        {"form": form, "programme": participant.programme, "participant": participant},
    )


@login_required
def move(request, participant_id):
    """Moving a participant to another area: its own step, never a side effect of an edit."""
    participant = selectors.get_participant(request.user, participant_id, purpose=Purpose.EDITING)
    require_permission(request.user, Action.MOVE_BETWEEN_AREAS, participant.programme)
    form = MoveForm(request.POST or None, programme=participant.programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_participant(
                actor=request.user, participant=participant, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            participant.refresh_from_db()
        else:
            messages.success(
                request,
                f"{participant.display_name} has moved to {participant.area.name}. "
                f"{participant.responsible_organisation.name} will allocate them.",
            )
            return redirect(reverse("participants:caseload"))
    return render(request, "participants/move.html", {"form": form, "participant": participant})
