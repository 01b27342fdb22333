"""Rights request pages: the public "ask about your data" page per programme, and the data
protection officer's register of requests. Thin: parse, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework.access.permissions import Action
from casework.access.selectors import programme_to_record_in
from casework.consents.selectors import offered_consents
from casework.core import public_forms
from casework.core.forms import apply_service_errors
from casework.participants import selectors as participant_selectors
from casework.programmes.models import Programme
from casework.register.selectors import current_config
from casework.rights import requests as services
from casework.rights import selectors
from casework.rights.engine import EXEMPTIONS_BY_KEY, assess, controllers_of
from casework.rights.forms import (
    DecideForm,
    ExtendForm,
    IdentityForm,
    PauseForm,
    PublicRequestForm,
    ResumeForm,
    StaffRequestForm,
    TransferForm,
)
from casework.rights.models import Decision, RequestKind, RequestStatus

PUBLIC_SALT = "casework.rights.public"
SENT_KEY = "rights_request_reference"


def _person_data(form) -> dict:
    return {k: form.cleaned_data[k] for k in services.PERSON_FIELDS}


def _contacts(programme) -> dict:
    config = current_config(programme)
    if config is None:
        return {}
    return {"rights": config.rights_contact or config.dpo, "ico": config.ico}


def public_request(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    form = PublicRequestForm(request.POST or None)
    problem = None
    if request.method == "POST":
        problem = public_forms.bot_problem(request, salt=PUBLIC_SALT)
        if problem is None and form.is_valid():
            problem = public_forms.flood_problem(request, scope="rights-request")
        if problem is None and form.is_valid():
            try:
                made = services.submit_request(
                    programme=programme, kind=form.cleaned_data["kind"], **_person_data(form)
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                request.session[SENT_KEY] = made.reference
                return redirect(reverse("rights:ask-sent", args=[programme.slug]))
    return render(
        request,
        "rights/ask.html",
        {
            "form": form,
            "programme": programme,
            "problem": problem,
            "started": public_forms.started_token(request, salt=PUBLIC_SALT),
            "contact": _contacts(programme),
        },
        status=429 if problem and "too many" in problem else 200,
    )


@require_GET
def public_request_sent(request, slug):
    """The same page whoever asked and whether or not they are known to the programme."""
    programme = get_object_or_404(Programme, slug=slug)
    return render(
        request,
        "rights/ask_sent.html",
        {
            "programme": programme,
            "reference": request.session.get(SENT_KEY),
            "contact": _contacts(programme),
        },
    )


@login_required
@require_GET
def request_list(request):
    selectors.require_manager(request.user)
    today = timezone.localdate()
    waiting = selectors.open_requests(request.user, today=today)
    decided = list(
        selectors.requests_visible_to(request.user)
        .filter(status=RequestStatus.DECIDED)
        .order_by("-decided_on")[:50]
    )
    shown = [*waiting["overdue"], *waiting["due_soon"], *waiting["later"], *waiting["paused"]]
    selectors.record_listed(request.user, [*shown, *decided])
    return render(
        request,
        "rights/list.html",
        {"waiting": waiting, "decided": decided, "today": today},
    )


def _programme(request):
    return programme_to_record_in(
        request.user, Action.MANAGE_REQUESTS, request.GET.get("programme")
    )


@login_required
def new_request(request):
    selectors.require_manager(request.user)
    programme = _programme(request)
    form = StaffRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.record_request(
                actor=request.user,
                programme=programme,
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
                kind=form.cleaned_data["kind"],
                **_person_data(form),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(reverse("rights:detail", args=[made.pk]))
    return render(
        request,
        "dataprotection/form_page.html",
        {
            "form": form,
            "heading": "Record a rights request",
            "caption": programme.name,
            "intro": "A request received by email, letter, phone or in person. A request does "
            "not need to name the right or the law. Give at least one way to reply.",
            "button": "Record request",
            "back": reverse("rights:list"),
        },
    )


@login_required
@require_GET
def request_detail(request, request_id):
    made = selectors.get_request(request.user, request_id)
    config = current_config(made.programme)
    return render(
        request,
        "rights/detail.html",
        {
            "r": made,
            "steps": list(made.steps.select_related("by")),
            "pauses": list(made.pauses.all()),
            "checks": list(made.identity_checks.select_related("checked_by")),
            "verified": services.identity_verified(made),
            "paused": made.pauses.filter(ended_on__isnull=True).exists(),
            "assessment": assess(made, config),
            "exemption": EXEMPTIONS_BY_KEY.get(made.exemption),
            "today": timezone.localdate(),
        },
    )


def _form_page(request, made, form, *, heading, button, intro=""):
    return render(
        request,
        "dataprotection/form_page.html",
        {
            "form": form,
            "heading": heading,
            "caption": f"Rights request {made.reference}",
            "intro": intro,
            "button": button,
            "back": reverse("rights:detail", args=[made.pk]),
        },
    )


def _handle(request, made, form, call, message):
    if request.method == "POST" and form.is_valid():
        try:
            call(**form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(reverse("rights:detail", args=[made.pk]))
    return None


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}" if day else "not yet known"


@login_required
def verify_identity(request, request_id):
    made = selectors.get_request(request.user, request_id, audit=False)
    form = IdentityForm(request.POST or None, initial={"checked_on": timezone.localdate()})

    def call(**data):
        services.verify_identity(actor=request.user, request=made, **data)

    done = _handle(request, made, form, call, "Their identity is recorded as verified.")
    return done or _form_page(
        request,
        made,
        form,
        heading="Verify their identity",
        button="Record identity check",
        intro="Nothing is released on this request until identity is verified. A caseworker "
        "who knows the person can confirm it; ask only for what you need.",
    )


@login_required
def pause(request, request_id):
    made = selectors.get_request(request.user, request_id, audit=False)
    form = PauseForm(request.POST or None, initial={"started_on": timezone.localdate()})

    def call(**data):
        services.pause_clock(actor=request.user, request=made, **data)

    done = _handle(request, made, form, call, "The clock is paused.")
    return done or _form_page(
        request,
        made,
        form,
        heading="Pause the clock",
        button="Pause the clock",
        intro="While you wait for proof of identity or a fee, the month has not started; "
        "while you wait for clarification, the clock stops and the days are added back.",
    )


@login_required
def resume(request, request_id):
    made = selectors.get_request(request.user, request_id, audit=False)
    form = ResumeForm(request.POST or None, initial={"ended_on": timezone.localdate()})

    def call(**data):
        services.resume_clock(actor=request.user, request=made, **data)

    done = _handle(request, made, form, call, "The clock is running again.")
    return done or _form_page(
        request, made, form, heading="Resume the clock", button="Resume the clock"
    )


@login_required
def extend(request, request_id):
    made = selectors.get_request(request.user, request_id, audit=False)
    form = ExtendForm(request.POST or None, initial={"decided_on": timezone.localdate()})

    def call(**data):
        services.extend(actor=request.user, request=made, **data)

    done = _handle(request, made, form, call, "The deadline is extended by two months.")
    return done or _form_page(
        request,
        made,
        form,
        heading="Extend the deadline",
        button="Extend by two months",
        intro=f"Only once, by two further months, for a complex request or numerous requests, "
        f"and only if the person is told within the first month (now due by "
        f"{_day(made.due_on)}).",
    )


@login_required
def transfer(request, request_id):
    made = selectors.get_request(request.user, request_id, audit=False)
    config = current_config(made.programme)
    controllers = [c for c in (controllers_of(config) if config else []) if c != made.controller]
    form = TransferForm(request.POST or None, controllers=controllers)

    def call(**data):
        services.transfer(actor=request.user, request=made, **data)

    done = _handle(request, made, form, call, "The request is transferred; its clock runs on.")
    return done or _form_page(
        request,
        made,
        form,
        heading="Transfer to another controller",
        button="Transfer",
        intro=f"Answered now by {made.controller}. The deadline stays {_day(made.due_on)}: "
        "the clock counts from when the programme received it.",
    )


@login_required
def decide(request, request_id):
    made = selectors.get_request(request.user, request_id, audit=False)
    config = current_config(made.programme)
    purposes = [(p.key, p.description) for p in config.purposes] if config else []
    consents = [(c.key, c.label) for c in offered_consents(made.programme)]
    form = DecideForm(
        request.POST or None,
        purposes=purposes,
        consents=consents,
        initial={"decided_on": timezone.localdate()},
    )

    def call(**data):
        services.decide(actor=request.user, request=made, **data)

    done = _handle(request, made, form, call, "The decision is recorded. Send the letter.")
    return done or render(
        request,
        "rights/decide.html",
        {"r": made, "form": form, "assessment": assess(made, config)},
    )


@login_required
def match(request, request_id):
    """The participant the request is about, found by a search sent in the form (never in the
    address), among the participants the DPO may see."""
    made = selectors.get_request(request.user, request_id, audit=False)
    query = (request.POST.get("q") or "").strip()
    results, error, found = [], "", None
    if request.method == "POST" and "search" in request.POST:
        if query:
            found = participant_selectors.search_page(request.user, query)
            results = [p for p in found.results if p.programme_id == made.programme_id]
        else:
            error = "Enter a name, date of birth or National Insurance number to search for"
    elif request.method == "POST":
        chosen = request.POST.get("participant")
        if not chosen:
            error = "Choose the participant the request is about"
        else:
            participant = participant_selectors.find_participant(
                request.user, chosen, purpose="rights.request.match"
            )
            try:
                services.match_participant(
                    actor=request.user, request=made, participant=participant
                )
            except ValidationError as failure:
                error = " ".join(m for ms in failure.message_dict.values() for m in ms)
            else:
                messages.success(request, "The request is matched to the participant.")
                return redirect(reverse("rights:detail", args=[made.pk]))
    return render(
        request,
        "rights/match.html",
        {"r": made, "query": query, "results": results, "error": error, "found": found},
    )


@login_required
@require_GET
def decision_letter(request, request_id):
    made = selectors.get_request(request.user, request_id)
    if made.status != RequestStatus.DECIDED:
        raise PermissionDenied("The letter is ready once the decision is recorded.")
    config = current_config(made.programme)
    return render(
        request,
        "rights/letter.html",
        {
            "r": made,
            "kind": RequestKind(made.kind),
            "ico": config.ico if config else None,
            "rights_contact": (config.rights_contact or config.dpo) if config else None,
            "exemption": EXEMPTIONS_BY_KEY.get(made.exemption),
            "assessment": assess(made, config),
            "refused": made.decision != Decision.IN_FULL,
        },
    )
