"""The demo's group sessions: past ones with registers kept, upcoming ones booked, once."""

import pytest

from casework.demo.groupwork import load_group_sessions
from casework.groupwork.models import BookingStatus, GroupBooking, GroupSession
from casework.groupwork.tests.conftest import at, enrol
from casework.testing import factories

pytestmark = pytest.mark.django_db


def test_each_delivery_partner_gets_past_and_upcoming_sessions_once(world, clock):
    for org, area in ((world.org_a, world.area_a), (world.org_b, world.area_b)):
        for _ in range(6):
            enrol(
                factories.ParticipantFactory(
                    programme=world.programme, area=area, responsible_organisation=org
                )
            )
    created = load_group_sessions(world.programme, manager=world.user("manager"), seed=1)
    assert created == 10
    for org in (world.org_a, world.org_b):
        sessions = GroupSession.objects.filter(organisation=org)
        past = sessions.filter(starts_at__lt=at(23, 0))
        assert past.count() == 2
        assert sessions.count() == 5
    past_statuses = set(
        GroupBooking.objects.filter(session__starts_at__lt=at(23, 0)).values_list(
            "status", flat=True
        )
    )
    assert past_statuses <= {BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND}
    assert BookingStatus.ATTENDED in past_statuses
    upcoming = GroupBooking.objects.filter(session__starts_at__gt=at(24, 0))
    assert upcoming.exists()
    assert set(upcoming.values_list("status", flat=True)) == {BookingStatus.BOOKED}
    assert load_group_sessions(world.programme, manager=world.user("manager"), seed=1) == 0
    assert GroupSession.objects.count() == 10
