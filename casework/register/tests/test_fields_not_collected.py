"""A field the programme does not collect shows nowhere: not on the form, the record page or the
API, and the services refuse a value for it (ARCHITECTURE.md: onboarding is configuration)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.participants import services
from casework.register.selectors import participant_fields_not_collected
from casework.testing.auth import sign_in
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def london_register(world):
    """The world's programme takes Local London's register, which collects no local authority
    identifier (nor religion, sexual orientation or offending history)."""
    publish_register(world.programme, "local-london.yaml")
    return world.programme


def test_which_fields_are_left_out(london_register):
    missing = participant_fields_not_collected(london_register)
    assert {"local_authority_identifier", "religion_or_belief", "sexual_orientation"} <= missing
    assert "national_insurance_number" not in missing
    assert "health_conditions" not in missing


def test_a_programme_without_a_register_leaves_nothing_out(world):
    assert participant_fields_not_collected(world.programme) == frozenset()


def test_the_form_record_and_api_leave_the_field_out(client, london_register, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    form = client.get(reverse("participants:edit", args=[participant_a.pk])).content.decode()
    assert 'name="local_authority_identifier"' not in form
    assert 'name="religion_or_belief"' not in form
    assert 'name="national_insurance_number"' in form
    detail = client.get(reverse("participants:detail", args=[participant_a.pk])).content.decode()
    assert "Local authority identifier" not in detail
    assert "Religion or belief" not in detail
    assert "National Insurance number" in detail
    data = client.get(reverse("api:participant", args=[participant_a.pk])).json()
    assert "local_authority_identifier" not in data
    assert "national_insurance_number" in data


def test_the_service_refuses_a_value_for_a_field_not_collected(
    london_register, world, participant_a
):
    with pytest.raises(ValidationError) as caught:
        services.update_participant(
            actor=world.user("specialist_a"),
            participant=participant_a,
            local_authority_identifier="LA-123",
        )
    assert "does not collect this" in caught.value.message_dict["local_authority_identifier"][0]
