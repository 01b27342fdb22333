"""The reports read daily figures the worker keeps (docs/decisions/0176): the page shows the same
figures with them as counted live from every record, and a record added after they were kept
counts at once when it falls on a day not kept yet, or after the next night's count."""

import datetime

import pytest

from casework.reports.jobs import keep_report_figures
from casework.reports.models import DailyFigure
from casework.reports.services import keep_daily_figures
from casework.reports.tests.conftest import job, person
from casework.reports.tests.test_reports import page, period, table

pytestmark = pytest.mark.django_db

TABLES = ("partner-table", "exit-table", "month-table")
D = datetime.date


def every_table(client, world, who, **params):
    html = page(client, world.user(who), **params)
    return {name: table(html, name) for name in TABLES}


PERIODS = [
    {},  # the default: the programme's start to today
    period(D(2026, 2, 10), D(2026, 6, 30)),
    period(D(2026, 1, 1), D(2026, 11, 23), partner="B"),
]


@pytest.mark.parametrize("kept_until", [D(2026, 4, 15), D(2026, 11, 23)])
@pytest.mark.parametrize("who", ["manager", "team_leader_a"])
def test_kept_figures_give_the_page_the_same_figures_as_counting_every_record(
    client, world, built, today, kept_until, who
):
    asked = []
    for params in PERIODS:
        params = dict(params)
        if params.get("partner") == "B":
            params["partner"] = world.org_b.pk if who == "manager" else world.org_a.pk
        asked.append(params)
    live = [every_table(client, world, who, **params) for params in asked]

    keep_daily_figures(world.programme, today=kept_until)

    assert DailyFigure.objects.filter(programme=world.programme).exists()
    assert [every_table(client, world, who, **params) for params in asked] == live


def test_a_record_on_a_day_not_yet_kept_counts_at_once_and_an_earlier_one_after_the_night(
    client, world, built, today
):
    keep_daily_figures(world.programme, today=D(2026, 10, 1))
    before = table(page(client, world.user("manager")), "partner-table")["Partner A Council"]
    late = person(world, "A", "Late")
    job(late, D(2026, 10, 20))  # a day the kept figures do not hold: counted live
    after = table(page(client, world.user("manager")), "partner-table")["Partner A Council"]
    assert int(after[2]) == int(before[2]) + 1
    job(late, D(2026, 3, 3))  # recorded today for a kept day: in the figures after the night
    assert table(page(client, world.user("manager")), "partner-table")["Partner A Council"] == after
    summary = keep_report_figures(now=datetime.datetime(2026, 11, 24, 1, 30, tzinfo=datetime.UTC))
    assert "daily report figures kept, up to 2026-11-23" in summary
    kept = table(page(client, world.user("manager")), "partner-table")["Partner A Council"]
    assert int(kept[2]) == int(before[2]) + 2


def test_a_restriction_takes_the_person_out_of_kept_figures_at_once_and_lifting_puts_them_back(
    client, world, built, today
):
    from casework.rights import services as rights

    dpo = world.user("dpo")
    person_a = person(world, "A", "Restricted")
    job(person_a, D(2026, 3, 3))
    keep_daily_figures(world.programme, today=D(2026, 10, 1))
    before = every_table(client, world, "manager")
    restriction = rights.restrict(actor=dpo, participant=person_a, reason="Accuracy")
    during = every_table(client, world, "manager")
    jobs_column = 2
    assert int(during["partner-table"]["Partner A Council"][jobs_column]) == (
        int(before["partner-table"]["Partner A Council"][jobs_column]) - 1
    )
    rights.lift_restriction(actor=dpo, restriction=restriction, told_on=today, told_how="Letter")
    assert every_table(client, world, "manager") == before
