"""Rules other than the shipped ones (exit + 6 years, a per-type period counted from each
record's creation), holds, dry runs, failures, the lock, a new register version, staff."""

import contextlib
import datetime
import fcntl
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from casework.audit.testing import seal
from casework.disposal import engine
from casework.disposal.models import (
    DisposalRun,
    HoldReason,
    LegalHold,
    Outcome,
    RetentionDue,
    RunKind,
    RunStatus,
)
from casework.disposal.schedule import reschedule_programme
from casework.disposal.services import lift_hold, place_hold
from casework.disposal.sweep import LOCK_KEY, SweepLocked, lock_path, run_sweep, sweep_lock
from casework.disposal.testing import participant_with_everything
from casework.journey.models import CaseNote
from casework.participants.models import Participant
from casework.participants.services import exit_participant, re_engage_participant
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db


def _at(day: datetime.date, hour: int = 2):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)
    )


def _rules(world, *rules):
    publish_register(world.programme, retention=list(rules))
    reschedule_programme(world.programme)


def _due(participant, record_type="participant"):
    return RetentionDue.objects.get(participant_id=participant.pk, record_type=record_type).due_on


EXIT_6 = {
    "record_type": "participant",
    "anchor": "participant_exit",
    "years": 6,
    "action": "delete",
}


def test_six_years_after_the_participant_leaves(world):
    _rules(world, EXIT_6)
    held = participant_with_everything(world.programme)
    person = held.participant
    assert _due(person) is None, "no end date while on the programme"
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
    assert _due(person) == datetime.date(2032, 2, 1)
    # Coming back clears the date; leaving again sets it from the new exit.
    with _at(datetime.date(2027, 3, 1), 10):
        re_engage_participant(actor=world.user("specialist_a"), participant=person)
        assert _due(person) is None
        exit_participant(
            actor=world.user("specialist_a"),
            participant=person,
            reason="moved_away",
            on=datetime.date(2027, 3, 1),
        )
    assert _due(person) == datetime.date(2033, 3, 1)
    with _at(datetime.date(2033, 3, 1)):
        assert run_sweep().due == 0
    with _at(datetime.date(2033, 3, 2)):
        run_sweep()
    assert not Participant.objects.filter(pk=person.pk).exists()


def test_whichever_is_later_keeps_the_record_until_the_last_of_its_periods(world):
    # "Six years after you leave, or until 30 June 2034, whichever is later."
    _rules(world, {**EXIT_6, "or_later": [{"anchor": "fixed_date", "date": "2034-06-30"}]})
    early, late = (participant_with_everything(world.programme) for _ in range(2))
    for held, left in ((early, datetime.date(2026, 12, 20)), (late, datetime.date(2029, 5, 4))):
        person = held.participant
        assert _due(person) is None, "no end date while one period has not begun"
        with _at(left, 10):
            person.status = "enrolled"
            person.enrolled_on = datetime.date(2026, 12, 10)
            person.area, person.responsible_organisation = world.area_a, world.org_a
            person.assigned_specialist = world.user("specialist_a")
            person.save()
            exit_participant(
                actor=world.user("specialist_a"), participant=person, reason="completed", on=left
            )
    assert _due(early.participant) == datetime.date(2034, 6, 30)  # the fixed date is later
    assert _due(late.participant) == datetime.date(2035, 5, 4)  # six years after is later
    with _at(datetime.date(2034, 7, 1)):
        run_sweep()
    assert not Participant.objects.filter(pk=early.participant.pk).exists()
    assert Participant.objects.filter(pk=late.participant.pk).exists()
    with _at(datetime.date(2035, 5, 5)):
        run_sweep()
    assert not Participant.objects.filter(pk=late.participant.pk).exists()


