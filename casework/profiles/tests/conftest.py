import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from casework.register.config import load_config
from casework.register.models import RegisterVersion

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def today():
    """Pins the clock to midday on TODAY (London)."""
    with time_machine.travel(datetime.datetime(2026, 11, 23, 12, 0), tick=False):
        yield TODAY


@pytest.fixture
def south_midlands_register(world):
    """The world's programme takes South Midlands' register, whose privacy notice does not
    mention offending history: a criminal record is not collected."""
    config = load_config(settings.CASEWORK_PROGRAMMES_DIR / "south-midlands.yaml")
    RegisterVersion.objects.create(
        programme=world.programme,
        number=1,
        config={**config.model_dump(mode="json"), "slug": world.programme.slug},
        content_hash="0" * 64,
        loaded_at=timezone.now(),
        source_file="south-midlands.yaml",
    )
    return world.programme


@pytest.fixture
def participant_a2(world):
    """Another participant on specialist_a's caseload."""
    from casework.testing import factories

    return factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a"),
    )


@pytest.fixture
def participant_a(participant_a):
    """Born in 1985, so a job from 2010 or a GCSE in 2001 is in their life."""
    participant_a.date_of_birth = datetime.date(1985, 4, 2)
    participant_a.save()
    return participant_a
