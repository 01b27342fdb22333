"""The profile's rules: what is accepted, what is refused with a message on the field, that
nothing is half-saved, who may change which parts, and that each change is audited by name."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from casework.audit.models import AuditEvent
from casework.profiles import services
from casework.profiles.models import EmploymentHistoryEntry, Qualification, VocationalProfile

pytestmark = pytest.mark.django_db
D = datetime.date


def last_event(participant) -> AuditEvent:
    return AuditEvent.objects.filter(participant_id=participant.pk).order_by("-id").first()


def errors_of(caught) -> dict[str, list[str]]:
    return caught.value.message_dict


def test_a_profile_is_created_on_first_save_and_audited_by_field_name(world, participant_a):
    services.update_profile(
        actor=world.user("specialist_a"),
        participant=participant_a,
        barriers=["transport", "confidence"],
        health_barriers=["disability"],
        barriers_detail="Anxiety on busy buses",
        benefits=["universal_credit", "pip"],
        hours_wanted=16,
    )
    profile = VocationalProfile.objects.get(participant=participant_a)
    assert profile.barriers == ["confidence", "transport"]
    assert services.health_barriers_of(profile) == ["disability"]
    assert profile.updated_by == world.user("specialist_a")
    event = last_event(participant_a)
    assert event.actor == world.user("specialist_a")
    assert event.purpose == "profiles.profile.update"
    assert set(event.changed_fields) == {
        "barriers",
        "health_barriers",
        "barriers_detail",
        "benefits",
        "hours_wanted",
    }
    assert "Anxiety" not in str(event.__dict__)


def test_special_category_parts_are_encrypted_at_rest(world, participant_a):
    services.update_profile(
        actor=world.user("specialist_a"),
        participant=participant_a,
        health_barriers=["substance_misuse"],
        criminal_record_barrier="yes",
        barriers_detail="Recovering from alcohol dependency",
        support_received="Drug and alcohol service",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT health_barriers, criminal_record_barrier, barriers_detail, support_received "
            "FROM profiles_vocationalprofile"
        )
        stored = " ".join(cursor.fetchone())
    for plain in ("substance_misuse", "yes", "alcohol", "Drug"):
        assert plain not in stored


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"benefits": ["none", "pip"]}, "benefits", "Select ‘None’ on its own"),
        ({"benefits": ["not_said", "esa"]}, "benefits", "Select ‘Prefers not to say’ on its own"),
        ({"hours_wanted": 81}, "hours_wanted", "between 0 and 80"),
        ({"barriers": ["transport", "bad"]}, "barriers", "Select barriers from the list"),
        ({"travel_distance": "moon"}, "travel_distance", "Select how far they can travel"),
        ({"caring_responsibilities": "maybe"}, "caring_responsibilities", "Select yes, no"),
    ],
)
def test_bad_answers_are_refused_on_their_field_and_nothing_is_saved(
    world, participant_a, changes, field, message
):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.update_profile(
            actor=world.user("specialist_a"),
            participant=participant_a,
            work_wanted="Retail",
            **changes,
        )
    assert message in " ".join(errors_of(caught)[field])
    assert not VocationalProfile.objects.filter(participant=participant_a).exists()
    assert AuditEvent.objects.count() == before


def test_caring_details_go_when_they_have_no_caring_responsibilities(world, participant_a):
    specialist = world.user("specialist_a")
    services.update_profile(
        actor=specialist,
        participant=participant_a,
        caring_responsibilities="yes",
        caring_detail="Looks after her mother",
    )
    profile = services.update_profile(
        actor=specialist, participant=participant_a, caring_responsibilities="no"
    )
    profile.refresh_from_db()
    assert profile.caring_detail == ""


def test_a_role_without_special_category_access_may_not_set_health_barriers(world, participant_a):
    manager = world.user("manager")
    with pytest.raises(PermissionDenied):
        services.update_profile(
            actor=manager, participant=participant_a, health_barriers=["disability"]
        )
    services.update_profile(actor=manager, participant=participant_a, barriers=["housing"])
    assert VocationalProfile.objects.get(participant=participant_a).barriers == ["housing"]


@pytest.mark.parametrize("role", ["auditor_a", "dpo", "referrer"])
def test_roles_that_may_not_edit_change_nothing(world, participant_a, role):
    with pytest.raises(PermissionDenied):
        services.update_profile(
            actor=world.user(role), participant=participant_a, barriers=["housing"]
        )
    with pytest.raises(PermissionDenied):
        services.add_qualification(
            actor=world.user(role), participant=participant_a, title="GCSE Maths", level="2"
        )
    assert not VocationalProfile.objects.exists()
    assert not Qualification.objects.exists()


def test_a_programme_that_does_not_collect_offending_history_refuses_a_criminal_record(
    world, participant_a, south_midlands_register
):
    assert services.profile_fields_not_collected(south_midlands_register) == {
        "criminal_record_barrier"
    }
    with pytest.raises(ValidationError) as caught:
        services.update_profile(
            actor=world.user("specialist_a"),
            participant=participant_a,
            criminal_record_barrier="yes",
        )
    assert "does not collect this" in errors_of(caught)["criminal_record_barrier"][0]


def job(**overrides):
    fields = {
        "employer": "Luton Airport",
        "role": "Baggage handler",
        "started_on": D(2019, 3, 1),
        "ended_on": D(2021, 6, 1),
        "hours_per_week": Decimal("37.5"),
        "reason_left": "redundant",
    }
    return {**fields, **overrides}


def test_a_job_is_added_to_the_history_and_audited(world, participant_a, today):
    entry = services.add_employment_entry(
        actor=world.user("specialist_a"), participant=participant_a, **job()
    )
    assert list(participant_a.employment_history.all()) == [entry]
    assert entry.recorded_by == world.user("specialist_a")
    event = last_event(participant_a)
    assert event.purpose == "profiles.employment.add"
    assert "employer" in event.changed_fields


def test_a_job_still_held_has_no_end(world, participant_a, today):
    entry = services.add_employment_entry(
        actor=world.user("specialist_a"),
        participant=participant_a,
        **job(ended_on=None, reason_left="", started_on=D(2026, 11, 1)),
    )
    assert entry.ended_on is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ended_on": D(2018, 1, 1)}, "ended_on", "the same as or after they started"),
        (
            {"started_on": D(2026, 12, 1), "ended_on": None, "reason_left": ""},
            "started_on",
            "this month or in the past",
        ),
        ({"ended_on": D(2026, 12, 1)}, "ended_on", "this month or in the past"),
        ({"hours_per_week": Decimal("80.5")}, "hours_per_week", "between 0 and 80"),
        ({"hours_per_week": Decimal("-1")}, "hours_per_week", "between 0 and 80"),
        ({"ended_on": None}, "reason_left", "only for a job they have left"),
        ({"employer": "  "}, "employer", "Enter the employer"),
        ({"started_on": D(1950, 1, 1)}, "started_on", "or later"),
    ],
)
def test_a_wrong_job_is_refused_on_its_field(
    world, participant_a, today, overrides, field, message
):
    with pytest.raises(ValidationError) as caught:
        services.add_employment_entry(
            actor=world.user("specialist_a"), participant=participant_a, **job(**overrides)
        )
    assert message in " ".join(errors_of(caught)[field])
    assert not EmploymentHistoryEntry.objects.exists()


def test_qualifications_are_added_with_a_sensible_year(world, participant_a, today):
    specialist = world.user("specialist_a")
    done = services.add_qualification(
        actor=specialist,
        participant=participant_a,
        title="GCSE English",
        level="2",
        institution="Luton Sixth Form College",
        year_achieved=2012,
    )
    studying = services.add_qualification(
        actor=specialist,
        participant=participant_a,
        title="Forklift licence",
        level="none",
        in_progress=True,
    )
    assert list(participant_a.qualifications.all()) == [studying, done]
    assert last_event(participant_a).purpose == "profiles.qualification.add"
    for year, message in ((2027, "between"), (1900, "between")):
        with pytest.raises(ValidationError) as caught:
            services.add_qualification(
                actor=specialist,
                participant=participant_a,
                title="NVQ",
                level="3",
                year_achieved=year,
            )
        assert message in errors_of(caught)["year_achieved"][0]
    with pytest.raises(ValidationError) as caught:
        services.add_qualification(
            actor=specialist,
            participant=participant_a,
            title="NVQ",
            level="9",
            year_achieved=2020,
            in_progress=True,
        )
    assert errors_of(caught)["level"] == ["Select the level of the qualification"]
    assert "still in progress" in errors_of(caught)["year_achieved"][0]


def test_removing_entries_is_audited(world, participant_a, today):
    specialist = world.user("specialist_a")
    entry = services.add_employment_entry(actor=specialist, participant=participant_a, **job())
    services.remove_employment_entry(actor=specialist, entry=entry)
    assert not participant_a.employment_history.exists()
    assert last_event(participant_a).purpose == "profiles.employment.remove"
    qualification = services.add_qualification(
        actor=specialist, participant=participant_a, title="GCSE Maths", level="2"
    )
    with pytest.raises(PermissionDenied):
        services.remove_qualification(actor=world.user("auditor_a"), qualification=qualification)
    assert participant_a.qualifications.count() == 1


def test_replacing_the_whole_profile_is_all_or_nothing(world, participant_a, today):
    specialist = world.user("specialist_a")
    kept = services.add_employment_entry(actor=specialist, participant=participant_a, **job())
    with pytest.raises(ValidationError) as caught:
        services.replace_profile(
            actor=specialist,
            participant=participant_a,
            changes={"work_wanted": "Warehouse", "hours_wanted": 100},
            employment_history=[job(employer="Good"), job(ended_on=D(2010, 1, 1))],
            qualifications=[{"title": "", "level": "2"}],
        )
    assert set(errors_of(caught)) == {
        "hours_wanted",
        "employment_history.1.ended_on",
        "qualifications.0.title",
    }
    assert list(participant_a.employment_history.all()) == [kept]
    assert not VocationalProfile.objects.exists()

    services.replace_profile(
        actor=specialist,
        participant=participant_a,
        changes={"work_wanted": "Warehouse"},
        employment_history=[job(employer="Riverside Logistics")],
        qualifications=None,
    )
    assert [e.employer for e in participant_a.employment_history.all()] == ["Riverside Logistics"]
    event = last_event(participant_a)
    assert event.purpose == "profiles.profile.replace"
    assert set(event.changed_fields) == {"work_wanted", "employment_history"}


def test_a_value_kept_from_before_the_register_changed_does_not_block_other_changes(
    world, participant_a, south_midlands_register
):
    VocationalProfile.objects.create(participant=participant_a, criminal_record_barrier="yes")
    profile = services.update_profile(
        actor=world.user("specialist_a"), participant=participant_a, barriers=["housing"]
    )
    assert profile.barriers == ["housing"]


def test_a_profile_holds_at_most_100_past_jobs(world, participant_a, today):
    """Issue 9.6: an upper bound where a person would expect one."""
    specialist = world.user("specialist_a")
    with pytest.raises(ValidationError, match="at most 100 jobs"):
        services.replace_profile(
            actor=specialist,
            participant=participant_a,
            changes={},
            employment_history=[job()] * 101,
        )
    assert not participant_a.employment_history.exists()
    EmploymentHistoryEntry.objects.bulk_create(
        [services._employment_entry(specialist, participant_a, job()) for _ in range(100)]
    )
    with pytest.raises(ValidationError, match="at most 100 jobs"):
        services.add_employment_entry(actor=specialist, participant=participant_a, **job())
    assert participant_a.employment_history.count() == 100
