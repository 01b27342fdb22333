"""Every write to group sessions and their bookings. Keyword-only and atomic: each function
checks the actor may do it, validates the whole change, saves all of it or nothing, and audits
it (one event, naming the participants whose records changed). Errors are ValidationErrors keyed
by field name."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework.access.selectors import participants_visible_to
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.disposal.schedule import schedule_group_session
from casework.groupwork.models import (
    HOLDS_A_PLACE,
    BookingStatus,
    GroupBooking,
    GroupSession,
    SessionKind,
)
from casework.groupwork.selectors import may_manage, programmes_for_new_sessions
from casework.participants.models import Participant, Status
from casework.register.selectors import uncollected_errors
from casework.rights.selectors import without_restricted
from casework.staff.models import Membership

MIN_CAPACITY, MAX_CAPACITY = 1, 200
_SESSION_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "online",
    "location",
    "capacity",
    "facilitator",
)


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _audit(actor, action: str, participants, changed_fields) -> None:
    """One event for a change to participants' records (field names only, never values)."""
    participants = list(participants)
    record_event(
        actor=actor,
        action=AuditAction.PARTICIPANT_RECORD,
        participant=participants[0] if len(participants) == 1 else None,
        participants=participants if len(participants) > 1 else (),
        purpose=action[:40],
        changed_fields=changed_fields,
    )


def _audit_session(actor, action: str, changed_fields) -> None:
    """A change to a session itself touches nobody's record; still recorded, as staff work."""
    record_event(
        actor=actor,
        action=AuditAction.GROUP_SESSION,
        purpose=action[:40],
        changed_fields=changed_fields,
    )


def _require_manager(actor, session: GroupSession) -> None:
    if not may_manage(actor, session):
        raise PermissionDenied("Your role does not allow you to run this session.")


