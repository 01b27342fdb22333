"""Pages for group sessions. Thin: each page finds its session through a scoped selector (404
outside the user's scope, for every method), checks the user may run it (403), parses the form
and calls one service; the rules are in casework.groupwork.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework.access.permissions import Action, require_permission
from casework.audit.models import Action as AuditAction
from casework.audit.models import Purpose
from casework.audit.services import record_event
from casework.core.exports import csv_response
from casework.core.forms import apply_service_errors
from casework.groupwork import forms, selectors, services
from casework.participants import selectors as participant_selectors


def _session_url(session) -> str:
    return reverse("groupwork:session", args=[session.pk])


def _require_manager(request, session) -> None:
    if not selectors.may_manage(request.user, session):
        raise PermissionDenied("Your role does not allow you to run this session.")


def _apply_errors(form, error: ValidationError, mapping: dict | None = None) -> None:
    if mapping and hasattr(error, "error_dict"):
        error = ValidationError({mapping.get(k, k): v for k, v in error.message_dict.items()})
    apply_service_errors(form, error)


@login_required
@require_GET
def session_list(request):
    require_permission(request.user, Action.VIEW_PARTICIPANT)
    now = timezone.now()
    sessions = selectors.sessions_visible_to(request.user)
    return render(
        request,
        "groupwork/list.html",
        {
            "upcoming": list(sessions.filter(ends_at__gte=now).order_by("starts_at")),
            "past": list(sessions.filter(ends_at__lt=now).order_by("-starts_at")[:50]),
            "can_create": selectors.may_run_sessions(request.user),
            "active_nav": "group-sessions",
        },
    )


def _session_form(request, *, session=None):
    programmes = (
        [session.programme] if session else selectors.programmes_for_new_sessions(request.user)
    )
    if not programmes:
        raise PermissionDenied("Your role does not allow you to set up group sessions.")
    organisation = session.organisation if session else request.user.organisation
    facilitators = [
        m.user for m in services.facilitators_for(programmes[0], organisation) if m.user.is_active
    ]
    return forms.SessionForm(
        request.POST if request.method == "POST" else None,
        programmes=programmes,
        facilitators=list({u.pk: u for u in facilitators}.values()),
        initial=forms.initial_for(session) if session else {"facilitator": str(request.user.pk)},
    )


def _form_page(request, form, *, title, button, session=None):
    return render(
        request,
        "groupwork/session_form.html",
        {"form": form, "title": title, "button": button, "session": session},
    )


@login_required
def new_session(request):
    form = _session_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(actor=request.user, **form.arguments())
        except ValidationError as error:
            _apply_errors(form, error, forms.SESSION_ERROR_FIELDS)
        else:
            messages.success(request, f"{session.title} has been set up.")
            return redirect(_session_url(session))
    return _form_page(request, form, title="Set up a group session", button="Set up session")


@login_required
def edit_session(request, group_session_id):
    session = selectors.get_session(request.user, group_session_id)
    _require_manager(request, session)
    form = _session_form(request, session=session)
    if request.method == "POST" and form.is_valid():
        arguments = form.arguments()
        arguments.pop("programme")
        try:
            services.update_session(actor=request.user, session=session, **arguments)
        except ValidationError as error:
            _apply_errors(form, error, forms.SESSION_ERROR_FIELDS)
        else:
            messages.success(request, "The session has been changed.")
            return redirect(_session_url(session))
    return _form_page(request, form, title="Change the session", button="Save", session=session)


@login_required
@require_GET
def session_detail(request, group_session_id):
    session = selectors.get_session(request.user, group_session_id)
    return render(
        request,
        "groupwork/session.html",
        {
            "session": session,
            "attendees": selectors.attendees(request.user, session),
            "places_taken": selectors.places_taken(session),
            "can_manage": selectors.may_manage(request.user, session),
            "started": session.starts_at <= timezone.now(),
            "active_nav": "group-sessions",
        },
    )


@login_required
def book(request, group_session_id):
    session = selectors.get_session(request.user, group_session_id)
    _require_manager(request, session)
    form = forms.BookingForm(
        request.POST if request.method == "POST" else None,
        participants=selectors.bookable_participants(request.user, session),
    )
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.book_participant(
                actor=request.user, session=session, **form.arguments()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{booking.participant.display_name} is booked.")
            return redirect(_session_url(session))
    return render(
        request,
        "groupwork/book.html",
        {
            "form": form,
            "session": session,
            "places_taken": selectors.places_taken(session),
        },
    )


@login_required
def register(request, group_session_id):
    """The sign-in register: tick who came, one submit."""
    session = selectors.get_session(request.user, group_session_id)
    _require_manager(request, session)
    errors = []
    if request.method == "POST":
        try:
            services.record_register(
                actor=request.user, session=session, attended=set(request.POST.getlist("attended"))
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, "The register has been saved.")
            return redirect(_session_url(session))
    return render(
        request,
        "groupwork/register.html",
        {
            "session": session,
            "attendees": selectors.attendees(request.user, session, register=True),
            "started": session.starts_at <= timezone.now(),
            "errors": errors,
        },
    )


@login_required
@require_GET
def register_print(request, group_session_id):
    """A paper register to sign at the venue."""
    session = selectors.get_session(request.user, group_session_id)
    _require_manager(request, session)
    return render(
        request,
        "groupwork/register_print.html",
        {
            "session": session,
            "attendees": selectors.attendees(request.user, session, register=True),
        },
    )


@login_required
@require_GET
def register_csv(request, group_session_id):
    session = selectors.get_session(request.user, group_session_id)
    _require_manager(request, session)
    attendees = selectors.attendees(request.user, session, register=True)
    held = attendees.holding_places
    record_event(
        actor=request.user,
        action=AuditAction.EXPORT,
        participants=[b.participant for b in held],
        purpose=Purpose.CASE_MANAGEMENT,
    )
    start = timezone.localtime(session.starts_at)
    return csv_response(
        f"register-{start:%Y-%m-%d}.csv",
        ["Session", "Date", "Name", "Date of birth", "Status", "Signed in at", "Signature"],
        (
            [
                session.title,
                f"{start:%d/%m/%Y %H:%M}",
                b.participant.display_name,
                f"{b.participant.date_of_birth:%d/%m/%Y}" if b.participant.date_of_birth else "",
                b.get_status_display(),
                f"{timezone.localtime(b.signed_in_at):%H:%M}" if b.signed_in_at else "",
                "",
            ]
            for b in held
        ),
    )


@login_required
def cancel_session(request, group_session_id):
    session = selectors.get_session(request.user, group_session_id)
    _require_manager(request, session)
    form = forms.CancelSessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_session(actor=request.user, session=session, **form.arguments())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "The session has been cancelled.")
            return redirect(_session_url(session))
    return render(
        request,
        "groupwork/cancel_session.html",
        {"form": form, "session": session, "places_taken": selectors.places_taken(session)},
    )


@login_required
def cancel_booking(request, booking_id):
    booking = selectors.get_booking(request.user, booking_id)
    _require_manager(request, booking.session)
    form = forms.CancelBookingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_booking(actor=request.user, booking=booking, **form.arguments())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{booking.participant.display_name}'s place is cancelled.")
            return redirect(_session_url(booking.session))
    return render(request, "groupwork/cancel_booking.html", {"form": form, "booking": booking})


@login_required
@require_GET
def participant_sessions(request, participant_id):
    participant = participant_selectors.get_participant(request.user, participant_id)
    return render(
        request,
        "groupwork/participant.html",
        {
            "participant": participant,
            "bookings": selectors.attendances_of(request.user, participant),
        },
    )
