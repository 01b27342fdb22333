"""Fixtures for other apps' tests (the access matrix): a group session run by a participant's
organisation, started an hour ago, with the participant booked on it."""

import datetime

from django.utils import timezone

from casework.groupwork.models import GroupBooking, GroupSession


def session_with(participant) -> GroupBooking:
    """The participant's booking on a session of their organisation (made once)."""
    booking = GroupBooking.objects.filter(participant=participant).select_related("session").first()
    if booking:
        return booking
    now = timezone.now()
    session = GroupSession.objects.create(
        programme=participant.programme,
        organisation=participant.responsible_organisation,
        kind="job_club",
        title="Job club",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
        location="Library",
        capacity=10,
    )
    return GroupBooking.objects.create(session=session, participant=participant)


def matrix_kwargs(participant) -> dict:
    booking = session_with(participant)
    return {"group_session_id": booking.session_id, "booking_id": booking.pk}
