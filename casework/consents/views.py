from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casework.access.permissions import Action, require_permission
from casework.consents import selectors, services
from casework.consents.forms import ConsentForm, EnrolForm, WithdrawForm
from casework.consents.selectors import offered_consents
from casework.core.forms import apply_service_errors
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
    participant = get_participant(request.user, participant_id)
    require_permission(request.user, Action.EDIT_PARTICIPANT, participant.programme)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_consent(
                actor=request.user, participant=participant, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Consent withdrawn. It no longer applies from now.")
    else:
        messages.error(request, "Select how the participant withdrew their consent.")
    return redirect(reverse("consents:consents", args=[participant.pk]))


@login_required
def enrol(request, participant_id):
    participant = get_participant(request.user, participant_id)
    require_permission(request.user, Action.EDIT_PARTICIPANT, participant.programme)
    version = current_version(participant.programme)
    form = EnrolForm(
        request.POST or None,
        initial={"enrolled_on": timezone.localdate()},
        offered=offered_consents(participant.programme),
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
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{participant.display_name} is enrolled.")
            return redirect(reverse("participants:detail", args=[participant.pk]))
    return render(
        request,
        "consents/enrol.html",
        {"participant": participant, "form": form, "version": version},
    )
