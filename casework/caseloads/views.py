from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from casework.caseloads import selectors, services
from casework.caseloads.bands import IPS_CASELOAD_BANDS


def _membership(request):
    membership = selectors.overseeing_membership(request.user)
    if membership is None:
        raise PermissionDenied("Only team leaders and programme managers see team caseloads.")
    return membership


@login_required
@require_GET
def team(request):
    membership = _membership(request)
    every_partner = selectors.oversees_every_partner(request.user, membership)
    # A page is found from its neighbour (?after= or ?before= a specialist's id), never by
    # counting from the start: every page costs the same (decision 0220).
    _, page = selectors.team_caseloads(
        request.user,
        membership,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        every_partner=every_partner,
    )
    return render(
        request,
        "caseloads/team.html",
        {
            "membership": membership,
            "overseen": selectors.overseen_name(
                request.user, membership, every_partner=every_partner
            ),
            "page": page,
            "caseloads": page.caseloads,
            "bands": IPS_CASELOAD_BANDS,
        },
    )


@login_required
def specialist(request, user_id):
    membership = _membership(request)
    overseen = selectors.specialists_overseen(request.user, membership)
    person = overseen.filter(pk=user_id).first()
    if person is None:
        raise Http404("No such specialist in your team")
    errors = {}
    if request.method == "POST":
        to = overseen.filter(pk=request.POST.get("to_specialist") or None).first()
        try:
            moved = services.reallocate(
                actor=request.user,
                participant_ids=request.POST.getlist("participants"),
                to_specialist=to,
            )
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, f"Moved {moved} to {to.get_full_name()}'s caseload.")
            return redirect(reverse("caseloads:specialist", args=[person.pk]))
    return render(
        request,
        "caseloads/specialist.html",
        {
            "person": person,
            "participants": selectors.caseload_of(request.user, person),
            "others": [s for s in overseen if s.pk != person.pk],
            "errors": errors,
        },
    )
