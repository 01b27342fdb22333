import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from casework.journey import services as journey
from casework.journey.models import PlacementKind
from casework.participants import services as participants
from casework.participants.models import ExitReason, Status
from casework.referrals.models import AgreementHow, Channel, Referral, Route
from casework.testing import factories

TODAY = datetime.datetime(2026, 11, 23, 12, 0)


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield timezone.localdate()


def person(world, partner: str, first_name: str, **fields):
    area, organisation = {
        "A": (world.area_a, world.org_a),
        "B": (world.area_b, world.org_b),
    }[partner]
    return factories.ParticipantFactory(
        programme=world.programme,
        area=area,
        responsible_organisation=organisation,
        assigned_specialist=world.user(f"specialist_{partner.lower()}"),
        first_name=first_name,
        last_name=f"Surname{first_name}",
        referred_on=fields.pop("referred_on", datetime.date(2026, 1, 5)),
        **fields,
    )


def enrol(world, participant, on: datetime.date):
    actor = participant.assigned_specialist
    return participants.change_status(
        actor=actor, participant=participant, to=Status.ENROLLED, on=on
    )


def job(participant, started_on: datetime.date, hours: str = "30"):
    return journey.record_job_start(
        actor=participant.assigned_specialist,
        participant=participant,
        employer="Riverside Logistics",
        job_title="Warehouse operative",
        employment_type="employed",
        hours_per_week=Decimal(hours),
        hourly_pay=Decimal("12.60"),
        started_on=started_on,
    )


def referral(world, area, received: datetime.date | None = None, participant=None):
    """A referral received at 10:00 on `received`, or now (as the referral form records it)."""
    moment = timezone.now()
    if received is not None:
        moment = timezone.make_aware(datetime.datetime.combine(received, datetime.time(10)))
    return Referral.objects.create(
        programme=world.programme,
        area=area,
        channel=Channel.PHONE,
        route=Route.JOBCENTRE_PLUS,
        received_at=moment,
        first_name="Referred",
        last_name="Personreferred",
        date_of_birth=datetime.date(1990, 1, 1),
        postcode="MK9 3EJ",
        agreement_how=AgreementHow.PHONE,
        agreement_recorded_at=moment,
        participant=participant,
    )


@dataclass
class Built:
    a1: object
    a2: object
    a3: object
    b1: object
    b2: object


@pytest.fixture
def built(world, today) -> Built:
    """Two partners' year so far (today is 23 November 2026).

    Partner A: a1 enrolled 2 Feb, job 2 Mar (30 hours), so 13 and 26 weeks reached; a2 enrolled
    10 Mar, volunteering from 1 Apr (not a job), exited 20 May (moved away); a3 referred only.
    Partner B: b1 enrolled 15 Feb, job 1 Sep (13 weeks not reached yet); b2 enrolled 20 Feb,
    exited 1 Apr (withdrew), re-engaged 1 Jun (not a new start).
    Referral records: two in A's area (one in 2025), one in B's area, and one in A's area
    accepted as b1 (so B's). Everyone else was added without a referral record, referred on
    5 January 2026: referrals received are A 2 + 3, B 2 + 1 (b1 is not counted twice).
    """
    d = datetime.date
    a1 = person(world, "A", "Ada")
    enrol(world, a1, d(2026, 2, 2))
    job(a1, d(2026, 3, 2))
    journey.record_achieved_milestones(actor=a1.assigned_specialist, participant=a1)

    a2 = person(world, "A", "Amos")
    enrol(world, a2, d(2026, 3, 10))
    journey.record_work_placement(
        actor=a2.assigned_specialist,
        participant=a2,
        kind=PlacementKind.VOLUNTEERING,
        organisation="Food bank",
        hours_per_week=Decimal("10"),
        started_on=d(2026, 4, 1),
    )
    participants.exit_participant(
        actor=a2.assigned_specialist,
        participant=a2,
        reason=ExitReason.MOVED_AWAY,
        on=d(2026, 5, 20),
    )

    a3 = person(world, "A", "Avery")

    b1 = person(world, "B", "Bea")
    enrol(world, b1, d(2026, 2, 15))
    job(b1, d(2026, 9, 1))

    b2 = person(world, "B", "Bram")
    enrol(world, b2, d(2026, 2, 20))
    participants.exit_participant(
        actor=b2.assigned_specialist, participant=b2, reason=ExitReason.WITHDREW, on=d(2026, 4, 1)
    )
    participants.re_engage_participant(
        actor=b2.assigned_specialist, participant=b2, on=d(2026, 6, 1)
    )

    referral(world, world.area_a, d(2025, 12, 1))
    referral(world, world.area_a, d(2026, 1, 4))
    referral(world, world.area_b, d(2026, 1, 3))
    referral(world, world.area_a, d(2026, 1, 2), participant=b1)
    return Built(a1, a2, a3, b1, b2)