def facilitators_for(programme, organisation):
    """Staff who may facilitate: members of the programme working for the organisation."""
    return (
        Membership.objects.filter(programme=programme, user__organisation=organisation)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


def _session_errors(
    *,
    programme,
    organisation,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    online: bool,
    location: str,
    capacity: int,
    facilitator,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in SessionKind.values:
        _add(errors, "kind", "Select the kind of session")
    if not (title or "").strip():
        _add(errors, "title", "Enter a title")
    if ends_at <= starts_at:
        _add(errors, "ends_at", "The session must end after it starts")
    if not online and not (location or "").strip():
        _add(errors, "location", "Enter where the session is held, or say it is online")
    if capacity is None or not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
        _add(
            errors,
            "capacity",
            f"The number of places must be between {MIN_CAPACITY} and {MAX_CAPACITY}",
        )
    if (
        facilitator is not None
        and not facilitators_for(programme, organisation).filter(user=facilitator).exists()
    ):
        _add(errors, "facilitator", "Select a facilitator from your organisation")
    return errors


def _apply(session: GroupSession, **values) -> None:
    session.kind = values["kind"]
    session.title = values["title"].strip()
    session.description = (values.get("description") or "").strip()
    session.starts_at, session.ends_at = values["starts_at"], values["ends_at"]
    session.online = bool(values.get("online"))
    session.location = "" if session.online else (values.get("location") or "").strip()
    session.capacity = values["capacity"]
    session.facilitator = values.get("facilitator")


@transaction.atomic
def create_session(
    *,
    actor,
    programme,
    kind: str,
    title: str,
    description: str = "",
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    online: bool = False,
    location: str = "",
    capacity: int,
    facilitator=None,
) -> GroupSession:
    """A session run by the actor's own organisation in `programme`, starting in the future."""
    if programme not in programmes_for_new_sessions(actor):
        raise PermissionDenied("Your role does not allow you to set up group sessions.")
    values = {
        "kind": kind,
        "title": title,
        "description": description,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "online": online,
        "location": location,
        "capacity": capacity,
        "facilitator": facilitator,
    }
    errors = _session_errors(
        programme=programme, organisation=actor.organisation, **_checked(values)
    )
    if starts_at <= timezone.now():
        _add(errors, "starts_at", "A new session must start in the future")
    _raise_if(errors)
    session = GroupSession(programme=programme, organisation=actor.organisation, created_by=actor)
    _apply(session, **values)
    session.full_clean()
    session.save()
    schedule_group_session(session)
    _audit_session(actor, "groupwork.session.create", _SESSION_FIELDS)
    return session


def _checked(values: dict) -> dict:
    return {k: v for k, v in values.items() if k != "description"}


@transaction.atomic
def update_session(
    *,
    actor,
    session: GroupSession,
    kind: str,
    title: str,
    description: str = "",
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    online: bool = False,
    location: str = "",
    capacity: int,
    facilitator=None,
) -> GroupSession:
    """Changes a session not cancelled. Its places cannot drop below the places taken."""
    _require_manager(actor, session)
    session = GroupSession.objects.select_for_update().get(pk=session.pk)
    values = {
        "kind": kind,
        "title": title,
        "description": description,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "online": online,
        "location": location,
        "capacity": capacity,
        "facilitator": facilitator,
    }
    errors = _session_errors(
        programme=session.programme, organisation=session.organisation, **_checked(values)
    )
    if session.is_cancelled:
        _add(errors, "title", "This session has been cancelled: it cannot be changed")
    taken = session.bookings.filter(status__in=HOLDS_A_PLACE).count()
    if capacity is not None and "capacity" not in errors and capacity < taken:
        _add(
            errors,
            "capacity",
            f"{taken} places are already booked: the number of places cannot be fewer",
        )
    _raise_if(errors)
    before = {name: getattr(session, name) for name in _SESSION_FIELDS}
    _apply(session, **values)
    session.full_clean()
    session.save()
    changed = [name for name in _SESSION_FIELDS if getattr(session, name) != before[name]]
    _audit_session(actor, "groupwork.session.update", changed)
    return session


@transaction.atomic
def cancel_session(*, actor, session: GroupSession, reason: str) -> GroupSession:
    """Cancels a session that has not started; every place held becomes cancelled by the
    provider."""
    _require_manager(actor, session)
    session = GroupSession.objects.select_for_update().get(pk=session.pk)
    errors: dict[str, list[str]] = {}
    if session.is_cancelled:
        _add(errors, "reason", "This session has already been cancelled")
    elif session.starts_at <= timezone.now():
        _add(errors, "reason", "This session has already started: it cannot be cancelled")
    if not (reason or "").strip():
        _add(errors, "reason", "Enter why the session is cancelled")
    _raise_if(errors)
    session.cancelled_at = timezone.now()
    session.cancellation_reason = reason.strip()
    session.save(update_fields=["cancelled_at", "cancellation_reason"])
    held = list(session.bookings.filter(status__in=HOLDS_A_PLACE).select_related("participant"))
    for booking in held:
        booking.status = BookingStatus.CANCELLED_BY_PROVIDER
        booking.recorded_by = actor
        booking.save(update_fields=["status", "recorded_by"])
    _audit_session(actor, "groupwork.session.cancel", ["cancelled_at", "cancellation_reason"])
    if held:
        _audit(actor, "groupwork.booking.cancel", [b.participant for b in held], ["status"])
    return session


@transaction.atomic
def book_participant(*, actor, session: GroupSession, participant: Participant) -> GroupBooking:
    """Books a participant the actor may see onto a session of the same programme that has not
    started, is not cancelled and has a place left. Booking someone already booked is refused;
    someone who had cancelled takes a place again."""
    _require_manager(actor, session)
    session = GroupSession.objects.select_for_update().get(pk=session.pk)
    if not participants_visible_to(actor).filter(pk=participant.pk).exists():
        raise PermissionDenied("You cannot book this participant.")
    errors: dict[str, list[str]] = dict(
        uncollected_errors(
            session.programme, "groupwork.GroupBooking", {"participant": participant}
        )
    )
    if participant.programme_id != session.programme_id:
        _add(errors, "participant", "This participant is on another programme")
    if participant.status == Status.EXITED:
        _add(
            errors,
            "participant",
            f"{participant.display_name} has exited: re-engage them to book a session",
        )
    if session.is_cancelled:
        _add(errors, "participant", "This session has been cancelled")
    elif session.starts_at <= timezone.now():
        _add(errors, "participant", "This session has already started")
    existing = GroupBooking.objects.filter(session=session, participant=participant).first()
    if existing and existing.holds_a_place:
        _add(errors, "participant", f"{participant.display_name} is already booked on this session")
    elif session.bookings.filter(status__in=HOLDS_A_PLACE).count() >= session.capacity:
        _add(errors, "participant", "This session is full")
    _raise_if(errors)
    booking = existing or GroupBooking(session=session, participant=participant)
    booking.status = BookingStatus.BOOKED
    booking.signed_in_at = None
    booking.booked_by = actor
    booking.recorded_by = None
    booking.save()
    _audit(actor, "groupwork.booking.book", [participant], ["session", "status"])
    return booking


_CANCELLED = (BookingStatus.CANCELLED_BY_PARTICIPANT, BookingStatus.CANCELLED_BY_PROVIDER)


@transaction.atomic
def cancel_booking(*, actor, booking: GroupBooking, status: str) -> GroupBooking:
    """Cancels a place (by the participant or by the provider) before the session starts."""
    _require_manager(actor, booking.session)
    if not participants_visible_to(actor).filter(pk=booking.participant_id).exists():
        raise PermissionDenied("You cannot change this booking.")
    errors: dict[str, list[str]] = {}
    if status not in _CANCELLED:
        _add(errors, "status", "Select who cancelled")
    if booking.status != BookingStatus.BOOKED:
        _add(errors, "status", "This place is not booked: there is nothing to cancel")
    elif booking.session.starts_at <= timezone.now():
        _add(errors, "status", "The session has started: record attendance on the register")
    _raise_if(errors)
    booking.status = status
    booking.recorded_by = actor
    booking.save(update_fields=["status", "recorded_by"])
    _audit(actor, "groupwork.booking.cancel", [booking.participant], ["status"])
    return booking


@transaction.atomic
def record_register(*, actor, session: GroupSession, attended: set) -> list[GroupBooking]:
    """The sign-in register, once the session has started: the places held by participants the
    actor may see become attended (those ticked, signed in now unless already) or did not
    attend (the rest). Places of participants outside the actor's scope, and of participants
    whose processing is restricted (Art 18: not on the register), are left alone."""
    _require_manager(actor, session)
    session = GroupSession.objects.select_for_update().get(pk=session.pk)
    errors: dict[str, list[str]] = {}
    if attended and uncollected_errors(
        session.programme, "groupwork.GroupBooking", {"signed_in_at": timezone.now()}
    ):
        _add(
            errors,
            "attended",
            f"{session.programme.name} does not collect attendance at sessions: its privacy "
            "notice does not say it is held, so no register can be kept",
        )
    if session.is_cancelled:
        _add(errors, "attended", "This session was cancelled: there is no register")
    elif session.starts_at > timezone.now():
        _add(errors, "attended", "The register opens when the session starts")
    held = list(
        without_restricted(
            session.bookings.filter(
                status__in=HOLDS_A_PLACE, participant__in=participants_visible_to(actor)
            ),
            "participant__",
        ).select_related("participant")
    )
    attended = {str(pk) for pk in attended}
    unknown = attended - {str(b.pk) for b in held}
    if unknown:
        _add(errors, "attended", "Tick only the participants booked on this session")
    _raise_if(errors)
    now = timezone.now()
    for booking in held:
        came = str(booking.pk) in attended
        booking.status = BookingStatus.ATTENDED if came else BookingStatus.DID_NOT_ATTEND
        booking.signed_in_at = (booking.signed_in_at or now) if came else None
        booking.recorded_by = actor
        booking.save(update_fields=["status", "signed_in_at", "recorded_by"])
    if held:
        _audit(
            actor,
            "groupwork.register",
            [b.participant for b in held],
            ["status", "signed_in_at"],
        )
    return held
