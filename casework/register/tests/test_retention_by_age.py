"""Retention until a participant reaches an age (issue 10): Barnet's post-16 notice keeps its
CCIS client records until "the upper limit of the cohort age (age 19 or up to 25 with SEND)" and
then deletes them. A rule anchored on `participant_age` counts from the day the participant
turns `age` (or `age_if_disabled`, for a participant recorded as disabled); Barnet's file, the
first to use it, drives the disposal schedule and the sweep for each of its record types."""

import datetime

import pytest
import time_machine
import yaml
from pydantic import ValidationError

from casework.disposal.models import RetentionDue
from casework.disposal.schedule import describe_rule, reschedule_programme, schedule_staff_accounts
from casework.disposal.sweep import run_sweep
from casework.participants import services as participant_services
from casework.participants.models import Participant
from casework.referrals.models import Referral
from casework.register.config import ConfigError, RetentionRule, content_hash, load_config
from casework.register.models import RegisterVersion
from casework.register.notice import retention_text
from casework.register.retention import retention_ends_on
from casework.register.tests.test_programme_files import PROGRAMMES
from casework.testing import factories

BARNET = PROGRAMMES / "barnet-post-16.yaml"
UNTIL_19_OR_25 = RetentionRule(
    record_type="participant",
    anchor="participant_age",
    age=19,
    age_if_disabled=25,
    years=3,
    action="delete",
)
DATES = {"programme_ends_on": datetime.date(2030, 3, 31)}


def test_an_age_rule_counts_from_the_birthday_and_from_an_older_age_if_disabled():
    born = datetime.date(2008, 2, 29)
    assert retention_ends_on(UNTIL_19_OR_25, **DATES, born_on=born) == datetime.date(2030, 2, 28)
    assert retention_ends_on(UNTIL_19_OR_25, **DATES, born_on=born, disabled=True) == (
        datetime.date(2036, 2, 29)
    )
    # No date of birth: no end date, never a guessed one.
    assert retention_ends_on(UNTIL_19_OR_25, **DATES) is None


def test_an_age_rule_in_words():
    class Config:
        ends_on = DATES["programme_ends_on"]

    assert retention_text(UNTIL_19_OR_25, Config()) == (
        "Participant records: kept for 3 years after you turn 19 (25 if you have a disability), "
        "then securely deleted."
    )
    assert describe_rule(UNTIL_19_OR_25) == (
        "3 years after the participant turns 19 (25 if disabled): delete"
    )


def test_an_age_rule_needs_an_age_and_only_an_age_rule_takes_one():
    with pytest.raises(ValidationError, match="needs an age"):
        RetentionRule(record_type="participant", anchor="participant_age", action="delete")
    with pytest.raises(ValidationError, match="only a participant_age anchor takes an age"):
        RetentionRule(record_type="participant", anchor="participant_exit", age=19, action="delete")
    with pytest.raises(ValidationError, match="cannot be below age"):
        RetentionRule(
            record_type="participant",
            anchor="participant_age",
            age=25,
            age_if_disabled=19,
            action="delete",
        )


def test_records_of_no_participant_cannot_be_kept_until_an_age(tmp_path):
    data = yaml.safe_load(BARNET.read_text())
    data["retention"][-1] = {
        "record_type": "staff_account",
        "anchor": "participant_age",
        "age": 19,
        "action": "delete",
    }
    path = tmp_path / "barnet-post-16.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ConfigError, match="'staff_account' records belong to no participant"):
        load_config(path)


def _at(day: datetime.date):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 2, tzinfo=datetime.UTC)
    )


def _publish(programme) -> None:
    config = load_config(BARNET, today=datetime.date(2026, 1, 5)).model_dump(mode="json")
    config |= {"slug": programme.slug, "name": programme.name}
    RegisterVersion.objects.create(
        programme=programme,
        number=1,
        config=config,
        content_hash=content_hash(config),
        loaded_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        source_file=BARNET.name,
    )


def _due(record_type: str, subject) -> datetime.date | None:
    return RetentionDue.objects.get(record_type=record_type, subject_id=str(subject)).due_on


@pytest.mark.django_db
def test_barnets_rules_drive_the_schedule_and_the_sweep_for_each_record_type(world):
    _publish(world.programme)
    place = {
        "national_insurance_number": "",  # Barnet's notice does not say it collects one
        "programme": world.programme,
        "area": world.area_a,
        "responsible_organisation": world.org_a,
    }
    with _at(datetime.date(2026, 1, 10)):
        born = datetime.date(2008, 3, 15)
        learner = factories.ParticipantFactory(**place, date_of_birth=born, disability="no")
        with_send = factories.ParticipantFactory(**place, date_of_birth=born, disability="yes")
        no_birthday = factories.ParticipantFactory(**place, date_of_birth=None)
        declined = Referral.objects.create(
            programme=world.programme,
            area=world.area_a,
            channel="referral_partner",
            route="jobcentre_plus",
            received_at=datetime.datetime(2026, 1, 9, tzinfo=datetime.UTC),
            first_name="Ada",
            last_name="Declined",
            date_of_birth=datetime.date(2009, 6, 1),
            postcode="LU1 3JH",
            agreement_how="in_person",
            agreement_recorded_at=datetime.datetime(2026, 1, 9, tzinfo=datetime.UTC),
            status="declined",
            decided_at=datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC),
        )
        reschedule_programme(world.programme)
        schedule_staff_accounts()

    # CCIS client records: 36 months after the 19th birthday, or the 25th with a disability,
    # and the records of which notice they were given with them.
    assert _due("participant", learner.pk) == datetime.date(2030, 3, 15)
    assert _due("notice_acknowledgement", learner.pk) == datetime.date(2030, 3, 15)
    assert _due("participant", with_send.pk) == datetime.date(2036, 3, 15)
    assert _due("referral", with_send.pk) == datetime.date(2036, 3, 15)
    assert _due("participant", no_birthday.pk) is None
    # A declined referral, from its own date of birth; staff accounts a year after the end.
    assert _due("referral", f"referral:{declined.pk}") == datetime.date(2031, 6, 1)
    specialist = world.user("specialist_a")
    assert _due("staff_account", specialist.pk) == datetime.date(
        world.programme.ends_on.year + 1, world.programme.ends_on.month, world.programme.ends_on.day
    )

    # A date of birth entered later moves the date.
    with _at(datetime.date(2026, 2, 1)):
        participant_services.update_participant(
            actor=world.user("manager"),
            participant=no_birthday,
            date_of_birth=datetime.date(2009, 1, 1),
        )
    assert _due("participant", no_birthday.pk) == datetime.date(2031, 1, 1)

    with _at(datetime.date(2030, 3, 16)):
        run_sweep()
    assert not Participant.objects.filter(pk=learner.pk).exists()
    assert Participant.objects.filter(pk=with_send.pk).exists()
    assert Referral.objects.filter(pk=declined.pk).exists()
    with _at(datetime.date(2031, 6, 2)):
        run_sweep()
    assert not Referral.objects.filter(pk=declined.pk).exists()
    assert not Participant.objects.filter(pk=no_birthday.pk).exists()
    assert Participant.objects.filter(pk=with_send.pk).exists()
    with _at(datetime.date(2036, 3, 16)):
        run_sweep()
    assert not Participant.objects.filter(pk=with_send.pk).exists()
