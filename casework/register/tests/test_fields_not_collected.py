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


def _without(source: str, category: str) -> dict:
    """The data_collected of `source` without `category`, and its purposes not using it."""
    from django.conf import settings

    from casework.register.config import load_config

    config = load_config(settings.CASEWORK_PROGRAMMES_DIR / source).model_dump(mode="json")
    return {
        "data_collected": [e for e in config["data_collected"] if e["category"] != category],
        "purposes": [
            {**p, "categories": [c for c in p["categories"] if c != category]}
            for p in config["purposes"]
        ],
    }


def test_a_programme_that_declares_no_case_notes_stores_none(world, participant_a):
    from casework.journey import services as journey

    publish_register(
        world.programme, "kent-and-medway.yaml", **_without("kent-and-medway.yaml", "case_notes")
    )
    with pytest.raises(ValidationError) as caught:
        journey.add_case_note(
            actor=world.user("specialist_a"), participant=participant_a, text="Rang about CV"
        )
    assert caught.value.message_dict["text"] == [
        "Test Connect to Work does not collect this (case notes and other free text written by "
        "staff (action plans, in-work support), which may include health or other special "
        "category information): its privacy notice does not say it is held, so it cannot be "
        "stored"
    ]
    assert not participant_a.case_notes.exists()


def test_a_programme_that_declares_case_notes_stores_them(world, participant_a):
    from casework.journey import services as journey

    publish_register(world.programme, "kent-and-medway.yaml")
    note = journey.add_case_note(
        actor=world.user("specialist_a"), participant=participant_a, text="Rang about CV"
    )
    assert note.text == "Rang about CV"


def test_a_programme_that_declares_no_health_data_records_no_eligibility_advice(
    world, participant_a
):
    import datetime

    from casework.eligibility import services as eligibility
    from casework.eligibility.rules import Evidence

    publish_register(
        world.programme, "kent-and-medway.yaml", **_without("kent-and-medway.yaml", "health")
    )
    with pytest.raises(ValidationError) as caught:
        eligibility.record_decision(
            actor=world.user("specialist_a"),
            participant=participant_a,
            evidence=Evidence(
                date_of_birth=participant_a.date_of_birth,
                assessed_on=datetime.date(2026, 1, 5),
                lives_in_area=True,
                right_to_work=True,
                on_other_dwp_programme=False,
                qualifying_groups=("disabled",),
            ),
            right_to_work_evidence="Passport",
            decision="eligible",
            decision_reason="",
        )
    assert "qualifying_groups" in caught.value.message_dict
    assert "does not collect this (health information" in caught.value.message_dict["advice"][0]


def test_date_of_birth_and_gender_are_optional_where_the_programme_does_not_collect_them(
    world, participant_a
):
    config = _without("kent-and-medway.yaml", "identity")
    config["data_collected"].append(
        {
            "category": "identity",
            "fields": ["participants.Participant.first_name", "participants.Participant.last_name"],
        }
    )
    publish_register(world.programme, "kent-and-medway.yaml", **config)
    assert {"date_of_birth", "gender"} <= participant_fields_not_collected(world.programme)
    participant_a.date_of_birth, participant_a.gender = None, ""
    participant_a.save()
    updated = services.update_participant(
        actor=world.user("specialist_a"), participant=participant_a, first_name="Ruth"
    )
    assert (updated.first_name, updated.date_of_birth, updated.gender) == ("Ruth", None, "")


def test_date_of_birth_is_still_required_where_the_programme_collects_it(world, participant_a):
    publish_register(world.programme, "kent-and-medway.yaml")
    with pytest.raises(ValidationError) as caught:
        services.update_participant(
            actor=world.user("specialist_a"), participant=participant_a, date_of_birth=None
        )
    assert caught.value.message_dict["date_of_birth"] == ["Enter a date of birth"]


def test_support_a_programme_does_not_offer_is_not_recorded(world, participant_a):
    import datetime
    from decimal import Decimal

    from casework.journey import services as journey

    publish_register(
        world.programme,
        "kent-and-medway.yaml",
        support_offered=[
            {"kind": "paid_work", "label": ""},
            {"kind": "careers_advice", "label": ""},
        ],
    )
    with pytest.raises(ValidationError) as caught:
        journey.record_work_placement(
            actor=world.user("specialist_a"),
            participant=participant_a,
            kind="volunteering",
            organisation="Food bank",
            hours_per_week=Decimal("4"),
            started_on=datetime.date.today(),
        )
    assert "does not offer volunteering or work experience" in caught.value.message_dict["kind"][0]


def test_action_plans_appointments_and_documents_follow_what_the_programme_declares(
    world, participant_a
):
    """Goals and steps are free text (case notes); appointments and documents are case
    management: a programme that declares neither stores none of them."""
    import datetime

    from django.utils import timezone

    from casework.documents.services import add_document
    from casework.journey import services as journey

    publish_register(world.programme, "aberdeen-employability-audit.yaml")
    actor = world.user("specialist_a")
    participant_a.status = "enrolled"
    participant_a.enrolled_on = participant_a.referred_on
    participant_a.save()
    with pytest.raises(ValidationError) as caught:
        journey.add_goal(actor=actor, participant=participant_a, description="Find work")
    assert "does not collect this (case notes" in caught.value.message_dict["description"][0]
    with pytest.raises(ValidationError) as caught:
        journey.book_appointment(
            actor=actor,
            participant=participant_a,
            starts_at=timezone.now() + datetime.timedelta(days=2),
            kind="in_person",
        )
    assert "does not collect this" in caught.value.message_dict["starts_at"][0]
    with pytest.raises(ValidationError) as caught:
        add_document(
            actor=actor,
            participant=participant_a,
            kind="cv",
            title="CV",
            source="",
            filename="cv.pdf",
            content=b"%PDF-1.4\n%%EOF\n",
        )
    assert "does not collect this" in caught.value.message_dict["title"][0]
    assert not participant_a.goals.exists()
    assert not participant_a.appointments.exists()
    assert not participant_a.documents.exists()
