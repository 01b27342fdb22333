"""factory_boy factories for tests (Faker en_GB)."""

import datetime
import itertools

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from casework.participants.models import Gender, Participant, Status
from casework.programmes.models import Area, Organisation, Programme, ProgrammeOrganisation, Team
from casework.staff.models import Membership, StaffUser

factory.Faker._DEFAULT_LOCALE = "en_GB"
_nino_numbers = itertools.count(100000)
PASSWORD = "correct-horse-battery-staple"  # noqa: S105


def example_nino() -> str:
    """A unique NINO with the never-allocated QQ example prefix."""
    return f"QQ{next(_nino_numbers):06d}C"


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"E0{n:07d}")
    name = factory.Sequence(lambda n: f"Area {n}")


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    slug = factory.Sequence(lambda n: f"programme-{n}")
    name = factory.Sequence(lambda n: f"Connect to Work programme {n}")
    starts_on = datetime.date(2025, 4, 1)
    ends_on = datetime.date(2030, 3, 31)
    delivery_models = ["IPS", "SEQF"]


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Council {n}")


class ProgrammeOrganisationFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeOrganisation

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "joint_controller"


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


STAFF_FIRST_NAMES = [
    "Priya",
    "Tom",
    "Grace",
    "Daniel",
    "Lucy",
    "Helen",
    "Martin",
    "Sophie",
    "Kwame",
]
STAFF_LAST_NAMES = ["Hussain", "Gallagher", "Okafor", "Price", "Shah", "Hughes", "Brennan", "Ellis"]


class StaffUserFactory(DjangoModelFactory):
    class Meta:
        model = StaffUser
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@council.example")
    # Staff names from a fixed list, never a random one: the header shows the signed-in user's
    # name, and tests look for participants' names (Alice Archer, Bob Baker, Carol Cooper) to
    # prove they are not shown. A random "Bobby Baker" on staff made those tests fail by chance.
    first_name = factory.Iterator(STAFF_FIRST_NAMES)
    last_name = factory.Iterator(STAFF_LAST_NAMES)
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    # Trained and bound by default; tests of the training gate clear these.
    data_protection_training_completed_on = datetime.date(2026, 1, 12)
    data_protection_training_expires_on = datetime.date(2099, 1, 12)
    confidentiality_acknowledged_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(StaffUserFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    role = "employment_specialist"


class ParticipantFactory(DjangoModelFactory):
    """Creates rows directly (for fixtures); tests of the rules go through the services."""

    class Meta:
        model = Participant

    programme = factory.SubFactory(ProgrammeFactory)
    area = factory.SubFactory(AreaFactory)
    responsible_organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=64)
    gender = Gender.NOT_SAID
    address_line_1 = factory.Faker("street_address")
    town = factory.Faker("city")
    postcode = "MK9 3EJ"
    national_insurance_number = factory.LazyFunction(example_nino)
    referred_on = datetime.date(2026, 1, 5)
    status = Status.REFERRED

    @factory.lazy_attribute
    def nino_index(self):
        from casework.participants.validators import nino_index_for

        return nino_index_for(self.national_insurance_number)
