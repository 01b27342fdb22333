import datetime

import pytest
import time_machine
from django.utils import timezone

from casework.participants.models import Status

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def today():
    """Pins the clock to midday on TODAY (London)."""
    with time_machine.travel(datetime.datetime(2026, 11, 23, 12, 0), tick=False):
        yield TODAY


@pytest.fixture
def enrolled_a(participant_a):
    participant_a.status = Status.ENROLLED
    participant_a.enrolled_on = datetime.date(2026, 1, 12)
    participant_a.save()
    return participant_a


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """`hour` o'clock on `day`, London time."""
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))
