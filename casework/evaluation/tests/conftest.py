import datetime
import random

import pytest

from casework.participants.models import Participant, Status
from casework.testing import factories
from casework.testing.registers import publish_register

GENDERS = ["woman", "man", "non_binary", "not_said"]
ETHNICITIES = ["White British", "Asian or Asian British", "Black British", "Mixed", "Other"]
DISABILITY = ["yes", "no", "not_said"]


@pytest.fixture(autouse=True)
def own_document_store(settings, tmp_path):
    settings.CASEWORK_DOCUMENT_ROOT = tmp_path / "documents"


def evaluation_register(programme, **evaluation):
    """South Midlands' register, its evaluation purpose also declaring identity data (age band,
    gender), as a programme whose notice says so would."""
    from django.conf import settings

    from casework.register.config import load_config

    config = load_config(settings.CASEWORK_PROGRAMMES_DIR / "south-midlands.yaml")
    purposes = [p.model_dump(mode="json") for p in config.purposes]
    for p in purposes:
        if p["key"] == "evaluation":
            p["categories"] = ["identity", *p["categories"]]
    return publish_register(programme, purposes=purposes, evaluation=evaluation)


@pytest.fixture
def dpo(world):
    return world.user("dpo")


@pytest.fixture
def cohort(world):
    """160 enrolled participants with varied ages, genders, areas, months and sensitive values
    (seeded), and one only referred (never in an extract)."""
    rng = random.Random(15)
    people = []
    for i in range(160):
        area, org = (world.area_a, world.org_a) if i % 2 else (world.area_b, world.org_b)
        people.append(
            factories.ParticipantFactory.build(
                programme=world.programme,
                area=area,
                responsible_organisation=org,
                first_name=f"Person{i}",
                last_name="Cohort",
                date_of_birth=datetime.date(1960 + rng.randrange(45), rng.randrange(1, 13), 1),
                gender=rng.choice(GENDERS) if i % 40 else "another",
                referred_on=datetime.date(2025, rng.randrange(4, 13), rng.randrange(1, 28)),
                enrolled_on=datetime.date(2026, 1, 10),
                status=Status.ENROLLED,
                disability=rng.choice(DISABILITY),
                ethnicity=rng.choice(ETHNICITIES),
                nino_index=f"idx{i}",
            )
        )
    Participant.objects.bulk_create(people)
    factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        status=Status.REFERRED,
    )
    return Participant.objects.filter(programme=world.programme, last_name="Cohort")
