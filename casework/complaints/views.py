"""Complaint pages: the public page per programme, and the data protection officer's pages.
Thin: parse, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework.access.permissions import Action
from casework.access.selectors import programme_to_record_in
from casework.breaches.selectors import breaches_visible_to
from casework.complaints import selectors, services
from casework.complaints.forms import (
    AcknowledgeForm,
    CloseForm,
    EntryForm,
    LinkForm,
    PublicComplaintForm,
    StaffComplaintForm,
)
from casework.complaints.models import EntryKind, Status
from casework.core import public_forms
from casework.core.forms import apply_service_errors
from casework.participants import selectors as participant_selectors
from casework.programmes.models import Programme
from casework.register.selectors import current_config

COMPLAINT_SALT = "casework.complaints.public"
SENT_KEY = "complaint_reference"


def _person_data(form) -> dict:
    return {k: form.cleaned_data[k] for k in services.PERSON_FIELDS}


def public_complaint(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    form = PublicComplaintForm(request.POST or None)
    problem = None
    if request.method == "POST":
        problem = public_forms.bot_problem(request, salt=COMPLAINT_SALT)
        if problem is None and form.is_valid():
            problem = public_forms.flood_problem(request, scope="complaint")
        if problem is None and form.is_valid():
            try:
                complaint = services.submit_complaint(programme=programme, **_person_data(form))
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                request.session[SENT_KEY] = complaint.reference
                return redirect(reverse("complaints:complain-sent", args=[programme.slug]))
    return render(
        request,
        "complaints/complain.html",
        {
            "form": form,
            "programme": programme,
            "problem": problem,
            "started": public_forms.started_token(request, salt=COMPLAINT_SALT),
            "contact": _contacts(programme),
        },
        status=429 if problem and "too many" in problem else 200,
    )


def _contacts(programme) -> dict:
    config = current_config(programme)
    if config is None:
        return {}
    return {"complaints": config.complaints, "ico": config.ico}


@require_GET
def public_complaint_sent(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    reference = request.session.get(SENT_KEY)
    return render(
        request,
        "complaints/complain_sent.html",
        {"programme": programme, "reference": reference, "contact": _contacts(programme)},
    )


@login_required
@require_GET
def complaint_list(request):
    selectors.require_manager(request.user)
    today = timezone.localdate()
    waiting = selectors.awaiting_acknowledgement(request.user, today=today)
    investigating = selectors.complaints_visible_to(request.user).filter(status=Status.ACKNOWLEDGED)
    closed = selectors.complaints_visible_to(request.user).filter(status=Status.CLOSED)
    investigating = list(investigating.order_by("received_on"))
    closed = list(closed.order_by("-closed_on")[:50])
    selectors.record_listed(
        request.user, [*(c for group in waiting.values() for c in group), *investigating, *closed]
    )
    return render(
        request,
        "complaints/list.html",
        {"waiting": waiting, "investigating": investigating, "closed": closed, "today": today},
    )


def _programme(request):
    return programme_to_record_in(
        request.user, Action.MANAGE_COMPLAINTS, request.GET.get("programme")
    )


@login_required
def new_complaint(request):
    selectors.require_manager(request.user)
    programme = _programme(request)
    form = StaffComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.record_complaint(
                actor=request.user,
                programme=programme,
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
                rights_request_reference=form.cleaned_data["rights_request_reference"],
                **_person_data(form),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(reverse("complaints:detail", args=[complaint.pk]))
    return render(
        request,
        "dataprotection/form_page.html",
        {
            "form": form,
            "heading": "Record a complaint",
            "caption": programme.name,
            "intro": "A complaint about how personal data is handled, received by email, "
            "phone, letter or in person. Give at least one way to reply.",
            "button": "Record complaint",
            "back": reverse("complaints:list"),
        },
    )


@login_required
@require_GET
def complaint_detail(request, complaint_id):
    complaint = selectors.get_complaint(request.user, complaint_id)
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "entries": list(complaint.entries.select_related("recorded_by")),
            "today": timezone.localdate(),
        },
    )


def _form_page(request, complaint, form, *, heading, button, intro=""):
    return render(
        request,
        "dataprotection/form_page.html",
        {
            "form": form,
            "heading": heading,
            "caption": f"Complaint {complaint.reference}",
            "intro": intro,
            "button": button,
            "back": reverse("complaints:detail", args=[complaint.pk]),
        },
    )


def _handle(request, complaint, form, call, message):
    if request.method == "POST" and form.is_valid():
        try:
            call(**form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(reverse("complaints:detail", args=[complaint.pk]))
    return None


@login_required
def acknowledge(request, complaint_id):
    complaint = selectors.get_complaint(request.user, complaint_id, audit=False)
    form = AcknowledgeForm(request.POST or None, initial={"acknowledged_on": timezone.localdate()})

    def call(**data):
        services.acknowledge_complaint(actor=request.user, complaint=complaint, **data)

    done = _handle(request, complaint, form, call, "The acknowledgement is recorded.")
    return done or _form_page(
        request,
        complaint,
        form,
        heading="Record the acknowledgement",
        button="Record acknowledgement",
        intro=f"Received {complaint.received_on.day} {complaint.received_on:%B %Y}; "
        f"the acknowledgement is due by {complaint.acknowledge_by.day} "
        f"{complaint.acknowledge_by:%B %Y}.",
    )


@login_required
def add_entry(request, complaint_id):
    complaint = selectors.get_complaint(request.user, complaint_id, audit=False)
    kind = request.GET.get("kind")
    initial = {"on": timezone.localdate(), "kind": kind if kind in EntryKind.values else None}
    form = EntryForm(request.POST or None, initial=initial)

    def call(**data):
        services.add_entry(actor=request.user, complaint=complaint, **data)

    done = _handle(request, complaint, form, call, "It is recorded on the complaint.")
    return done or _form_page(
        request,
        complaint,
        form,
        heading="Add a note or an update",
        button="Save",
        intro="Investigation notes are for the investigation; updates are what the "
        "complainant was told.",
    )


@login_required
def close(request, complaint_id):
    complaint = selectors.get_complaint(request.user, complaint_id, audit=False)
    form = CloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})

    def call(**data):
        services.close_complaint(actor=request.user, complaint=complaint, **data)

    done = _handle(
        request, complaint, form, call, "The complaint is closed. Print or send the outcome letter."
    )
    return done or _form_page(
        request,
        complaint,
        form,
        heading="Send the outcome",
        button="Close the complaint",
        intro="The outcome letter tells the complainant what was found and that they can "
        "complain to the Information Commissioner's Office, and how.",
    )


@login_required
def link(request, complaint_id):
    """What the complaint concerns: the participant (found by a search sent in the form, never
    in the address), a rights request reference, or a breach."""
    complaint = selectors.get_complaint(request.user, complaint_id, audit=False)
    breaches = list(breaches_visible_to(request.user).filter(programme=complaint.programme))
    initial = {
        "rights_request_reference": complaint.rights_request_reference,
        "breach": str(complaint.breach_id or ""),
    }
    form = LinkForm(request.POST or None, breaches=breaches, initial=initial)
    query = (request.POST.get("q") or "").strip()
    results, found = [], None
    if request.method == "POST" and query and "search" in request.POST:
        found = participant_selectors.search_page(request.user, query)
        results = [p for p in found.results if p.programme_id == complaint.programme_id]
    elif request.method == "POST" and form.is_valid():
        participant = complaint.participant
        chosen = request.POST.get("participant")
        if chosen == "none":
            participant = None
        elif chosen:
            participant = participant_selectors.find_participant(
                request.user, chosen, purpose="complaint.link"
            )
        breach = next((b for b in breaches if str(b.pk) == form.cleaned_data["breach"]), None)
        try:
            services.link_complaint(
                actor=request.user,
                complaint=complaint,
                participant=participant,
                rights_request_reference=form.cleaned_data["rights_request_reference"],
                breach=breach,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "What the complaint concerns is saved.")
            return redirect(reverse("complaints:detail", args=[complaint.pk]))
    return render(
        request,
        "complaints/link.html",
        {"complaint": complaint, "form": form, "query": query, "results": results, "found": found},
    )


@login_required
@require_GET
def outcome_letter(request, complaint_id):
    complaint = selectors.get_complaint(request.user, complaint_id)
    if complaint.status != Status.CLOSED:
        raise PermissionDenied("The outcome letter is ready once the outcome is recorded.")
    config = current_config(complaint.programme)
    return render(
        request,
        "complaints/outcome_letter.html",
        {
            "complaint": complaint,
            "ico": config.ico if config else None,
            "complaints_contact": config.complaints if config else None,
            "controller": config.controllers.accountable_body.name if config else "",
        },
    )


@login_required
@require_GET
def participant_complaints(request, participant_id):
    participant, complaints = selectors.complaint_history(request.user, participant_id)
    return render(
        request,
        "complaints/participant.html",
        {"participant": participant, "complaints": complaints},
    )
