"""Action plans, appointments and case notes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casework.journey import selectors, services
from casework.journey.models import Appointment
from casework.journey.tests.conftest import at
from casework.participants.models import Status

pytestmark = pytest.mark.django_db
D = datetime.date


def test_steps_due_before_today_and_not_done_are_overdue(world, enrolled_a, today):
    specialist = world.user("specialist_a")
    goal = services.add_goal(actor=specialist, participant=enrolled_a, description="Get a CV")
    late = services.add_action_step(
        actor=specialist, goal=goal, description="Draft CV", due_on=D(2026, 11, 20)
    )
    services.add_action_step(
        actor=specialist, goal=goal, description="Send CV", due_on=D(2026, 11, 23)
    )
    done = services.add_action_step(
        actor=specialist, goal=goal, description="Book library PC", due_on=D(2026, 11, 1)
    )
    services.complete_action_step(actor=specialist, step=done, completed_on=D(2026, 11, 2))
    plan = selectors.action_plan(specialist, enrolled_a)
    assert [(s.description, s.is_overdue) for s in plan[0].steps.all()] == [
        ("Book library PC", False),
        ("Draft CV", True),
        ("Send CV", False),
    ]
    assert selectors.overdue_steps(specialist, enrolled_a) == [late]


def test_an_appointment_in_a_closed_case_is_refused(world, enrolled_a, today):
    enrolled_a.status = Status.EXITED
    enrolled_a.exited_on = D(2026, 10, 1)
    enrolled_a.save()
    with pytest.raises(ValidationError) as excinfo:
        services.book_appointment(
            actor=world.user("specialist_a"),
            participant=enrolled_a,
            starts_at=at(D(2026, 11, 30)),
            kind="phone",
        )
    assert "has exited: re-engage them" in excinfo.value.message_dict["starts_at"][0]
    assert not Appointment.objects.exists()


def test_attendance_of_a_future_appointment_can_only_be_a_cancellation(world, enrolled_a, today):
    specialist = world.user("specialist_a")
    future = services.book_appointment(
        actor=specialist, participant=enrolled_a, starts_at=at(D(2026, 11, 30)), kind="in_person"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.record_attendance(actor=specialist, appointment=future, attendance="attended")
    assert "has not happened yet" in excinfo.value.message_dict["attendance"][0]
    services.record_attendance(
        actor=specialist, appointment=future, attendance="cancelled_by_participant"
    )
    past = services.book_appointment(
        actor=specialist, participant=enrolled_a, starts_at=at(D(2026, 11, 23), 9), kind="phone"
    )
    services.record_attendance(actor=specialist, appointment=past, attendance="did_not_attend")
    past.refresh_from_db()
    assert past.get_attendance_display() == "Did not attend"
    assert past.attendance_recorded_by == specialist


def test_an_appointment_before_the_referral_is_refused(world, enrolled_a, today):
    with pytest.raises(ValidationError) as excinfo:
        services.book_appointment(
            actor=world.user("specialist_a"),
            participant=enrolled_a,
            starts_at=at(D(2026, 1, 1)),
            kind="phone",
        )
    assert excinfo.value.message_dict["starts_at"] == [
        "The appointment cannot be before the referral date"
    ]


def test_case_notes_are_append_only_and_corrections_link_to_the_original(world, enrolled_a, today):
    specialist = world.user("specialist_a")
    original = services.add_case_note(
        actor=specialist,
        participant=enrolled_a,
        text="Met at the jobcentre; anxious.",
        contains_third_party_information=False,
    )
    correction = services.add_case_note(
        actor=specialist,
        participant=enrolled_a,
        text="Correction: met at the library.",
        corrects=original,
    )
    original.refresh_from_db()
    assert original.text == "Met at the jobcentre; anxious."
    assert list(original.corrections.all()) == [correction]
    assert not hasattr(services, "update_case_note")
    with pytest.raises(ValidationError):
        services.add_case_note(actor=specialist, participant=enrolled_a, text="   ")


def test_case_note_text_is_encrypted_in_the_database(world, enrolled_a, today):
    from django.db import connection

    services.add_case_note(
        actor=world.user("specialist_a"),
        participant=enrolled_a,
        text="Has epilepsy",
        contains_third_party_information=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM journey_casenote")
        (stored,) = cursor.fetchone()
    assert "epilepsy" not in stored


def test_a_note_cannot_correct_another_participants_note(world, enrolled_a, participant_b, today):
    other = services.add_case_note(
        actor=world.user("specialist_b"), participant=participant_b, text="About Bob"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.add_case_note(
            actor=world.user("specialist_a"), participant=enrolled_a, text="x", corrects=other
        )
    assert "same participant" in excinfo.value.message_dict["corrects"][0]


def test_an_auditor_cannot_write_a_note(world, enrolled_a, today):
    with pytest.raises(PermissionDenied):
        services.add_case_note(actor=world.user("auditor_a"), participant=enrolled_a, text="x")


def test_an_appointment_more_than_five_years_ahead_is_refused(world, enrolled_a, today):
    """Issue 9.6: an appointment in year 4482 was accepted."""
    for far in (D(4482, 1, 1), D(2031, 12, 1)):
        with pytest.raises(ValidationError, match="within the next 5 years"):
            services.book_appointment(
                actor=world.user("specialist_a"),
                participant=enrolled_a,
                starts_at=at(far),
                kind="phone",
            )
    assert not Appointment.objects.exists()
    services.book_appointment(
        actor=world.user("specialist_a"),
        participant=enrolled_a,
        starts_at=at(D(2027, 6, 1)),
        kind="phone",
    )