def test_case_notes_three_years_after_each_was_written(world):
    _rules(
        world,
        {
            "record_type": "participant",
            "anchor": "programme_end",
            "years": 6,
            "action": "anonymise",
        },
        {"record_type": "case_note", "anchor": "record_creation", "years": 3, "action": "delete"},
    )
    with _at(datetime.date(2026, 1, 10), 10):
        held = participant_with_everything(world.programme)
    person = held.participant
    with _at(datetime.date(2027, 6, 1), 10):
        newer = CaseNote.objects.create(participant=person, text="Later note")
    assert _due(person, "case_note") == datetime.date(2029, 1, 10)
    with _at(datetime.date(2029, 1, 11)):
        result = run_sweep()
    assert list(CaseNote.objects.filter(participant=person)) == [newer]
    assert Participant.objects.filter(pk=person.pk).exists(), "the rest of the record stays"
    assert result.counts[("case_note", Outcome.DELETED)] == 2
    # The row moved on to the next note's date.
    assert _due(person, "case_note") == datetime.date(2030, 6, 1)
    with _at(datetime.date(2030, 6, 2)):
        run_sweep()
    assert not CaseNote.objects.filter(participant=person).exists()


def test_a_legal_hold_stops_disposal_until_lifted(world):
    _rules(world, EXIT_6 | {"anchor": "programme_end"})
    kept = participant_with_everything(world.programme).participant
    other = participant_with_everything(world.programme, surname="Other").participant
    dpo = world.user("dpo")
    with _at(datetime.date(2026, 6, 1), 10):
        hold = place_hold(
            actor=dpo,
            programme=world.programme,
            participant=kept,
            reason=HoldReason.COMPLAINT,
            reference="C-12",
            review_on=datetime.date(2026, 12, 1),
        )
    end = _due(kept) + datetime.timedelta(days=1)
    with _at(end):
        result = run_sweep()
    assert Participant.objects.filter(pk=kept.pk).exists()
    assert not Participant.objects.filter(pk=other.pk).exists()
    skipped = result.run.tallies.get(outcome=Outcome.HELD)
    assert (skipped.count, skipped.reason) == (1, "An open complaint")
    with _at(end, 10):
        lift_hold(actor=dpo, hold=hold)
    with _at(end + datetime.timedelta(days=1)):
        run_sweep()
    assert not Participant.objects.filter(pk=kept.pk).exists()


def test_a_programme_hold_stops_everything_in_it(world):
    _rules(world, EXIT_6 | {"anchor": "programme_end"})
    person = participant_with_everything(world.programme).participant
    with _at(datetime.date(2026, 6, 1), 10):
        place_hold(
            actor=world.user("dpo"),
            programme=world.programme,
            reason=HoldReason.FUNDER_AUDIT,
            review_on=datetime.date(2027, 1, 1),
        )
    with _at(_due(person) + datetime.timedelta(days=1)):
        result = run_sweep()
    assert Participant.objects.filter(pk=person.pk).exists()
    assert result.counts[("participant", Outcome.HELD)] == 1


def test_only_the_dpo_places_holds(world, participant_a):
    publish_register(world.programme)
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        place_hold(
            actor=world.user("specialist_a"),
            programme=world.programme,
            reason=HoldReason.LITIGATION,
            review_on=datetime.date(2099, 1, 1),
        )
    with pytest.raises(ValidationError) as error:
        place_hold(
            actor=world.user("dpo"),
            programme=world.programme,
            reason="whim",
            review_on=datetime.date(2000, 1, 1),
        )
    assert set(error.value.message_dict) == {"reason", "review_on"}
    assert not LegalHold.objects.exists()


def test_a_dry_run_counts_and_changes_nothing(world):
    _rules(world, EXIT_6 | {"anchor": "programme_end", "action": "anonymise"})
    person = participant_with_everything(world.programme).participant
    with _at(_due(person) + datetime.timedelta(days=1)):
        result = run_sweep(dry_run=True)
        out = call_command_output("retention", "sweep", "--dry-run")
    assert Participant.objects.filter(pk=person.pk).exists()
    assert result.counts[("participant", Outcome.WOULD_ANONYMISE)] == 1
    assert result.run.kind == RunKind.DRY_RUN
    assert "Would be anonymised: 1" in out


