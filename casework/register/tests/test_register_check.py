"""Coverage both ways: `manage.py register check`, and collected_fields(programme), which pages
use so a field a programme does not collect shows nowhere."""

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from casework.programmes.models import Programme
from casework.register.config import content_hash
from casework.register.selectors import collected_fields

PROGRAMMES = Path(__file__).resolve().parents[3] / "programmes"


@pytest.mark.django_db
def test_collected_fields_leave_out_what_the_programme_does_not_collect():
    call_command("programme", "load", str(PROGRAMMES / "local-london.yaml"))
    call_command("programme", "load", str(PROGRAMMES / "kent-and-medway.yaml"))
    london = collected_fields(Programme.objects.get(slug="local-london"))
    kent = collected_fields(Programme.objects.get(slug="kent-and-medway"))
    assert "participants.Participant.national_insurance_number" in london
    assert "participants.Participant.local_authority_identifier" not in london
    assert "participants.Participant.local_authority_identifier" in kent
    assert not any(f.startswith("staff.") for f in kent)


@pytest.mark.django_db
def test_a_programme_without_a_register_collects_nothing(world):
    assert collected_fields(world.programme) == frozenset()


@pytest.mark.django_db
def test_register_check_reports_unused_fields_and_categories(capsys):
    call_command("programme", "load", str(PROGRAMMES / "local-london.yaml"))
    call_command("register", "check")
    out = capsys.readouterr().out
    assert re.search(r"Fields declared but collected by no programme: \d+", out)
    assert (
        "  - participants.Participant.local_authority_identifier (local_authority_identifier)"
        in out
    )
    assert re.search(r"Categories used by no purpose: \d+", out)
    for category in ("ethnicity", "religion", "support_services", "criminal_offence"):
        assert f"  - {category}\n" in out
    assert "Purposes with no lawful basis: 0" in out
    with pytest.raises(CommandError, match="found gaps"):
        call_command("register", "check", "--strict")


@pytest.mark.django_db
def test_register_check_finds_a_stored_purpose_without_basis(capsys):
    call_command("programme", "load", str(PROGRAMMES / "kent-and-medway.yaml"))
    version = Programme.objects.get(slug="kent-and-medway").versions.get()
    version.config["purposes"][0]["art6"] = None  # a version stored before a rule existed
    version.content_hash = content_hash(version.config)  # as it was hashed when stored
    version.save()
    call_command("register", "check")
    assert "Purposes with no lawful basis: 1\n  - kent-and-medway: eligibility" in (
        capsys.readouterr().out
    )
