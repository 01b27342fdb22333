"""Referral pages: partners refer, staff record contacts and decide, the public expresses
interest. Thin: parse, call a selector or service, render."""

import functools
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.views.decorators.http import require_GET, require_POST

from casework.access.permissions import Action, has_permission, programmes_where
from casework.core import throttle
from casework.core.forms import apply_service_errors
from casework.participants import selectors as participant_selectors
from casework.participants.views import new_participant_page
from casework.programmes.models import Programme
from casework.programmes.models import Programme as ProgrammeModel
from casework.referrals import selectors, services
from casework.referrals.forms import (
    ContactForm,
    DeclineForm,
    ExpressionOfInterestForm,
    PartnerReferralForm,
)
from casework.referrals.models import Referral

INTEREST_SALT = "casework.referrals.interest"
INTEREST_MIN_SECONDS = 3
INTEREST_MAX_SECONDS = 2 * 60 * 60
INTEREST_PER_HOUR = 5
INTEREST_SENT_KEY = "casework.referrals.interest_sent"


def _programme_for(request, action: Action):
    programmes = ProgrammeModel.objects.filter(pk__in=programmes_where(request.user, action))
    slug = request.GET.get("programme")
    if slug:
        programmes = programmes.filter(slug=slug)
    return programmes.order_by("name").first()


@login_required
@require_GET
def referral_list(request):
    if not (
        has_permission(request.user, Action.VIEW_PARTICIPANT)
        or has_permission(request.user, Action.MAKE_REFERRAL)
    ):
        raise PermissionDenied("Your role does not allow you to see referrals.")
    if selectors.is_referrer(request.user):
        return render(
            request,
            "referrals/sent.html",
            {"referrals": list(selectors.sent_by(request.user)[:200])},
        )
    return render(
        request, "referrals/inbox.html", {"referrals": list(selectors.inbox(request.user)[:200])}
    )


@login_required
def new_referral(request):
    programme = _programme_for(request, Action.MAKE_REFERRAL)
    is_referrer = programme is not None
    if programme is None:
        programme = _programme_for(request, Action.EDIT_PARTICIPANT)
    if programme is None:
        raise PermissionDenied("Your role does not allow you to refer or record contacts.")
    form_class = PartnerReferralForm if is_referrer else ContactForm
    form = form_class(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("agreed", None)
        try:
            if is_referrer:
                referral = services.submit_referral(actor=request.user, programme=programme, **data)
            else:
                referral = services.record_contact(actor=request.user, programme=programme, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(reverse("referrals:detail", args=[referral.pk]))
    return render(
        request,
        "referrals/new.html",
        {"form": form, "programme": programme, "is_referrer": is_referrer},
    )


@login_required
@require_GET
def referral_detail(request, referral_id):
    referral = selectors.get_referral(request.user, referral_id)
    in_reach = selectors.referrals_in_reach(request.user).filter(pk=referral.pk).exists()
    if not in_reach:  # the referrer who sent it: status only
        return render(request, "referrals/sent_detail.html", {"referral": referral})
    duplicates, hidden = selectors.possible_duplicates(request.user, referral)
    for participant in duplicates:  # what linking could bring across to each record
        participant.details_to_merge = [
            {"value": name, "text": f"{_label(name)}: {value}"}
            for name, value in services.details_to_merge(referral, participant).items()
        ]
    can_decide = has_permission(request.user, Action.EDIT_PARTICIPANT, referral.programme)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "duplicates": duplicates,
            "hidden_duplicates": hidden,
            "can_decide": can_decide and referral.status == "received",
            "sees_special_category": has_permission(
                request.user, Action.VIEW_SPECIAL_CATEGORY, referral.programme
            ),
        },
    )


def _label(field_name: str) -> str:
    return capfirst(Referral._meta.get_field(field_name).verbose_name)


def _decidable_referral(request, referral_id):
    referral = selectors.get_referral(request.user, referral_id)
    in_reach = selectors.referrals_in_reach(request.user).filter(pk=referral.pk).exists()
    may_decide = has_permission(request.user, Action.EDIT_PARTICIPANT, referral.programme)
    if not (in_reach and may_decide):
        raise PermissionDenied("Only staff responsible for this area can decide on referrals.")
    return referral


