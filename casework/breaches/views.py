"""Breach register pages, for the data protection officer. Thin: parse, call a selector or
service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casework.access.permissions import Action
from casework.access.selectors import programme_to_record_in
from casework.breaches import selectors, services
from casework.breaches.forms import (
    AssessForm,
    BreachForm,
    ControllerForm,
    DecideForm,
    PeopleForm,
    ReportForm,
    ToldForm,
)
from casework.breaches.models import Risk
from casework.core.forms import apply_service_errors
from casework.participants import selectors as participant_selectors


def _apply(form, error: ValidationError) -> None:
    """A service's errors on the form's fields; a moment (aware_at) shows on its date boxes."""
    if hasattr(error, "error_dict"):
        renamed = {
            (f"{k}_on" if f"{k}_on" in form.fields else k): v for k, v in error.message_dict.items()
        }
        error = ValidationError(renamed)
    apply_service_errors(form, error)


def _programme(request):
    return programme_to_record_in(
        request.user, Action.MANAGE_BREACHES, request.GET.get("programme")
    )


def _form_page(request, form, *, heading, button, caption="", intro="", back="", template=None):
    return render(
        request,
        template or "dataprotection/form_page.html",
        {
            "form": form,
            "heading": heading,
            "caption": caption,
            "intro": intro,
            "button": button,
            "back": back,
        },
    )


def _detail(breach):
    return reverse("breaches:detail", args=[breach.pk])


@login_required
@require_GET
def breach_list(request):
    selectors.require_manager(request.user)
    breaches = list(selectors.breaches_visible_to(request.user).order_by("status", "-aware_at"))
    return render(
        request,
        "breaches/list.html",
        {
            "breaches": breaches,
            "alerts": list(selectors.alerts_to_escalate(request.user)[:20]),
            "now": timezone.now(),
        },
    )


@login_required
def new_breach(request):
    selectors.require_manager(request.user)
    programme = _programme(request)
    now = timezone.localtime()
    form = BreachForm(
        request.POST or None, initial={"aware_at_on": now.date(), "aware_at_time": f"{now:%H:%M}"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            breach = services.record_breach(
                actor=request.user, programme=programme, **form.service_fields()
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            return redirect(_detail(breach))
    return _form_page(
        request,
        form,
        heading="Record a personal data breach",
        caption=programme.name,
        intro="The questions of the ICO's personal data breach report. Record what you know "
        "now; you can add to it as you find out more.",
        button="Record breach",
        back=reverse("breaches:list"),
    )


@login_required
def from_alert(request, alert_id):
    """A monitoring alert escalated to a breach in one step, carrying its audit events."""
    alert = selectors.alert_for_breach(request.user, alert_id)
    programme = _programme(request)
    events = list(selectors.events_of_alert(alert).select_related("actor")[:200])
    now = timezone.localtime()
    initial = {
        "summary": f"{alert.get_rule_display()}: {alert.actor_label}"[:200],
        "what_happened": (
            f"Monitoring alert: {alert.actor_label} — {alert.get_rule_display().lower()} "
            f"({alert.event_count} events from "
            f"{timezone.localtime(alert.window_start):%d %B %Y %H:%M})."
        ),
        "how_discovered": "Raised by Casework's monitoring of the audit trail",
        "cyber_incident": "no",
        "aware_at_on": now.date(),
        "aware_at_time": f"{now:%H:%M}",
        "subject_categories": ["participants"],
        "data_categories": ["identity", "contact", "case_management"],
    }
    form = BreachForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            breach = services.raise_from_alert(
                actor=request.user, alert=alert, programme=programme, **form.service_fields()
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            events, people = len(breach.audit_sequences), breach.people.count()
            messages.success(
                request,
                f"Breach {breach.reference} is recorded with the alert's audit events "
                f"({events}); participants affected linked: {people}.",
            )
            return redirect(_detail(breach))
    return render(
        request,
        "breaches/from_alert.html",
        {
            "form": form,
            "alert": alert,
            "events": events,
            "programme": programme,
            "heading": "Raise a breach from an alert",
            "caption": programme.name,
            "button": "Record breach",
            "back": reverse("breaches:list"),
        },
    )


@login_required
@require_GET
def breach_detail(request, breach_id):
    breach = selectors.get_breach(request.user, breach_id)
    people = selectors.people_affected(request.user, breach)
    controllers = selectors.other_controllers(breach)
    told = {n.organisation: n for n in breach.controllers_told.all()}
    return render(
        request,
        "breaches/detail.html",
        {
            "breach": breach,
            "people": people,
            "hidden_people": breach.people.count() - len(people),
            "special": selectors.special_data(breach),
            "controllers": [(name, told.get(name)) for name in controllers],
            "now": timezone.now(),
            "Risk": Risk,
            "category_labels": dict(BreachForm.base_fields["data_categories"].choices),
            "subject_labels": dict(BreachForm.base_fields["subject_categories"].choices),
        },
    )


@login_required
def edit(request, breach_id):
    breach = selectors.get_breach(request.user, breach_id)
    form = BreachForm(request.POST or None, initial=BreachForm.initial_from(breach))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_breach(actor=request.user, breach=breach, **form.service_fields())
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, "The breach is updated.")
            return redirect(_detail(breach))
    return _form_page(
        request,
        form,
        heading="Change the breach's details",
        caption=f"Breach {breach.reference}",
        button="Save",
        back=_detail(breach),
    )


def _simple(request, breach, form, call, *, heading, button, intro="", message):
    if request.method == "POST" and form.is_valid():
        try:
            call()
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, message)
            return redirect(_detail(breach))
    return _form_page(
        request,
        form,
        heading=heading,
        caption=f"Breach {breach.reference}",
        intro=intro,
        button=button,
        back=_detail(breach),
    )


@login_required
def assess(request, breach_id):
    breach = selectors.get_breach(request.user, breach_id)
    initial = {
        "risk": breach.risk,
        "risk_reasoning": breach.risk_reasoning,
        "likely_consequences": breach.likely_consequences,
        "what_to_tell_people": breach.what_to_tell_people,
    }
    form = AssessForm(request.POST or None, initial=initial)
    return _simple(
        request,
        breach,
        form,
        lambda: services.assess_risk(actor=request.user, breach=breach, **form.cleaned_data),
        heading="Assess the risk to people",
        button="Save assessment",
        intro="A breach likely to result in a risk to people is reported to the ICO within 72 "
        "hours; where the risk is high, the people affected are told without undue delay.",
        message="The risk assessment is saved.",
    )


@login_required
def decide(request, breach_id):
    breach = selectors.get_breach(request.user, breach_id)
    form = DecideForm(request.POST or None)
    return _simple(
        request,
        breach,
        form,
        lambda: services.decide(actor=request.user, breach=breach, **form.cleaned_data),
        heading="Decide whether to report to the ICO",
        button="Record decision",
        intro="The risk is assessed as: "
        f"{breach.get_risk_display().lower() or 'not yet assessed'}.",
        message="The decision is recorded.",
    )


@login_required
def report(request, breach_id):
    breach = selectors.get_breach(request.user, breach_id)
    now = timezone.localtime()
    form = ReportForm(
        request.POST or None,
        initial={
            "reported_at_on": now.date(),
            "reported_at_time": f"{now:%H:%M}",
            "ico_reference": breach.ico_reference,
        },
    )
    due = timezone.localtime(breach.report_due_at)
    return _simple(
        request,
        breach,
        form,
        lambda: services.record_report(actor=request.user, breach=breach, **form.service_fields()),
        heading="Record the report to the ICO",
        button="Record report",
        intro=f"The report was due by {due:%d %B %Y at %H:%M} (72 hours after becoming aware).",
        message="The report to the ICO is recorded.",
    )


@login_required
def people(request, breach_id):
    """Link the participants affected (found by a search in the form, never in the address),
    and count those who cannot be identified."""
    breach = selectors.get_breach(request.user, breach_id)
    form = PeopleForm(request.POST or None, initial={"unidentified": breach.unidentified_people})
    query = (request.POST.get("q") or "").strip()
    results, found = [], None
    if request.method == "POST" and "search" in request.POST:
        found = participant_selectors.search_page(request.user, query)
        results = [p for p in found.results if p.programme_id == breach.programme_id]
    elif request.method == "POST" and "link" in request.POST:
        chosen = [
            participant_selectors.find_participant(request.user, pk, purpose="breach.link")
            for pk in request.POST.getlist("participant")
        ]
        try:
            added = services.link_people(actor=request.user, breach=breach, participants=chosen)
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, f"{added} people linked to the breach.")
            return redirect(reverse("breaches:people", args=[breach.pk]))
    elif request.method == "POST" and form.is_valid():
        try:
            services.set_unidentified(
                actor=request.user, breach=breach, count=form.cleaned_data["unidentified"]
            )
        except ValidationError as error:
            form.add_error("unidentified", error.messages)
        else:
            messages.success(request, "The count is saved.")
            return redirect(_detail(breach))
    return render(
        request,
        "breaches/people.html",
        {
            "breach": breach,
            "form": form,
            "query": query,
            "results": results,
            "found": found,
            "people": selectors.people_affected(request.user, breach),
        },
    )


@login_required
def letter(request, breach_id, person_id):
    """The letter or email to one person affected, and recording that it was sent."""
    breach = selectors.get_breach(request.user, breach_id)
    person = selectors.affected_person(request.user, breach, person_id)
    form = ToldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_person_told(
                actor=request.user, breach=breach, person=person, how=form.cleaned_data["how"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Recorded: {person.participant.display_name} was told.")
            return redirect(_detail(breach))
    return render(
        request,
        "breaches/letter.html",
        {
            "breach": breach,
            "person": person,
            "participant": person.participant,
            "form": form,
            "contact": selectors.dpo_contact(breach.programme),
            "ico": selectors.ico_contact(breach.programme),
        },
    )


@login_required
def controllers(request, breach_id):
    breach = selectors.get_breach(request.user, breach_id)
    told = set(breach.controllers_told.values_list("organisation", flat=True))
    names = [n for n in selectors.other_controllers(breach) if n not in told]
    now = timezone.localtime()
    form = ControllerForm(
        request.POST or None,
        controllers=names,
        initial={"told_at_on": now.date(), "told_at_time": f"{now:%H:%M}"},
    )
    return _simple(
        request,
        breach,
        form,
        lambda: services.record_controller_told(
            actor=request.user, breach=breach, **form.service_fields()
        ),
        heading="Record a controller told",
        button="Record",
        intro="The programme's other controllers (the accountable body, the joint controllers "
        "and the government department) are told of the breach.",
        message="Recorded.",
    )


@login_required
@require_POST
def close(request, breach_id):
    breach = selectors.get_breach(request.user, breach_id)
    try:
        services.close_breach(actor=request.user, breach=breach)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, "The breach is closed.")
    return redirect(_detail(breach))
