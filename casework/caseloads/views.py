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
    _membership(request)
    membership, page = selectors.team_caseloads(request.user, request.GET.get("page"))
    return render(
        request,
        "caseloads/team.html",
        {
            "membership": membership,
            "overseen": selectors.overseen_name(request.user, membership),
            "page": page,
            "caseloads": page.object_list if page else [],
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