@login_required
def accept(request, referral_id):
    referral = _decidable_referral(request, referral_id)
    return new_participant_page(
        request,
        referral.programme,
        save=functools.partial(services.accept_referral, actor=request.user, referral=referral),
        initial={
            name: getattr(referral, name)
            for name in (*services.PERSON_FIELDS, "area")
            if name != "support_needs"
        },
        context={"referral": referral},
    )


@require_POST
@login_required
def link(request, referral_id):
    referral = _decidable_referral(request, referral_id)
    participant_id = request.POST.get("participant")
    if not participant_id:
        messages.error(request, "Choose the participant to link the referral to.")
        return redirect(reverse("referrals:detail", args=[referral.pk]))
    participant = participant_selectors.get_participant(request.user, participant_id)
    try:
        services.link_referral(
            actor=request.user,
            referral=referral,
            participant=participant,
            take=tuple(request.POST.getlist("take")),
        )
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
        return redirect(reverse("referrals:detail", args=[referral.pk]))
    messages.success(request, f"The referral is now part of {participant.display_name}'s record.")
    return redirect(reverse("participants:detail", args=[participant.pk]))


@login_required
def decline(request, referral_id):
    referral = _decidable_referral(request, referral_id)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_referral(
                actor=request.user, referral=referral, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(reverse("referrals:list"))
    return render(request, "referrals/decline.html", {"form": form, "referral": referral})


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def expression_of_interest(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    form = ExpressionOfInterestForm(request.POST or None, programme=programme)
    problem = None
    if request.method == "POST":
        problem = _bot_problem(request)
        if problem is None and form.is_valid():
            problem = _flood_problem(request)
        if problem is None and form.is_valid():
            data = {
                k: v
                for k, v in form.cleaned_data.items()
                if k not in ("read_notice", "website", "started")
            }
            try:
                referral = services.submit_expression_of_interest(programme=programme, **data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                # For the confirmation page, kept in the session (never in the URL).
                request.session[INTEREST_SENT_KEY] = selectors.interest_confirmation(referral)
                return redirect(reverse("referrals:interest-sent", args=[programme.slug]))
    return render(
        request,
        "referrals/interest.html",
        {
            "form": form,
            "programme": programme,
            "problem": problem,
            "started": _started_token(request),
        },
        status=429 if problem and "too many" in problem else 200,
    )


def _started_at(token: str) -> float | None:
    try:
        return float(signing.loads(token, salt=INTEREST_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def _started_token(request) -> str:
    """When the form was first shown. A form shown again after a mistake keeps the time it was
    first shown, so a person who corrects one answer quickly is not "too quick": the minimum
    time applies to the first submission of a fresh form. A missing, forged or timed-out token
    gets a fresh one (and that submission was refused)."""
    posted = request.POST.get("started", "") if request.method == "POST" else ""
    started_at = _started_at(posted) if posted else None
    if started_at is not None and time.time() - started_at <= INTEREST_MAX_SECONDS:
        return posted
    return signing.dumps(time.time(), salt=INTEREST_SALT)


def _bot_problem(request) -> str | None:
    if request.POST.get("website"):
        return "Your form could not be sent. If you are a person, leave the last box empty."
    started_at = _started_at(request.POST.get("started", ""))
    if started_at is None:
        return "Something went wrong with the form. Check your answers and send it again."
    elapsed = time.time() - started_at
    if elapsed > INTEREST_MAX_SECONDS:
        return "This page timed out. Check your answers and send the form again."
    if elapsed < INTEREST_MIN_SECONDS:
        return "The form was sent too quickly. Check your answers and send it again."
    return None


def _flood_problem(request) -> str | None:
    """Counts only complete, valid submissions, so a person correcting mistakes is not blocked."""
    if not throttle.allow(
        scope="interest", key=_client_address(request), limit=INTEREST_PER_HOUR, window_seconds=3600
    ):
        return "You have sent too many forms in the last hour. Try again later, or phone us."
    return None


@require_GET
def interest_sent(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    sent = request.session.get(INTEREST_SENT_KEY) or {}
    if sent.get("programme") != programme.slug:
        sent = {}
    return render(request, "referrals/interest_sent.html", {"programme": programme, "sent": sent})
