"""The demo loaded into an empty database: the three reference programmes through the
configuration loader, idempotent; and never where example National Insurance numbers are not
allowed. (The full demo's contents: test_demo.py.)"""

import pytest
from django.core.management import call_command
from django.test import override_settings

from casework.demo import data
from casework.participants.models import Participant
from casework.programmes.models import OrganisationRole, Programme
from casework.register.models import RegisterVersion

pytestmark = pytest.mark.django_db


def test_demo_refuses_to_run_where_example_ninos_are_not_allowed():
    with (
        override_settings(CASEWORK_ALLOW_EXAMPLE_NINOS=False),
        pytest.raises(RuntimeError, match="demo or test settings|CASEWORK_ALLOW_EXAMPLE_NINOS"),
    ):
        call_command("load_demo", verbosity=0)


def test_demo_loads_all_three_programmes_and_a_second_run_adds_nothing(monkeypatch, settings):
    settings.CASEWORK_ALLOW_EXAMPLE_NINOS = True
    monkeypatch.setattr(data, "PARTICIPANT_COUNT", 8)
    call_command("load_demo")
    call_command("load_demo")
    assert sorted(Programme.objects.values_list("slug", flat=True)) == [
        "kent-and-medway",
        "local-london",
        "south-midlands",
    ]
    assert RegisterVersion.objects.count() == 3
    south_midlands = Programme.objects.get(slug="south-midlands")
    joint = south_midlands.parties.filter(role=OrganisationRole.JOINT_CONTROLLER)
    assert joint.count() == 6
    assert Participant.objects.filter(programme=south_midlands).count() == 8
    assert set(Participant.objects.values_list("area__code", flat=True)) <= set(data.OUTWARD_CODES)
