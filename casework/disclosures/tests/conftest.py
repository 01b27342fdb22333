import pytest

from casework.consents.models import ConsentPurpose
from casework.disclosures.testing import consent_to, cv_of
from casework.testing.registers import publish_register


@pytest.fixture(autouse=True)
def own_document_store(settings, tmp_path):
    settings.CASEWORK_DOCUMENT_ROOT = tmp_path / "documents"


@pytest.fixture
def register(world):
    """South Midlands' register: employers-training and support-organisations need consent,
    law-safeguarding has a legal gateway."""
    return publish_register(world.programme, "south-midlands.yaml")


@pytest.fixture
def specialist(world):
    return world.user("specialist_a")


@pytest.fixture
def cv(participant_a, specialist):
    return cv_of(participant_a, specialist)


@pytest.fixture
def consented(participant_a, specialist):
    return consent_to(
        participant_a, ConsentPurpose.SHARE_WITH_EMPLOYER, "Acme Foods", actor=specialist
    )
