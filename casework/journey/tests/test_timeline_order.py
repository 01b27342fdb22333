"""The timeline in true time order: a day's items in the order they happened (a dated item, such
as a job start, at the time it was recorded that day), and appointments still ahead under
"Coming up", soonest first, never under what has happened."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from casework.journey import services
from casework.journey.tests.conftest import at
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 24)


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="govuk-heading-s govuk-!-margin-bottom-1">([^<]+)</h3>', html)


def test_a_days_items_in_order_and_appointments_ahead_under_coming_up(client, world, enrolled_a):
    specialist = world.user("specialist_a")
    with time_machine.travel(at(DAY, 9), tick=False) as clock:
        services.book_appointment(
            actor=specialist, participant=enrolled_a, starts_at=at(DAY, 8), kind="in_person"
        )
        services.book_appointment(
            actor=specialist,
            participant=enrolled_a,
            starts_at=at(DAY + datetime.timedelta(days=7)),
            kind="video",
        )
        services.book_appointment(
            actor=specialist,
            participant=enrolled_a,
            starts_at=at(DAY + datetime.timedelta(days=2)),
            kind="phone",
        )
        clock.move_to(at(DAY, 10))
        services.record_job_start(
            actor=specialist,
            participant=enrolled_a,
            employer="Luton Airport",
            job_title="Baggage handler",
            employment_type="employed",
            hours_per_week=Decimal("20"),
            hourly_pay=Decimal("12.60"),
            started_on=DAY,
        )
        clock.move_to(at(DAY, 11))
        services.add_case_note(actor=specialist, participant=enrolled_a, text="Starts Monday")
        clock.move_to(at(DAY, 12))
        sign_in(client, specialist)
        html = client.get(reverse("journey:timeline", args=[enrolled_a.pk])).content.decode()

    coming_up, happened = html.split(">Coming up</h2>", 1)[1].split(">What has happened</h2>", 1)
    assert titles(coming_up) == ["Phone appointment", "Video call appointment"]  # soonest first
    assert titles(happened) == [
        "Case note",  # 11:00
        "Moved into work",  # recorded 10:00, with the job start
        "Started work: Baggage handler at Luton Airport",  # 10:00
        "In person appointment",  # 08:00
    ]