def call_command_output(*args) -> str:
    import io

    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_failing_record_is_logged_and_the_others_go(world, monkeypatch, caplog):
    _rules(world, EXIT_6 | {"anchor": "programme_end"})
    bad = participant_with_everything(world.programme, surname="Bad").participant
    good = [
        participant_with_everything(world.programme, surname=f"Good{i}").participant
        for i in range(3)
    ]
    real = engine.dispose_participants

    def failing(ids, **kwargs):
        if bad.pk in ids:
            raise RuntimeError("disk on fire")
        return real(ids, **kwargs)

    monkeypatch.setattr(engine, "dispose_participants", failing)
    with _at(_due(bad) + datetime.timedelta(days=1)), pytest.raises(CommandError) as error:
        call_command_output("retention", "sweep")
    assert "1 records could not be disposed of" in str(error.value)
    assert Participant.objects.filter(pk=bad.pk).exists()
    assert not Participant.objects.filter(pk__in=[p.pk for p in good]).exists()
    run = DisposalRun.objects.get(kind=RunKind.SWEEP)
    assert run.status == RunStatus.FINISHED_WITH_FAILURES
    failed = run.tallies.get(outcome=Outcome.FAILED)
    assert (failed.count, failed.reason) == (1, "RuntimeError")
    assert "Bad" not in caplog.text, "the log names the record type, not the person"


