"""A programme file may keep paper records, digital records and group-session registers for
different periods (issue 10 item 8): the file loads, the notice says each period, and the
disposal schedule and the sweep follow each record type's own rule."""

import datetime

import pytest
import time_machine
import yaml

from casework.disposal.models import Outcome, PaperFile, RetentionDue
from casework.disposal.schedule import reschedule_programme
from casework.disposal.sweep import run_sweep
from casework.disposal.testing import participant_with_everything
from casework.groupwork.models import GroupBooking
from casework.participants.models import Participant
from casework.participants.services import exit_participant
from casework.register.config import content_hash, load_config
from casework.register.models import RegisterVersion
from casework.register.notice import build_notice
from casework.register.tests.test_programme_files import PROGRAMMES

pytestmark = pytest.mark.django_db

# Digital records six years after leaving; the paper file one year after leaving (once it has
# been scanned into the record); sign-in registers two years after each session was booked.
PER_TYPE = [
    {"record_type": "participant", "anchor": "participant_exit", "years": 6, "action": "delete"},
    {"record_type": "paper_file", "anchor": "participant_exit", "years": 1, "action": "delete"},
    {"record_type": "group_booking", "anchor": "record_creation", "years": 2, "action": "delete"},
    {
        "record_type": "staff_account",
        "anchor": "programme_end",
        "years": 1,
        "action": "delete",
        "in_notice": False,
    },
]


def _at(day: datetime.date, hour: int = 2):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)
    )


@pytest.fixture
def per_type_file(tmp_path):
    data = yaml.safe_load((PROGRAMMES / "south-midlands.yaml").read_text())
    data["retention"] = PER_TYPE
    path = tmp_path / "south-midlands.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _publish(programme, path) -> RegisterVersion:
    config = load_config(path).model_dump(mode="json")
    config |= {"slug": programme.slug, "name": programme.name}
    return RegisterVersion.objects.create(
        programme=programme,
        number=1,
        config=config,
        content_hash=content_hash(config),
        loaded_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        source_file=path.name,
    )


def _due(participant, record_type):
    return RetentionDue.objects.get(participant_id=participant.pk, record_type=record_type).due_on


def test_paper_digital_and_registers_are_kept_for_their_own_periods(world, per_type_file):
    version = _publish(world.programme, per_type_file)
    with _at(datetime.date(2026, 1, 10), 10):
        held = participant_with_everything(world.programme)
    reschedule_programme(world.programme)
    person = held.participant
    booking = GroupBooking.objects.get(participant=person)
    registers_due = datetime.date(booking.booked_at.year + 2, booking.booked_at.month, 10)
    assert _due(person, "group_booking") == registers_due
    assert _due(person, "paper_file") is None, "no end date while on the programme"
    with _at(datetime.date(2026, 2, 2), 10):
        person.status = "enrolled"
        person.enrolled_on = datetime.date(2026, 1, 20)
        person.area, person.responsible_organisation = world.area_a, world.org_a
        person.assigned_specialist = world.user("specialist_a")
        person.save()
        exit_participant(
            actor=world.user("specialist_a"),
            participant=person,
            reason="completed",
            on=datetime.date(2026, 2, 1),
        )
    assert _due(person, "participant") == datetime.date(2032, 2, 1)
    assert _due(person, "paper_file") == datetime.date(2027, 2, 1)

    # A year after leaving: the paper file is listed for a person to destroy; the digital
    # record and the registers stay.
    with _at(datetime.date(2027, 2, 2)):
        result = run_sweep()
    assert result.counts[("paper_file", Outcome.PAPER_LISTED)] == 1
    assert PaperFile.objects.get(pk=held.paper_file.pk).destruction_due_since
    assert GroupBooking.objects.filter(participant=person).exists()
    assert Participant.objects.filter(pk=person.pk).exists()

    # Two years after booking: the registers go; the digital record stays.
    with _at(registers_due + datetime.timedelta(days=1)):
        run_sweep()
    assert not GroupBooking.objects.filter(participant=person).exists()
    assert Participant.objects.filter(pk=person.pk).exists()

    # Six years after leaving: the digital record goes.
    with _at(datetime.date(2032, 2, 2)):
        run_sweep()
    assert not Participant.objects.filter(pk=person.pk).exists()

    # The notice says each period, for each kind of record, and nothing of staff accounts.
    said = build_notice(version).text()
    assert "Participant records: kept for 6 years after you leave the programme" in said
    assert "Paper files (physical files, destroyed by a person): kept for 1 year after you " in said
    assert "sign-in registers: kept for 2 years after the record is made" in said
    assert "Staff accounts" not in said
