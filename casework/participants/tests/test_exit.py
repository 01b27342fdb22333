"""Exit with a reason and date, re-engagement, and the status history they leave."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from casework.participants import services
from casework.participants.models import StatusChange
from casework.testing import factories
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 12, 0), tick=False):
        yield


@pytest.fixture
def enrolled(world):
    participant = factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a"),
        referred_on=D(2026, 1, 5),
    )
    return services.change_status(
        actor=world.user("specialist_a"),
        participant=participant,
        to="enrolled",
        on=D(2026, 1, 12),
    )


def test_exit_records_reason_and_date_and_re_engagement_keeps_the_history(world, enrolled):
    specialist = world.user("specialist_a")
    services.exit_participant(
        actor=specialist, participant=enrolled, reason="moved_away", on=D(2026, 9, 1)
    )
    enrolled.refresh_from_db()
    assert (enrolled.status, enrolled.exited_on, enrolled.exit_reason) == (
        "exited",
        D(2026, 9, 1),
        "moved_away",
    )
    services.re_engage_participant(actor=specialist, participant=enrolled, on=D(2026, 10, 1))
    enrolled.refresh_from_db()
    assert (enrolled.status, enrolled.exited_on, enrolled.exit_reason) == ("enrolled", None, "")
    assert enrolled.enrolled_on == D(2026, 10, 1)
    history = [
        (c.describe(), c.on, c.reason_text)
        for c in StatusChange.objects.filter(participant=enrolled)
    ]
    assert history == [
        ("Enrolled", D(2026, 1, 12), ""),
        ("Exited", D(2026, 9, 1), "Moved away from the area"),
        ("Re-engaged", D(2026, 10, 1), ""),
    ]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"reason": ""}, "reason", "Select why the participant is leaving"),
        ({"reason": "other"}, "reason", "Enter the reason the participant is leaving"),
        ({"reason": "withdrew", "on": D(2026, 12, 1)}, "on", "today or in the past"),
        ({"reason": "withdrew", "on": D(2026, 1, 10)}, "on", "before they became enrolled"),
    ],
)
def test_an_exit_without_a_reason_or_on_a_wrong_date_is_refused(
    world, enrolled, kwargs, field, message
):
    with pytest.raises(ValidationError) as excinfo:
        services.exit_participant(actor=world.user("specialist_a"), participant=enrolled, **kwargs)
    assert message in " ".join(excinfo.value.message_dict[field])
    enrolled.refresh_from_db()
    assert enrolled.status == "enrolled"


def test_other_reason_keeps_its_words(world, enrolled):
    services.exit_participant(
        actor=world.user("specialist_a"),
        participant=enrolled,
        reason="other",
        reason_detail="Started full-time college",
    )
    change = StatusChange.objects.filter(participant=enrolled).last()
    assert change.reason_text == "Started full-time college"


def test_only_an_exited_participant_can_re_engage(world, enrolled):
    with pytest.raises(ValidationError, match="Only a participant who has exited"):
        services.re_engage_participant(actor=world.user("specialist_a"), participant=enrolled)


def test_the_api_shows_the_exit_reason_but_only_the_exit_sets_it(client, world, enrolled):
    from django.urls import reverse

    sign_in(client, world.user("specialist_a"))
    url = reverse("api:participant", args=[enrolled.pk])
    client.patch(url, {"exit_reason": "withdrew"}, content_type="application/json")
    assert client.get(url).json()["exit_reason"] == ""
    services.exit_participant(
        actor=world.user("specialist_a"), participant=enrolled, reason="withdrew"
    )
    assert client.get(url).json()["exit_reason"] == "withdrew"
