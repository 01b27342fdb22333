"""The demo fills a profile for a participant past referral, through the services, whatever
their age; only their specialist's role decides whether health barriers are recorded."""

import datetime

import pytest

from casework.demo.profiles import fill_profile
from casework.profiles.models import VocationalProfile
from casework.profiles.services import health_barriers_of
from casework.testing import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("age", [18, 19, 25, 40, 64])
def test_the_demo_fills_a_valid_profile_at_any_age(world, today, age):
    participants = [
        factories.ParticipantFactory(
            programme=world.programme,
            area=world.area_a,
            responsible_organisation=world.org_a,
            assigned_specialist=world.user("specialist_a"),
            date_of_birth=datetime.date(today.year - age, 1, 15),
            referred_on=today,
            local_authority_identifier=f"DEMO-{age}-{n}",
        )
        for n in range(8)
    ]
    for participant in participants:
        fill_profile(world.user("manager"), participant)
        profile = VocationalProfile.objects.get(participant=participant)
        assert profile.updated_by == world.user("specialist_a")
        assert profile.work_wanted
    assert any(p.employment_history.exists() for p in participants) or age < 20
    assert any(
        health_barriers_of(VocationalProfile.objects.get(participant=p)) for p in participants
    )


def test_without_a_specialist_the_manager_records_no_special_category_data(
    world, participant_a, today
):
    participant_a.assigned_specialist = None
    participant_a.save()
    for n in range(5):
        participant_a.local_authority_identifier = f"DEMO-M-{n}"
        fill_profile(world.user("manager"), participant_a)
        profile = VocationalProfile.objects.get(participant=participant_a)
        assert health_barriers_of(profile) == []
        assert profile.barriers_detail == ""
