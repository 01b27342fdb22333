import pytest

from casework.journey import services as journey
from casework.participants.models import Participant
from casework.testing.registers import publish_register


@pytest.fixture(autouse=True)
def own_document_store(settings, tmp_path):
    settings.CASEWORK_DOCUMENT_ROOT = tmp_path / "documents"


@pytest.fixture
def register(world):
    return publish_register(world.programme, "south-midlands.yaml")


@pytest.fixture
def dpo(world):
    return world.user("dpo")


@pytest.fixture
def specialist(world):
    return world.user("specialist_a")


@pytest.fixture
def person(register, participant_a, specialist) -> Participant:
    """Participant A with a plain note and a note naming someone else."""
    Participant.objects.filter(pk=participant_a.pk).update(first_name="Zoë", last_name="=Hart")
    participant_a.refresh_from_db()
    journey.add_case_note(
        actor=specialist, participant=participant_a, text="Talked about warehouse jobs."
    )
    journey.add_case_note(
        actor=specialist,
        participant=participant_a,
        text="Her neighbour Dan Smith says he drives her to interviews.",
        contains_third_party_information=True,
    )
    return participant_a
