"""The participant rules, through the services that every page and endpoint uses."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from casework.participants import services
from casework.participants.models import Participant, Status
from casework.testing import factories

pytestmark = pytest.mark.django_db


def valid_fields(world, **overrides):
    fields = {
        "area": world.area_a,
        "responsible_organisation": world.org_a,
        "assigned_specialist": world.user("specialist_a"),
        "first_name": "Jo",
        "last_name": "Bloggs",
        "date_of_birth": datetime.date(1990, 3, 27),
        "gender": "not_said",
        "address_line_1": "1 High Street",
        "town": "Luton",
        "postcode": "lu1 2ba",
        "national_insurance_number": "qq 12 34 56 c",
    }
    fields.update(overrides)
    return fields


def create(world, actor="specialist_a", **overrides):
    return services.create_participant(
        actor=world.user(actor), programme=world.programme, **valid_fields(world, **overrides)
    )


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_create_normalises_and_stores_the_record(world):
    participant = create(world)
    participant.refresh_from_db()
    assert participant.postcode == "LU1 2BA"
    assert participant.national_insurance_number == "QQ123456C"
    assert participant.status == Status.REFERRED
    assert participant.nino_index and "QQ" not in participant.nino_index


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"national_insurance_number": "DA123456A"}, "national_insurance_number", "first two"),
        ({"national_insurance_number": "AO123456A"}, "national_insurance_number", "first two"),
        ({"national_insurance_number": "GB123456A"}, "national_insurance_number", "not a prefix"),
        ({"national_insurance_number": "AB123456E"}, "national_insurance_number", "format"),
        ({"postcode": "ZZ99 9ZZZ"}, "postcode", "real UK postcode"),
        ({"date_of_birth": datetime.date(2099, 1, 1)}, "date_of_birth", "in the past"),
        ({"date_of_birth": datetime.date.today().replace(year=2015)}, "date_of_birth", "16"),
        ({"first_name": "  "}, "first_name", ""),
        ({"email": "not-an-email"}, "email", ""),
    ],
)
def test_bad_input_is_rejected_on_its_field_and_nothing_is_saved(world, overrides, field, fragment):
    with pytest.raises(ValidationError) as excinfo:
        create(world, **overrides)
    assert field in errors_of(excinfo)
    assert fragment in " ".join(errors_of(excinfo)[field])
    assert Participant.objects.count() == 0


def test_every_problem_is_reported_at_once(world):
    with pytest.raises(ValidationError) as excinfo:
        create(world, postcode="nope", national_insurance_number="ZZ123456A", first_name="")
    assert set(errors_of(excinfo)) >= {"postcode", "national_insurance_number", "first_name"}


def test_a_nino_already_in_the_programme_is_refused_however_it_is_typed(world):
    create(world)
    with pytest.raises(ValidationError) as excinfo:
        create(world, first_name="Other", national_insurance_number="QQ123456C ")
    assert "already has this National Insurance number" in " ".join(
        errors_of(excinfo)["national_insurance_number"]
    )
    assert Participant.objects.count() == 1


def test_the_same_nino_may_be_on_another_programme(world):
    create(world)
    other = factories.ProgrammeFactory()
    other.areas.add(world.area_a)
    link = factories.ProgrammeOrganisationFactory(programme=other, organisation=world.org_a)
    link.areas.add(world.area_a)
    leader = factories.MembershipFactory(
        user__organisation=world.org_a, programme=other, role="team_leader"
    ).user
    services.create_participant(
        actor=leader, programme=other, **valid_fields(world, assigned_specialist=None)
    )
    assert Participant.objects.filter(nino_index=services.nino_index_for("QQ123456C")).count() == 2


def test_a_failed_update_leaves_the_stored_record_untouched(world):
    participant = create(world)
    with pytest.raises(ValidationError):
        services.update_participant(
            actor=world.user("specialist_a"),
            participant=participant,
            first_name="Changed",
            postcode="not a postcode",
        )
    stored = Participant.objects.get(pk=participant.pk)
    assert stored.first_name == "Jo"
    assert stored.postcode == "LU1 2BA"


def test_a_specialist_cannot_put_a_participant_outside_their_own_reach(world):
    with pytest.raises(ValidationError) as excinfo:
        create(
            world,
            area=world.area_b,
            responsible_organisation=world.org_b,
            assigned_specialist=world.user("specialist_b"),
        )
    assert "your organisation's areas" in " ".join(errors_of(excinfo)["area"])
    assert Participant.objects.count() == 0


def test_an_area_outside_the_programme_is_refused(world):
    elsewhere = factories.AreaFactory(code="E06000099", name="Elsewhere")
    with pytest.raises(ValidationError) as excinfo:
        create(world, area=elsewhere, actor="manager")
    assert "area" in errors_of(excinfo)


def test_roles_that_do_not_edit_cannot_create(world):
    for role in ("auditor_a", "dpo", "referrer"):
        with pytest.raises(PermissionDenied):
            create(world, actor=role)
    assert Participant.objects.count() == 0


@time_machine.travel(datetime.datetime(2026, 6, 1, 10, 0), tick=False)
def test_status_moves_only_along_allowed_transitions(world):
    participant = create(world, actor="manager", referred_on=None)
    actor = world.user("manager")
    with pytest.raises(ValidationError, match="cannot move to in work"):
        services.change_status(actor=actor, participant=participant, to=Status.IN_WORK)
    services.change_status(actor=actor, participant=participant, to=Status.ENROLLED)
    services.change_status(actor=actor, participant=participant, to=Status.IN_WORK)
    services.change_status(
        actor=actor, participant=participant, to=Status.EXITED, reason="completed"
    )
    participant.refresh_from_db()
    assert participant.status == Status.EXITED
    assert participant.exited_on == datetime.date(2026, 6, 1)
    with pytest.raises(ValidationError, match="cannot move to exited"):
        services.change_status(actor=actor, participant=participant, to=Status.EXITED)


def test_a_duplicate_held_by_another_organisation_gets_a_neutral_message(world, participant_b):
    """Issue 9.1: adding someone who matches another organisation's participant must not say
    that the person is known to the programme."""
    details = {
        "area": world.area_a,
        "responsible_organisation": world.org_a,
        "assigned_specialist": world.user("specialist_a"),
        "first_name": "Robert",
        "date_of_birth": participant_b.date_of_birth,
        "gender": "man",
        "address_line_1": "1 High Street",
        "town": "Luton",
        "postcode": "LU1 1AA",
    }
    for extra in (
        {"last_name": participant_b.last_name, "different_person": True},
        {
            "last_name": "Else",
            "date_of_birth": datetime.date(1970, 1, 1),
            "national_insurance_number": participant_b.national_insurance_number,
        },
    ):
        with pytest.raises(ValidationError) as caught:
            services.create_participant(
                actor=world.user("specialist_a"),
                programme=world.programme,
                **{**details, **extra},
            )
        message = " ".join(caught.value.messages)
        assert "programme manager" in message
        assert "already" not in message and "Another participant" not in message
