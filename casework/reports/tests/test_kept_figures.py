"""The reports read figures the worker keeps (docs/decisions/0176, 0190): every record entered up
to the moment of the count, by partner and day, and the people on the programme then. The page
shows the same figures with them as counted live from every record, including records entered
after the count (whatever day they are for), which count at once."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from casework.participants import services as participants
from casework.participants.models import ExitReason, Status
from casework.reports.jobs import keep_report_figures
from casework.reports.models import DailyFigure, FiguresKept
from casework.reports.services import keep_daily_figures
from casework.reports.tests.conftest import TODAY, enrol, job, person, referral
from casework.reports.tests.test_reports import page, period, table

pytestmark = pytest.mark.django_db

TABLES = ("partner-table", "exit-table", "month-table")
D = datetime.date
LATER = TODAY + datetime.timedelta(minutes=10)  # after the count (within a session)


def every_table(client, world, who, **params):
    html = page(client, world.user(who), **params)
    return {name: table(html, name) for name in TABLES}


PERIODS = [
    {},  # the default: the programme's start to today
    period(D(2026, 2, 10), D(2026, 6, 30)),
    period(D(2026, 1, 1), D(2026, 11, 23), partner="B"),
]


def periods_for(world, who):
    asked = []
    for params in PERIODS:
        params = dict(params)
        if params.get("partner") == "B":
            params["partner"] = world.org_b.pk if who == "manager" else world.org_a.pk
        asked.append(params)
    return asked


def entered_after_the_count(world, built):
    """A day's work after the night's count: records for today and for days long kept."""
    enrol(world, built.a3, D(2026, 11, 23))  # a start today: on the programme at once
    job(built.b1, D(2026, 3, 3))  # recorded today for a kept day
    participants.change_status(
        actor=built.a3.assigned_specialist,
        participant=built.a3,
        to=Status.IN_WORK,
        on=D(2026, 11, 23),
    )  # moves within the programme: still on it
    participants.exit_participant(
        actor=built.b2.assigned_specialist,
        participant=built.b2,
        reason=ExitReason.COMPLETED,
        on=D(2026, 10, 2),
    )  # leaves, with a date in a kept month
    person(world, "A", "Newcomer", referred_on=D(2026, 11, 23))  # added without a referral
    referral(world, world.area_b)  # received now


@pytest.mark.parametrize("more_after", [False, True])
@pytest.mark.parametrize("who", ["manager", "team_leader_a"])
def test_kept_figures_give_the_page_the_same_figures_as_counting_every_record(
    client, world, built, today, more_after, who
):
    asked = periods_for(world, who)
    job(built.a1, D(2026, 11, 3))  # a kept day after the last whole month of the periods
    live = [every_table(client, world, who, **params) for params in asked]

    keep_daily_figures(world.programme)
    assert DailyFigure.objects.filter(programme=world.programme).exists()
    assert [every_table(client, world, who, **params) for params in asked] == live
    if not more_after:
        return

    with time_machine.travel(LATER, tick=False):
        entered_after_the_count(world, built)
        kept = [every_table(client, world, who, **params) for params in asked]
        FiguresKept.objects.all().delete()  # nothing kept: every figure counted live
        counted_live = [every_table(client, world, who, **params) for params in asked]
    assert kept == counted_live
    assert kept != live  # the records entered after the count did change the figures


def test_a_record_entered_after_the_count_counts_at_once_whatever_day_it_is_for(
    client, world, built, today
):
    keep_daily_figures(world.programme)
    before = table(page(client, world.user("manager")), "partner-table")["Partner A Council"]
    with time_machine.travel(LATER, tick=False):
        late = person(world, "A", "Late")
        job(late, D(2026, 10, 20))
        job(late, D(2026, 3, 3))  # a day counted long ago: it counts at once all the same
        after = table(page(client, world.user("manager")), "partner-table")["Partner A Council"]
        assert int(after[2]) == int(before[2]) + 2

    summary = keep_report_figures(now=datetime.datetime(2026, 11, 24, 1, 30, tzinfo=datetime.UTC))
    assert "daily report figures kept, counted to 2026-11-23" in summary
    assert table(page(client, world.user("manager")), "partner-table")["Partner A Council"] == after


def test_a_move_to_another_partner_shows_after_the_next_count(client, world, built, today):
    keep_daily_figures(world.programme)
    before = table(page(client, world.user("manager")), "partner-table")
    with time_machine.travel(LATER, tick=False):
        built.a1.responsible_organisation = world.org_b
        built.a1.save(update_fields=["responsible_organisation"])
        assert table(page(client, world.user("manager")), "partner-table") == before
        keep_daily_figures(world.programme)
        moved = table(page(client, world.user("manager")), "partner-table")
    jobs_column = 2
    assert int(moved["Partner A Council"][jobs_column]) == (
        int(before["Partner A Council"][jobs_column]) - 1
    )
    assert int(moved["Partner B Council"][jobs_column]) == (
        int(before["Partner B Council"][jobs_column]) + 1
    )


def test_a_restriction_takes_the_person_out_of_kept_figures_at_once_and_lifting_puts_them_back(
    client, world, built, today
):
    from casework.rights import services as rights

    dpo = world.user("dpo")
    person_a = person(world, "A", "Restricted")
    enrol(world, person_a, D(2026, 3, 1))
    job(person_a, D(2026, 3, 3))
    keep_daily_figures(world.programme)
    before = every_table(client, world, "manager")
    with time_machine.travel(LATER, tick=False):
        restriction = rights.restrict(actor=dpo, participant=person_a, reason="Accuracy")
        during = every_table(client, world, "manager")
        row = during["partner-table"]["Partner A Council"]
        was = before["partner-table"]["Partner A Council"]
        starts, jobs, today_column = 1, 2, 6
        assert [int(row[c]) for c in (starts, jobs, today_column)] == [
            int(was[c]) - 1 for c in (starts, jobs, today_column)
        ]
        FiguresKept.objects.all().delete()
        assert every_table(client, world, "manager") == during  # as counted live
        keep_daily_figures(world.programme)
        rights.lift_restriction(
            actor=dpo, restriction=restriction, told_on=timezone.localdate(), told_how="Letter"
        )
        assert every_table(client, world, "manager") == before
