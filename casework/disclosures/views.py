"""The disclosure pages: thin, over the gate (services) and the scoped reads (selectors)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from casework.access.permissions import Action, has_permission, require_permission
from casework.access.selectors import memberships_of
from casework.core.exports import csv_response
from casework.core.forms import apply_service_errors
from casework.disclosures import forms, rules, selectors, services
from casework.disclosures.models import (
    Delivery,
    DisclosureKind,
    DisclosureStatus,
    SafeguardingStatus,
)
from casework.disclosures.services import DisclosureRefused
from casework.participants.selectors import get_participant
from casework.register.selectors import programme_for_staff

LOG_PAGE_SIZE = 50


def _participant_for(request, participant_id, action=Action.DISCLOSE):
    participant = get_participant(request.user, participant_id)
    require_permission(request.user, action, participant.programme)
    return participant


def _refused(request, participant, refused: DisclosureRefused, back: str):
    return render(
        request,
        "disclosures/refused.html",
        {"participant": participant, "refused": refused, "back": back},
    )


def _download(disclosure, content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Disclosure"] = str(disclosure.pk)
    return response


def _done(request, participant, disclosure):
    if disclosure.status == DisclosureStatus.NOT_SENT:
        messages.error(
            request,
            f"The email to {disclosure.recipient_name or disclosure.recipient_email} could not be "
            "sent. Nothing left Casework; it is recorded as not sent.",
        )
    else:
        messages.success(
            request,
            f"{disclosure.get_kind_display()}: {disclosure.get_status_display().lower()}"
            f"{' to ' + disclosure.recipient_name if disclosure.recipient_name else ''}. "
            "It is in the disclosure log.",
        )
    return redirect(reverse("disclosures:participant", args=[participant.pk]))


@login_required
@require_GET
def participant(request, participant_id):
    person = get_participant(request.user, participant_id)
    user = request.user
    programme = person.programme
    return render(
        request,
        "disclosures/participant.html",
        {
            "participant": person,
            "disclosures": selectors.disclosures_of(user, person),
            "safeguarding": selectors.safeguarding_of(user, person),
            "by_field": selectors.recipients_by_field(user, person),
            "may_disclose": has_permission(user, Action.DISCLOSE, programme),
            "may_answer": has_permission(user, Action.ANSWER_STATUTORY_REQUEST, programme),
            "sees_reasons": has_permission(user, Action.VIEW_SPECIAL_CATEGORY, programme),
            "field_label": rules.field_label,
        },
    )


@login_required
def send_document(request, participant_id):
    person = _participant_for(request, participant_id)
    documents = list(person.documents.exclude(kind="scanned_paper_record"))
    recipients = selectors.declared_recipients(person.programme, DisclosureKind.DOCUMENT)
    form = forms.DocumentForm(request.POST or None, recipients=recipients, documents=documents)
    back = reverse("disclosures:participant", args=[person.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = next(d for d in documents if str(d.pk) == data["document"])
        try:
            disclosure, content = services.send_document(
                by=request.user,
                participant=person,
                document=document,
                recipient_key=data["recipient"],
                recipient_name=data["recipient_name"],
                delivery=data["delivery"],
                recipient_email=data["recipient_email"],
            )
        except DisclosureRefused as refused:
            return _refused(request, person, refused, back)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if disclosure.delivery == Delivery.DOWNLOAD:
                return _download(
                    disclosure, content, document.original_filename, document.content_type
                )
            return _done(request, person, disclosure)
    return render(
        request,
        "disclosures/send_document.html",
        {"participant": person, "form": form, "documents": documents, "back": back},
    )


@login_required
def refer(request, participant_id):
    person = _participant_for(request, participant_id)
    recipients = selectors.declared_recipients(person.programme, DisclosureKind.REFERRAL)
    form = forms.ReferralForm(
        request.POST or None,
        recipients=recipients,
        field_options=forms.field_choices(request.user, person.programme),
    )
    back = reverse("disclosures:participant", args=[person.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            disclosure, letter = services.refer(
                by=request.user,
                participant=person,
                recipient_key=data["recipient"],
                recipient_name=data["recipient_name"],
                fields=data["fields_shared"],
                message=data["message"],
                delivery=data["delivery"],
                recipient_email=data["recipient_email"],
            )
        except DisclosureRefused as refused:
            return _refused(request, person, refused, back)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if disclosure.delivery == Delivery.DOWNLOAD:
                return _download(disclosure, letter, "referral.txt", "text/plain")
            return _done(request, person, disclosure)
    return render(
        request,
        "disclosures/refer.html",
        {"participant": person, "form": form, "back": back},
    )


@login_required
def enquiry(request, participant_id):
    person = _participant_for(request, participant_id)
    recipients = selectors.declared_recipients(person.programme, DisclosureKind.ENQUIRY)
    form = forms.EnquiryForm(
        request.POST or None,
        recipients=recipients,
        field_options=forms.field_choices(request.user, person.programme),
        purposes=selectors.agreement_purposes(person.programme, recipients),
    )
    back = reverse("disclosures:participant", args=[person.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            disclosure, letter = services.make_enquiry(
                by=request.user,
                participant=person,
                recipient_key=data["recipient"],
                recipient_name=data["recipient_name"],
                purpose_key=data["purpose"],
                fields=data["fields_shared"],
                question=data["question"],
                delivery=data["delivery"],
                recipient_email=data["recipient_email"],
            )
        except DisclosureRefused as refused:
            return _refused(request, person, refused, back)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if disclosure.delivery == Delivery.DOWNLOAD:
                return _download(disclosure, letter, "enquiry.txt", "text/plain")
            return _done(request, person, disclosure)
    return render(
        request,
        "disclosures/enquiry.html",
        {"participant": person, "form": form, "back": back},
    )


@login_required
def safeguarding(request, participant_id):
    person = _participant_for(request, participant_id)
    recipients = selectors.declared_recipients(person.programme, DisclosureKind.SAFEGUARDING)
    form = forms.SafeguardingForm(
        request.POST or None,
        recipients=recipients,
        field_options=forms.field_choices(request.user, person.programme),
    )
    back = reverse("disclosures:participant", args=[person.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.request_safeguarding_disclosure(
                by=request.user,
                participant=person,
                reason=data["reason"],
                risk=data["risk"],
                why_override=data["why_override"],
                asked_first=data["asked_first"] == "yes",
                not_asked_reason=data["not_asked_reason"],
                recipient_key=data["recipient"],
                recipient_name=data["recipient_name"],
                recipient_email=data["recipient_email"],
                fields=data["fields_shared"],
                what_was_shared=data["what_was_shared"],
                delivery=data["delivery"],
                urgent=data["urgent"],
                urgency_reason=data["urgency_reason"],
                inform=data["inform"],
                inform_on=data["inform_on"],
                not_yet_reason=data["not_yet_reason"],
                review_on=data["review_on"],
            )
        except DisclosureRefused as refused:
            return _refused(request, person, refused, back)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if record.status == SafeguardingStatus.DISCLOSED:
                messages.success(request, "The safeguarding disclosure is recorded.")
            else:
                messages.success(
                    request,
                    "Your request is recorded. Nothing is shared until a team leader or the data "
                    "protection officer approves it.",
                )
            return redirect(reverse("disclosures:safeguarding-record", args=[person.pk, record.pk]))
    return render(
        request,
        "disclosures/safeguarding.html",
        {"participant": person, "form": form, "back": back},
    )


@login_required
def safeguarding_record(request, participant_id, record_id):
    person = get_participant(request.user, participant_id)
    user = request.user
    record = selectors.safeguarding_record(user, person, record_id)
    may_approve = (
        record.status == SafeguardingStatus.AWAITING_APPROVAL
        and record.requested_by_id != user.pk
        and has_permission(user, Action.APPROVE_DISCLOSURE, person.programme)
    )
    may_update = record.status == SafeguardingStatus.DISCLOSED and has_permission(
        user, Action.DISCLOSE, person.programme
    )
    approval = forms.ApprovalForm(prefix="approval")
    inform = forms.InformForm(prefix="inform", initial={"inform": record.inform})
    if request.method == "POST":
        if "approval-decision" in request.POST or not may_update:
            if not may_approve:
                require_permission(user, Action.APPROVE_DISCLOSURE, person.programme)
                raise Http404("This disclosure is not waiting for your approval")
            approval = forms.ApprovalForm(request.POST, prefix="approval")
            if approval.is_valid():
                try:
                    if approval.cleaned_data["decision"] == "approve":
                        services.approve_safeguarding_disclosure(
                            by=user, record=record, note=approval.cleaned_data["note"]
                        )
                    else:
                        services.decline_safeguarding_disclosure(
                            by=user, record=record, note=approval.cleaned_data["note"]
                        )
                except DisclosureRefused as refused:
                    back = reverse("disclosures:participant", args=[person.pk])
                    return _refused(request, person, refused, back)
                except ValidationError as error:
                    apply_service_errors(approval, error)
                else:
                    messages.success(request, "Your decision is recorded.")
                    return redirect(request.path)
        else:
            inform = forms.InformForm(request.POST, prefix="inform")
            if inform.is_valid():
                try:
                    services.record_inform_decision(by=user, record=record, **inform.cleaned_data)
                except ValidationError as error:
                    apply_service_errors(inform, error)
                else:
                    messages.success(request, "The decision about telling them is recorded.")
                    return redirect(request.path)
    return render(
        request,
        "disclosures/safeguarding_record.html",
        {
            "participant": person,
            "record": record,
            "sees_reasons": has_permission(user, Action.VIEW_SPECIAL_CATEGORY, person.programme),
            "may_approve": may_approve,
            "may_update": may_update,
            "approval": approval,
            "inform_form": inform,
            "field_label": rules.field_label,
        },
    )


@login_required
@require_GET
def approvals(request):
    """The disclosures home of team leaders, DPOs and auditors: safeguarding disclosures waiting
    for their approval, and each programme's log and agreements."""
    user = request.user
    may_approve = has_permission(user, Action.APPROVE_DISCLOSURE)
    if not (may_approve or has_permission(user, Action.VIEW_DISCLOSURE_LOG)):
        require_permission(user, Action.APPROVE_DISCLOSURE)
    programmes = [
        (m.programme, has_permission(user, Action.VIEW_DISCLOSURE_LOG, m.programme))
        for m in memberships_of(user)
        if has_permission(user, Action.VIEW_DISCLOSURE_LOG, m.programme)
        or has_permission(user, Action.VIEW_PROCESSING_RECORD, m.programme)
    ]
    return render(
        request,
        "disclosures/approvals.html",
        {
            "records": selectors.awaiting_approval(user) if may_approve else [],
            "may_approve": may_approve,
            "programmes": list({p.pk: (p, log) for p, log in programmes}.values()),
        },
    )


