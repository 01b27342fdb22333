"""The notice says only what the programme declares: every paragraph is the programme's own text
or one of the few system paragraphs listed here (each rendering a declared fact or a right the
law gives), and a promise appears only while the system has the capability that keeps it."""

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from casework.programmes.models import OrganisationRole, ProgrammeOrganisation
from casework.register.capabilities import (
    has_capability,
    register_capability,
    unregister_capability,
)
from casework.register.notice import build_notice
from casework.register.selectors import published_version

PROGRAMMES = Path(__file__).resolve().parents[3] / "programmes"
SHIPPED = sorted(p.stem for p in PROGRAMMES.glob("*.yaml"))

# The paragraphs the notice may add of itself: labels for declared lists and contacts, the right
# to withdraw consent (Art 7(3), shown only where consent is relied on), the right to complain to
# the ICO (Art 13(2)(d)), and the version line.
SYSTEM_PARAGRAPHS = [
    r"From you:",
    r"From others(, with your agreement| , with your knowledge|, because the law requires them "
    r"to give it to us)?:",
    r"Our Data Protection Officer:",
    r"Where we rely on your consent, you can withdraw it at any time\. Withdrawing consent does "
    r"not affect what we did with your consent before\.",
    r"You can withdraw your consent by:",
    r"To use any of your rights, contact:",
    r"To tell us about changes to your details, contact:",
    r"(You can complain to|Complain to us first):",
    r"You also have the right to complain to the Information Commissioner's Office \(ICO\), the "
    r"UK's supervisory authority for data protection:",
    r"If you are still unhappy, you can complain to the Information Commissioner's Office "
    r"\(ICO\):",
    r"Privacy notices of the controllers:",
    r"Where your data is stored: .+\.",
    r"Systems:",
    r"We do not transfer your data outside the UK\.",
    r"Version \d+ of this notice, published on \d{1,2} \w+ \d{4}\.",
    r"What changed:",
]


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _paragraphs(notice) -> list[str]:
    return [
        b.text for section in notice.sections for b in section.blocks if b.kind == "paragraph"
    ] + list(notice.introduction)


def _notice(slug: str, path: Path | None = None):
    call_command("programme", "load", str(path or PROGRAMMES / f"{slug}.yaml"))
    return build_notice(published_version(slug))


@pytest.fixture
def capability():
    """Registers a capability for one test, leaving the registry as it was."""
    added = []

    def add(name):
        if not has_capability(name):
            register_capability(name)
            added.append(name)

    yield add
    for name in added:
        unregister_capability(name)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SHIPPED)
def test_every_paragraph_is_the_programmes_own_or_a_listed_system_paragraph(slug):
    declared = {
        _normal(s) for s in _strings(yaml.safe_load((PROGRAMMES / f"{slug}.yaml").read_text()))
    }
    invented = [
        p
        for p in _paragraphs(_notice(slug))
        if _normal(p) not in declared
        and not any(re.fullmatch(pattern, _normal(p)) for pattern in SYSTEM_PARAGRAPHS)
    ]
    assert invented == []


@pytest.fixture
def without_capability():
    """Withdraws a registered capability for one test, leaving the registry as it was."""
    removed = []

    def remove(name):
        if has_capability(name):
            unregister_capability(name)
            removed.append(name)

    yield remove
    for name in removed:
        register_capability(name)


def test_the_disclosure_log_registers_the_capability_its_promise_needs():
    assert has_capability("records_disclosures")


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SHIPPED)
def test_a_shipped_notice_promises_to_record_disclosures_only_where_its_file_declares_it(slug):
    declared = "records_disclosures" in (PROGRAMMES / f"{slug}.yaml").read_text()
    text = _normal(_notice(slug).text().lower())
    assert ("record what personal data we share" in text) == declared
    assert "we record what we shared" not in text


@pytest.mark.django_db
def test_a_declared_promise_appears_only_while_the_system_keeps_it(without_capability):
    sentence = "we will make sure that we record what personal data we share"
    assert sentence in _normal(_notice("local-london").text())
    without_capability("records_disclosures")
    assert sentence not in _normal(build_notice(published_version("local-london")).text())


@pytest.mark.django_db
def test_a_capability_alone_adds_no_promise_the_programme_did_not_declare(capability):
    capability("records_disclosures")
    text = _normal(_notice("kent-and-medway").text().lower())
    assert "record what" not in text
    assert "we record" not in text


def test_only_a_capability_some_promise_needs_can_be_registered():
    with pytest.raises(ValueError):
        register_capability("reads_minds")


@pytest.mark.django_db
def test_title_and_last_updated_come_from_the_file():
    notice = _notice("local-london")
    assert notice.heading == "Privacy policy"
    assert notice.title == "Local London Connect to Work: privacy policy"
    assert notice.last_updated == "May 2025"
    assert _notice("south-midlands").last_updated == "August 2025"


@pytest.mark.django_db
def test_what_a_notice_does_not_state_it_does_not_say(tmp_path):
    # Kent's notice says nothing about transfers abroad or automated decisions.
    text = _notice("kent-and-medway").text()
    assert "outside the UK" not in text
    assert "automated means" not in text
    assert "Where your data is stored" not in text


@pytest.mark.django_db
def test_controllers_are_exactly_those_declared(tmp_path):
    source = (PROGRAMMES / "kent-and-medway.yaml").read_text()
    start = source.index("  government_department:")
    end = source.index("dpo:", start)
    without_dwp = source[:start] + source[end:]
    without_dwp = without_dwp.replace(
        " We are\n    the ‘data controller’ for this information alongside the Department of Work "
        "and Pensions.",
        "",
    )
    path = tmp_path / "kent-and-medway.yaml"
    path.write_text(without_dwp)
    text = _notice("kent-and-medway", path).text()
    assert "data controller" not in text
    assert "Department for Work and Pensions: https" not in text  # no controller link either
    assert not ProgrammeOrganisation.objects.filter(
        programme__slug="kent-and-medway", role=OrganisationRole.GOVERNMENT_DEPARTMENT
    ).exists()
