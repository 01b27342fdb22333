"""Recording jobs, their ends, in-work support, placements and milestones."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casework.journey import services
from casework.journey.models import Job, Milestone, WorkPlacement
from casework.participants.models import Status

pytestmark = pytest.mark.django_db
D = datetime.date


def start_job(actor, participant, **overrides):
    fields = {
        "employer": "Vauxhall Luton",
        "job_title": "Warehouse operative",
        "employment_type": "employed",
        "hours_per_week": Decimal("20"),
        "hourly_pay": Decimal("12.60"),
        "started_on": D(2026, 3, 2),
    }
    fields.update(overrides)
    return services.record_job_start(actor=actor, participant=participant, **fields)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_a_job_start_moves_an_enrolled_participant_into_work(world, enrolled_a, today):
    job = start_job(world.user("specialist_a"), enrolled_a)
    enrolled_a.refresh_from_db()
    assert enrolled_a.status == Status.IN_WORK
    assert enrolled_a.in_work_on == D(2026, 3, 2)
    assert job.recorded_by == world.user("specialist_a")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"hours_per_week": Decimal("0")}, "hours_per_week", "more than 0 and no more than 80"),
        ({"hours_per_week": Decimal("80.5")}, "hours_per_week", "no more than 80"),
        ({"hourly_pay": Decimal("0")}, "hourly_pay", "between £0.01 and £200.00"),
        ({"hourly_pay": Decimal("250")}, "hourly_pay", "between £0.01 and £200.00"),
        ({"started_on": D(2027, 3, 1)}, "started_on", "no more than 90 days from today"),
        ({"employer": "  "}, "employer", "Enter the employer"),
        ({"employment_type": "gig"}, "employment_type", "Select the type of work"),
    ],
)
def test_a_job_out_of_range_is_refused_on_the_field(
    world, enrolled_a, today, overrides, field, message
):
    with pytest.raises(ValidationError) as excinfo:
        start_job(world.user("specialist_a"), enrolled_a, **overrides)
    assert message in " ".join(errors_of(excinfo)[field])
    assert not Job.objects.exists()
    enrolled_a.refresh_from_db()
    assert enrolled_a.status == Status.ENROLLED


def test_no_job_for_an_exited_participant(world, enrolled_a, today):
    enrolled_a.status = Status.EXITED
    enrolled_a.exited_on = D(2026, 6, 1)
    enrolled_a.save()
    with pytest.raises(ValidationError) as excinfo:
        start_job(world.user("specialist_a"), enrolled_a)
    assert "has exited" in errors_of(excinfo)["started_on"][0]


def test_a_job_cannot_end_before_it_started_or_end_twice(world, enrolled_a, today):
    job = start_job(world.user("specialist_a"), enrolled_a)
    with pytest.raises(ValidationError) as excinfo:
        services.record_job_end(
            actor=world.user("specialist_a"),
            job=job,
            ended_on=D(2026, 3, 1),
            end_reason="resigned",
        )
    assert errors_of(excinfo)["ended_on"] == [
        "The end date must be the same as or after the start date"
    ]
    services.record_job_end(
        actor=world.user("specialist_a"), job=job, ended_on=D(2026, 5, 1), end_reason="resigned"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.record_job_end(
            actor=world.user("specialist_a"),
            job=job,
            ended_on=D(2026, 6, 1),
            end_reason="resigned",
        )
    assert "already ended on 1 May 2026" in errors_of(excinfo)["ended_on"][0]


def test_roles_that_cannot_edit_cannot_record_a_job(world, enrolled_a, today):
    with pytest.raises(PermissionDenied):
        start_job(world.user("auditor_a"), enrolled_a)


def test_in_work_support_must_fall_within_the_job(world, enrolled_a, today):
    job = start_job(world.user("specialist_a"), enrolled_a)
    with pytest.raises(ValidationError) as excinfo:
        services.record_in_work_support(
            actor=world.user("specialist_a"),
            job=job,
            contacted_on=D(2026, 2, 1),
            channel="phone",
            summary="Checked in",
        )
    assert "while the job lasted" in errors_of(excinfo)["contacted_on"][0]
    contact = services.record_in_work_support(
        actor=world.user("specialist_a"),
        job=job,
        contacted_on=D(2026, 3, 9),
        channel="phone",
        summary="Checked in about shifts",
        with_employer=True,
    )
    assert contact.summary == "Checked in about shifts"


def test_volunteering_is_recorded_but_never_achieves_a_milestone(world, enrolled_a, today):
    services.record_work_placement(
        actor=world.user("specialist_a"),
        participant=enrolled_a,
        kind="volunteering",
        organisation="Luton Foodbank",
        hours_per_week=Decimal("30"),
        started_on=D(2026, 1, 5),
        ended_on=D(2026, 10, 1),
    )
    assert WorkPlacement.objects.count() == 1
    assert (
        services.record_achieved_milestones(
            actor=world.user("specialist_a"), participant=enrolled_a
        )
        == []
    )
    enrolled_a.refresh_from_db()
    assert enrolled_a.status == Status.ENROLLED


def test_milestones_are_recorded_once_with_their_evidence(world, enrolled_a, today):
    first = start_job(world.user("specialist_a"), enrolled_a, started_on=D(2026, 3, 2))
    services.record_job_end(
        actor=world.user("specialist_a"),
        job=first,
        ended_on=D(2026, 4, 26),
        end_reason="new_job",
    )
    second = start_job(
        world.user("specialist_a"),
        enrolled_a,
        employer="Luton Airport",
        started_on=D(2026, 5, 11),
    )
    recorded = services.record_achieved_milestones(
        actor=world.user("specialist_a"), participant=enrolled_a
    )
    assert [m.outcome_key for m in recorded] == ["sustained_13_weeks", "sustained_26_weeks"]
    thirteen = recorded[0]
    assert set(thirteen.jobs.all()) == {first, second}
    assert thirteen.evidence["job_ids"] == [str(first.pk), str(second.pk)]
    assert len(thirteen.evidence["qualifying_weeks"]) == 13
    with pytest.raises(ValidationError) as excinfo:
        services.record_milestone(
            actor=world.user("specialist_a"),
            participant=enrolled_a,
            outcome_key="sustained_13_weeks",
        )
    assert "already recorded" in errors_of(excinfo)["outcome_key"][0]
    assert Milestone.objects.count() == 2


def test_a_milestone_not_yet_reached_is_refused(world, enrolled_a, today):
    start_job(world.user("specialist_a"), enrolled_a, started_on=D(2026, 10, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.record_milestone(
            actor=world.user("specialist_a"),
            participant=enrolled_a,
            outcome_key="sustained_13_weeks",
        )
    assert "do not yet reach 13 weeks in work" in errors_of(excinfo)["outcome_key"][0]