@contextlib.contextmanager
def _sweep_running_elsewhere():
    """The lock as another process's sweep holds it: another database session (PostgreSQL),
    another open file (SQLite)."""
    if connection.vendor == "postgresql":
        import psycopg

        params = connection.settings_dict
        with psycopg.connect(
            host=params["HOST"],
            port=params["PORT"],
            user=params["USER"],
            dbname=params["NAME"],
            autocommit=True,
        ) as other:
            other.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
            yield
            other.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        return
    with open(lock_path(), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
        fcntl.flock(handle, fcntl.LOCK_UN)


def test_a_second_sweep_at_once_stops_with_a_message(world):
    with _sweep_running_elsewhere():
        with pytest.raises(SweepLocked):
            run_sweep()
        with pytest.raises(CommandError, match="Another retention sweep is running"):
            call_command_output("retention", "sweep")
    with sweep_lock():
        pass  # free again once the other sweep ends
    assert run_sweep().run.status == RunStatus.FINISHED


def test_a_new_register_version_moves_the_dates(world):
    _rules(world, EXIT_6 | {"anchor": "programme_end"})
    person = participant_with_everything(world.programme).participant
    first = _due(person)
    _rules(
        world,
        {
            "record_type": "participant",
            "anchor": "fixed_date",
            "date": "2031-12-31",
            "action": "delete",
        },
    )
    assert first != _due(person) == datetime.date(2031, 12, 31)
    row = RetentionDue.objects.get(participant_id=person.pk, record_type="participant")
    assert row.register_version == 2
    assert not RetentionDue.objects.filter(record_type="notice_acknowledgement").exists()


def test_staff_accounts_are_cleared_a_year_after_the_programme_ends(world):
    _rules(
        world,
        EXIT_6 | {"anchor": "programme_end"},
        {"record_type": "staff_account", "anchor": "programme_end", "years": 1, "action": "delete"},
    )
    from casework.audit.services import record_event
    from casework.staff.models import Membership, StaffUser

    user = world.user("specialist_a")
    record_event(actor=user, action="sign_in", purpose="sign_in")
    left = world.user("specialist_a2")
    StaffUser.objects.filter(pk=left.pk).update(is_active=False)  # left the council earlier
    end = world.programme.ends_on
    with _at(end.replace(year=end.year + 1)):
        run_sweep()
    assert StaffUser.objects.get(pk=user.pk).is_active
    with _at(end.replace(year=end.year + 1) + datetime.timedelta(days=1)):
        result = run_sweep()
    user = StaffUser.objects.get(pk=user.pk)
    assert (user.first_name, user.last_name, user.is_active) == ("", "", False)
    assert user.email.endswith("@disposed.invalid") and not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()
    assert StaffUser.objects.get(pk=left.pk).last_name == "", "a disabled account is cleared too"
    assert result.counts[("staff_account", Outcome.DELETED)] >= 1
    seal()  # the events this test wrote, into the chain
    call_command("audit", "verify")


def test_tallies_are_added_not_replaced(world):
    _rules(world, EXIT_6 | {"anchor": "programme_end"})
    run = DisposalRun.objects.create(
        kind="sweep",
        status="running",
        started_at="2026-01-01T00:00Z",
        as_of=datetime.date(2026, 1, 1),
    )
    engine.add_tallies(run, world.programme.pk, Counter({("participant", "delete", ""): 2}))
    engine.add_tallies(run, world.programme.pk, Counter({("participant", "delete", ""): 3}))
    assert run.tallies.get().count == 5


def test_the_nightly_job_sweeps_and_says_what_it_did(world):
    from casework.disposal.jobs import retention_sweep

    _rules(world, EXIT_6 | {"anchor": "programme_end"})
    person = participant_with_everything(world.programme).participant
    after = _due(person) + datetime.timedelta(days=1)
    moment = datetime.datetime.combine(after, datetime.time(2), datetime.UTC)
    with _at(after):
        summary = retention_sweep(now=moment)
        again = retention_sweep(now=moment)
    assert "1 of 1 due records processed, 0 failed" in summary
    assert "0 of 0 due records processed" in again
    assert person.last_name not in summary
    with _sweep_running_elsewhere():
        assert "Another retention sweep is running" in retention_sweep(now=moment)


def test_one_programme_at_a_time(world):
    from casework.testing import factories

    _rules(world, EXIT_6 | {"anchor": "programme_end"})
    mine = participant_with_everything(world.programme).participant
    other_programme = factories.ProgrammeFactory(slug="other", ends_on=world.programme.ends_on)
    other_programme.areas.add(world.area_a)
    factories.ProgrammeOrganisationFactory(
        programme=other_programme, organisation=world.org_a, role="joint_controller"
    )
    publish_register(other_programme, retention=[EXIT_6 | {"anchor": "programme_end"}])
    reschedule_programme(other_programme)
    theirs = participant_with_everything(other_programme, surname="Theirs").participant
    with _at(_due(mine) + datetime.timedelta(days=1)):
        call_command_output("retention", "sweep", "--programme", "other")
    assert Participant.objects.filter(pk=mine.pk).exists()
    assert not Participant.objects.filter(pk=theirs.pk).exists()
    with pytest.raises(CommandError, match="There is no programme 'nowhere'"):
        call_command_output("retention", "sweep", "--programme", "nowhere")


def test_declined_referrals_and_group_sessions_have_their_own_dates(world):
    from casework.groupwork.models import GroupSession
    from casework.referrals.models import Referral
    from casework.referrals.services import decline_referral, submit_referral

    _rules(
        world,
        EXIT_6 | {"years": 1},
        {
            "record_type": "group_session",
            "anchor": "record_creation",
            "years": 2,
            "action": "delete",
        },
    )
    with _at(datetime.date(2026, 3, 2), 10):
        referral = submit_referral(
            actor=world.user("referrer"),
            programme=world.programme,
            route="jobcentre_plus",
            agreement_how="in_person",
            area=world.area_a,
            first_name="Dee",
            last_name="Clined",
            date_of_birth=datetime.date(1990, 1, 1),
            postcode="LU1 1AA",
            phone="01582 000000",
        )
        row = RetentionDue.objects.get(subject_id=f"referral:{referral.pk}")
        assert row.due_on is None, "undecided: no end yet"
        decline_referral(
            actor=world.user("team_leader_a"), referral=referral, reason="not_eligible"
        )
    assert RetentionDue.objects.get(subject_id=f"referral:{referral.pk}").due_on == (
        datetime.date(2027, 3, 2)
    )
    held = participant_with_everything(world.programme)
    session = GroupSession.objects.get(bookings__participant=held.participant)
    reschedule_programme(world.programme)
    session_due = RetentionDue.objects.get(subject_id=f"session:{session.pk}").due_on
    with _at(datetime.date(2027, 3, 3)):
        run_sweep()
    assert not Referral.objects.filter(pk=referral.pk).exists()
    assert GroupSession.objects.filter(pk=session.pk).exists()
    with _at(session_due + datetime.timedelta(days=1)):
        run_sweep()
    assert not GroupSession.objects.filter(pk=session.pk).exists()
    assert Participant.objects.filter(pk=held.participant.pk).exists()
    seal()  # the events this test wrote, into the chain
    call_command("audit", "verify")
