import datetime

import pytest
import time_machine
from django.utils import timezone

from casework.groupwork import services
from casework.participants.models import Status
from casework.testing import factories

NOW = datetime.datetime(2026, 11, 23, 12, 0)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """`hour`:`minute` on `day` November 2026, London time."""
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour, minute))


@pytest.fixture
def clock():
    """The clock, pinned at midday on 23 November 2026 (London); move it with clock.move_to."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def enrol(participant):
    participant.status = Status.ENROLLED
    participant.enrolled_on = datetime.date(2026, 1, 12)
    participant.save()
    return participant


@pytest.fixture
def enrolled_a(participant_a):
    return enrol(participant_a)


@pytest.fixture
def enrolled_b(participant_b):
    return enrol(participant_b)


@pytest.fixture
def caseload_a2(world):
    """A participant in partner A's area on specialist_a2's caseload."""
    return enrol(
        factories.ParticipantFactory(
            programme=world.programme,
            area=world.area_a,
            responsible_organisation=world.org_a,
            assigned_specialist=world.user("specialist_a2"),
            first_name="Carol",
            last_name="Cooper",
        )
    )


def new_session(actor, programme, **overrides):
    values = {
        "programme": programme,
        "kind": "job_club",
        "title": "Tuesday job club",
        "description": "CVs and applications",
        "starts_at": at(25, 10),
        "ends_at": at(25, 12),
        "location": "Luton Central Library, room 2",
        "capacity": 8,
        "facilitator": actor,
    }
    values.update(overrides)
    return services.create_session(actor=actor, **values)


@pytest.fixture
def job_club(world, clock):
    """Partner A's job club on 25 November, 10:00 to 12:00, set up by specialist_a."""
    return new_session(world.user("specialist_a"), world.programme)
