"""Break-glass pages: opening a record outside one's caseload, and the DPO's review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework.access import selectors, services
from casework.access.forms import BreakGlassForm, BreakGlassReviewForm
from casework.access.permissions import Action, require_permission
from casework.core.forms import apply_service_errors
from casework.participants.selectors import find_for_break_glass


@login_required
def break_glass(request):
    require_permission(request.user, Action.BREAK_GLASS)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        matches = find_for_break_glass(
            request.user,
            nino=data["national_insurance_number"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
        )
        if not matches:
            form.add_error(
                None,
                "No participant outside your caseload matches these details in your "
                "organisation's areas. Check them, or search if they are on your caseload.",
            )
        elif len(matches) > 1:
            form.add_error(
                "national_insurance_number",
                "More than one participant has this name and date of birth: "
                "enter their National Insurance number",
            )
        else:
            try:
                grant = services.open_break_glass(
                    actor=request.user,
                    participant=matches[0],
                    reason=data["reason"],
                    reason_detail=data["reason_detail"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                until = timezone.localtime(grant.expires_at)
                messages.success(
                    request,
                    f"You can see this record until {until:%H:%M}. Your reason has been "
                    "recorded and the data protection officer will review it.",
                )
                return redirect(reverse("participants:detail", args=[grant.participant_id]))
    return render(
        request,
        "access/break_glass.html",
        {"form": form, "minutes": services.break_glass_minutes()},
    )


@login_required
@require_GET
def break_glass_reviews(request):
    require_permission(request.user, Action.REVIEW_BREAK_GLASS)
    grants = list(selectors.break_glass_grants_to_review(request.user)[:200])
    return render(request, "access/reviews.html", {"grants": grants})


@login_required
def break_glass_review(request, grant_id: int):
    require_permission(request.user, Action.REVIEW_BREAK_GLASS)
    grant = get_object_or_404(selectors.break_glass_grants_to_review(request.user), pk=grant_id)
    form = BreakGlassReviewForm(request.POST or None)
    if request.method == "POST" and not grant.reviewed and form.is_valid():
        try:
            services.review_break_glass(
                actor=request.user,
                grant=grant,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Review saved")
            return redirect(reverse("access:break-glass-reviews"))
    return render(request, "access/review.html", {"grant": grant, "form": form})