@login_required
def statutory_request(request, participant_id):
    person = _participant_for(request, participant_id, Action.ANSWER_STATUTORY_REQUEST)
    recipients = selectors.declared_recipients(person.programme, DisclosureKind.STATUTORY_REQUEST)
    form = forms.StatutoryRequestForm(
        request.POST or None,
        recipients=recipients,
        field_options=forms.field_choices(request.user, person.programme),
    )
    back = reverse("disclosures:participant", args=[person.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            disclosure, content = services.answer_statutory_request(
                by=request.user,
                participant=person,
                recipient_key=data["recipient"],
                recipient_name=data["recipient_name"],
                request_reference=data["request_reference"],
                purpose_key=data["purpose"],
                fields=data["fields_shared"],
                delivery=data["delivery"],
                recipient_email=data["recipient_email"],
            )
        except DisclosureRefused as refused:
            return _refused(request, person, refused, back)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if disclosure.delivery == Delivery.DOWNLOAD:
                return _download(disclosure, content, "disclosure.txt", "text/plain")
            return _done(request, person, disclosure)
    return render(
        request,
        "disclosures/statutory_request.html",
        {"participant": person, "form": form, "back": back},
    )


def _log_filters(form) -> selectors.LogFilters:
    if not form.is_valid():
        return selectors.LogFilters()
    return selectors.LogFilters(**form.cleaned_data)


def _log_form(request, programme):
    config_recipients = [
        r for kind in DisclosureKind for r in selectors.declared_recipients(programme, kind)
    ]
    recipients = list({r.key: r for r in config_recipients}.values())
    references = [row.reference for row in selectors.agreements(programme)]
    return forms.LogFilterForm(request.GET or None, recipients=recipients, agreements=references)


@login_required
@require_GET
def log(request, slug):
    programme = programme_for_staff(request.user, slug, Action.VIEW_DISCLOSURE_LOG)
    form = _log_form(request, programme)
    entries = selectors.disclosure_log(request.user, programme, _log_filters(form))
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    people = selectors.with_people(request.user, list(page), purpose="disclosure_log")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "disclosures/log.html",
        {
            "programme": programme,
            "form": form,
            "page": page,
            "people": people,
            "query": query.urlencode(),
            "counts": selectors.counts_by_kind(programme),
            "refusals": selectors.refusals(request.user, programme),
            "kinds": DisclosureKind,
            "field_label": rules.field_label,
        },
    )


@login_required
@require_GET
def log_csv(request, slug):
    programme = programme_for_staff(request.user, slug, Action.VIEW_DISCLOSURE_LOG)
    require_permission(request.user, Action.EXPORT, programme)
    form = _log_form(request, programme)
    entries = list(selectors.disclosure_log(request.user, programme, _log_filters(form)))
    people = selectors.with_people(request.user, entries, purpose="disclosure_log_export")
    from casework.audit.models import Action as AuditAction
    from casework.audit.services import record_event

    record_event(
        actor=request.user,
        action=AuditAction.EXPORT,
        participants=list(people.values()),
        purpose="disclosure log CSV",
    )
    header = [
        "When",
        "Kind",
        "Participant",
        "People",
        "Recipient",
        "Named organisation",
        "Purpose",
        "Basis",
        "Agreement",
        "Legal gateway",
        "Request reference",
        "Fields",
        "Delivery",
        "Status",
        "Content SHA-256",
        "By",
    ]
    rows = (
        [
            d.disclosed_at.isoformat(),
            d.get_kind_display(),
            people[d.pk].display_name if d.pk in people else "",
            d.participant_count,
            d.recipient_key,
            d.recipient_name,
            d.purpose,
            d.get_basis_display(),
            d.agreement_reference,
            d.legal_gateway,
            d.request_reference,
            "; ".join(d.fields),
            d.get_delivery_display(),
            d.get_status_display(),
            d.content_sha256,
            d.disclosed_by.get_full_name() if d.disclosed_by else "",
        ]
        for d in entries
    )
    return csv_response(f"{slug}-disclosure-log.csv", header, rows)


@login_required
@require_GET
def agreements(request, slug):
    programme = programme_for_staff(request.user, slug, Action.VIEW_PROCESSING_RECORD)
    rows = selectors.agreements(programme)
    return render(
        request,
        "disclosures/agreements.html",
        {
            "programme": programme,
            "rows": rows,
            "warn_days": selectors.WARN_DAYS,
            "gateways": selectors.gateways(programme),
            "may_see_log": has_permission(request.user, Action.VIEW_DISCLOSURE_LOG, programme),
            "category_label": rules.category_label,
        },
    )


@login_required
def data_matching(request, slug):
    programme = programme_for_staff(request.user, slug, Action.ANSWER_STATUTORY_REQUEST)
    recipients = selectors.declared_recipients(programme, DisclosureKind.DATA_MATCHING)
    form = forms.DataMatchingForm(
        request.POST or None,
        recipients=recipients,
        field_options=forms.field_choices(request.user, programme),
    )
    refused = None
    if request.method == "POST" and recipients and form.is_valid():
        population = selectors.extract_population(request.user, programme)
        try:
            disclosure, content = services.produce_extract(
                by=request.user,
                programme=programme,
                kind=DisclosureKind.DATA_MATCHING,
                recipient_key=form.cleaned_data["recipient"],
                purpose_key="data_matching",
                participants=population,
                fields=form.cleaned_data["fields_shared"],
                request_reference=form.cleaned_data["request_reference"],
            )
        except DisclosureRefused as error:
            refused = error
        else:
            return _download(
                disclosure, content, f"{slug}-data-matching.csv", "text/csv; charset=utf-8"
            )
    return render(
        request,
        "disclosures/data_matching.html",
        {"programme": programme, "form": form, "recipients": recipients, "refused": refused},
    )
