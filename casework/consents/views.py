from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casework.access.permissions import Action, require_permission
from casework.consents import selectors, services
from casework.consents.forms import ConsentForm, EnrolForm, WithdrawChoiceForm, WithdrawForm
from casework.consents.selectors import consent_label, offered_consents
from casework.core.forms import apply_service_errors
from casework.eligibility import selectors as eligibility_selectors
from casework.participants.selectors import get_participant
from casework.register.selectors import current_version


def _consents_page(request, participant_id, form=None, status=200):
    participant, current, history = selectors.consents_of(request.user, participant_id)
    return render(
        request,
        "consents/consents.html",
        {
            "participant": participant,
            "current": current,
            "history": history,
            "form": form or ConsentForm(offered=offered_consents(participant.programme)),
        },
        status=status,
    )


@login_required
def consents(request, participant_id):
    if request.method != "POST":
        return _consents_page(request, participant_id)
    participant = get_participant(request.user, participant_id)
    require_permission(request.user, Action.EDIT_PARTICIPANT, participant.programme)
    form = ConsentForm(request.POST, offered=offered_consents(participant.programme))
    if form.is_valid():
        try:
            services.give_consent(
                actor=request.user,
                participant=participant,
                purpose=form.cleaned_data["purpose"],
                recipient=form.cleaned_data["recipient"],
                channel=form.cleaned_data["channel"],
                on=form.cleaned_data["decided_on"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Consent recorded.")
            return redirect(reverse("consents:consents", args=[participant.pk]))
    return _consents_page(request, participant_id, form=form)


@require_POST
@login_required
def withdraw(request, participant_id):
    """Withdrawing a consent is two steps: the Withdraw button beside a consent opens a page
    that asks how the participant withdrew it (no answer chosen for them); only that page's
    button withdraws it. Both are POSTs, so nothing about the consent is in a URL."""
    participant = get_participant(request.user, participant_id)
    require_permission(request.user, Action.EDIT_PARTICIPANT, participant.programme)
    chosen = WithdrawChoiceForm(request.POST)
    if not chosen.is_valid():
        messages.error(request, "Choose the consent to withdraw.")
        return redirect(reverse("consents:consents", args=[participant.pk]))
    form = WithdrawForm(request.POST if request.POST.get("confirm") else None)
    if form.is_bound and form.is_valid():
        try:
            services.withdraw_consent(
                actor=request.user, participant=participant, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(reverse("consents:consents", args=[participant.pk]))
        messages.success(request, "Consent withdrawn. It no longer applies from now.")
        return redirect(reverse("consents:consents", args=[participant.pk]))
    return render(
        request,
        "consents/withdraw.html",
        {
            "participant": participant,
            "form": form,
            "purpose": chosen.cleaned_data["purpose"],
            "purpose_label": consent_label(participant.programme, chosen.cleaned_data["purpose"]),
            "recipient": chosen.cleaned_data["recipient"],
        },
    )


@login_required
def enrol(request, participant_id):
    participant = get_participant(request.user, participant_id)
    require_permission(request.user, Action.EDIT_PARTICIPANT, participant.programme)
    version = current_version(participant.programme)
    refused = eligibility_selectors.enrolment_problem(participant)
    if refused:  # a clear page: the rule says no, and where to go instead
        return render(
            request,
            "consents/enrol_refused.html",
            {"participant": participant, "problem": refused},
        )
    undecided = eligibility_selectors.latest_decision(participant) is None
    form = EnrolForm(
        request.POST or None,
        initial={"enrolled_on": timezone.localdate()},
        offered=offered_consents(participant.programme),
        undecided=undecided,
    )
    if request.method == "POST" and form.is_valid():
        chosen = [(key, "") for name, key in form.consent_keys if form.cleaned_data[name]]
        try:
            if version is None:
                raise ValidationError("This programme has no privacy notice loaded yet.")
            services.enrol(
                actor=request.user,
                participant=participant,
                on=form.cleaned_data["enrolled_on"],
                notice_version=version,
                notice_method=form.cleaned_data["notice_method"],
                consents=chosen,
                without_eligibility_decision=form.cleaned_data.get(
                    "without_eligibility_decision", False
                ),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{participant.display_name} is enrolled.")
            return redirect(reverse("participants:detail", args=[participant.pk]))
    return render(
        request,
        "consents/enrol.html",
        {"participant": participant, "form": form, "version": version, "undecided": undecided},
    )
