from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from casework.access.permissions import Action, require_permission
from casework.core.forms import apply_service_errors
from casework.eligibility import selectors, services
from casework.eligibility.forms import EligibilityForm
from casework.eligibility.rules import Evidence, assess


def _evidence(participant, data) -> Evidence:
    return Evidence(
        date_of_birth=participant.date_of_birth,
        assessed_on=data["assessed_on"],
        lives_in_area=data["lives_in_area"] == "yes",
        right_to_work=data["right_to_work"] == "yes",
        on_other_dwp_programme=data["on_other_dwp_programme"] == "yes",
        qualifying_groups=tuple(data["qualifying_groups"]),
        strand=data["strand"],
        exceptional_age_reason=data["exceptional_age_reason"],
    )


@login_required
def eligibility(request, participant_id):
    participant, assessments = selectors.assessments_of(request.user, participant_id)
    # Disability, health and offending are special category data.
    require_permission(request.user, Action.VIEW_SPECIAL_CATEGORY, participant.programme)
    if request.method == "POST":
        require_permission(request.user, Action.EDIT_PARTICIPANT, participant.programme)
    form = EligibilityForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    advice = None
    if request.method == "POST" and form.is_valid():
        evidence = _evidence(participant, form.cleaned_data)
        advice = assess(selectors.rules_for(participant.programme), evidence)
        if request.POST.get("action") == "decide":
            try:
                services.record_decision(
                    actor=request.user,
                    participant=participant,
                    evidence=evidence,
                    right_to_work_evidence=form.cleaned_data["right_to_work_evidence"],
                    decision=form.cleaned_data["decision"],
                    decision_reason=form.cleaned_data["decision_reason"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Eligibility decision recorded.")
                return redirect(reverse("eligibility:eligibility", args=[participant.pk]))
    return render(
        request,
        "eligibility/eligibility.html",
        {"participant": participant, "assessments": assessments, "form": form, "advice": advice},
    )
