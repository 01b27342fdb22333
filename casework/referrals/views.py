"""Referral pages: partners refer, staff record contacts and decide, the public expresses
interest. Thin: parse, call a selector or service, render."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.views.decorators.http import require_GET, require_POST

from casework.access.permissions import Action, has_permission, programmes_where
from casework.core import public_forms
from casework.core.forms import apply_service_errors
from casework.core.paging import uncounted_page
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
INTEREST_PER_HOUR = public_forms.PER_HOUR
INTEREST_SENT_KEY = "casework.referrals.interest_sent"
INBOX_PAGE_SIZE = 50  # waiting referrals a page, oldest first (issue 16: every list paginated)


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
        # Every referral the partner has sent, newest first, a page at a time (it stopped at
        # 200 before: the older ones could not be reached).
        sent = uncounted_page(
            selectors.sent_by(request.user), request.GET.get("page"), INBOX_PAGE_SIZE
        )
        return render(
            request,
            "referrals/sent.html",
            {"referrals": list(sent.object_list), "page": sent},
        )
    page = uncounted_page(selectors.inbox(request.user), request.GET.get("page"), INBOX_PAGE_SIZE)
    referrals = selectors.flag_possible_duplicates(request.user, list(page.object_list))
    return render(request, "referrals/inbox.html", {"referrals": referrals, "page": page})


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
    in_sight = selectors.referrals_in_sight(request.user).filter(pk=referral.pk).exists()
    if not in_sight:  # the one who sent it, out of sight now or a referrer: status only
        return render(request, "referrals/sent_detail.html", {"referral": referral})
    duplicates, waiting = selectors.possible_duplicates(request.user, referral)
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
            "waiting_duplicates": waiting,
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
            "started": public_forms.started_token(request, salt=INTEREST_SALT),
        },
        status=429 if problem and "too many" in problem else 200,
    )


def _bot_problem(request) -> str | None:
    return public_forms.bot_problem(request, salt=INTEREST_SALT)


def _flood_problem(request) -> str | None:
    return public_forms.flood_problem(request, scope="interest", limit=INTEREST_PER_HOUR)


@require_GET
def interest_sent(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    sent = request.session.get(INTEREST_SENT_KEY) or {}
    if sent.get("programme") != programme.slug:
        sent = {}
    return render(request, "referrals/interest_sent.html", {"programme": programme, "sent": sent})
