"""Programme configuration files: every validation rule shown with its message, file, key and
line; loading is idempotent and an invalid file changes nothing."""

from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from casework.programmes.models import OrganisationRole, Programme
from casework.register.config import ConfigError, load_config
from casework.register.models import RegisterVersion
from casework.testing import factories

KENT = Path(__file__).resolve().parents[3] / "programmes" / "kent-and-medway.yaml"


def variant(tmp_path, edits: list[tuple[str, str, str]]) -> tuple[Path, str]:
    """Copies Kent's file with edits: (anchor, old, new) replaces the first `old` after
    `anchor`."""
    text = KENT.read_text()
    for anchor, old, new in edits:
        start = text.index(anchor)
        at = text.index(old, start)
        text = text[:at] + new + text[at + len(old) :]
    path = tmp_path / "kent-and-medway.yaml"
    path.write_text(text)
    return path, text


def line_of(text: str, snippet: str) -> int:
    return text[: text.index(snippet)].count("\n") + 1


def problems(path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return [str(p) for p in caught.value.problems]


def test_the_reference_file_is_valid():
    assert load_config(KENT).slug == "kent-and-medway"


def test_unknown_category(tmp_path):
    path, text = variant(tmp_path, [("- category: ethnicity", "ethnicity", "ethnicty")])
    line = line_of(text, "- category: ethnicty")
    assert (
        f"{path}: data_collected.8.category, line {line}: unknown data category 'ethnicty'; "
        "known: identity" in problems(path)[0]
    )


def test_unknown_field(tmp_path):
    path, text = variant(
        tmp_path,
        [
            (
                "- category: identity",
                "label: Name, date of birth, and contact details",
                "label: Name\n    fields: [participants.Participant.shoe_size]",
            )
        ],
    )
    assert problems(path) == [
        f"{path}: data_collected.0.fields.0, line {line_of(text, 'fields: [participants')}: "
        "unknown field 'participants.Participant.shoe_size': not declared in "
        "casework/register/fields.py (write it as app.Model.field)"
    ]


def test_field_in_the_wrong_category(tmp_path):
    path, _ = variant(
        tmp_path,
        [
            (
                "- category: identity",
                "label: Name",
                "fields: [participants.Participant.email]\n    label: Name",
            )
        ],
    )
    assert (
        "field 'participants.Participant.email' is in category 'contact', not 'identity'"
        in (problems(path)[0])
    )


def test_purpose_without_article_6_basis(tmp_path):
    path, text = variant(tmp_path, [("- key: monitoring", "    art6: public_task\n", "")])
    assert problems(path) == [
        f"{path}: purposes.2.art6, line {line_of(text, '- key: monitoring')}: "
        "purpose 'monitoring' has no Article 6 lawful basis"
    ]


def test_special_category_data_without_article_9_condition(tmp_path):
    path, text = variant(
        tmp_path, [("- key: eligibility", "    art9: substantial_public_interest\n", "")]
    )
    assert problems(path)[0] == (
        f"{path}: purposes.0.art9, line {line_of(text, '- key: eligibility')}: "
        "purpose 'eligibility' uses special category data (health) but has no Article 9 "
        "condition"
    )


def test_substantial_public_interest_needs_a_schedule_1_condition(tmp_path):
    path, text = variant(tmp_path, [("- key: eligibility", "    schedule1: equality\n", "")])
    assert problems(path) == [
        f"{path}: purposes.0.schedule1, line {line_of(text, '- key: eligibility')}: "
        "purpose 'eligibility' relies on "
        "substantial_public_interest, which needs a DPA 2018 Schedule 1 condition"
    ]


def test_schedule_1_condition_from_the_wrong_part(tmp_path):
    path, text = variant(
        tmp_path,
        [
            (
                "- key: eligibility",
                "art9: substantial_public_interest",
                "art9: employment_social_protection",
            )
        ],
    )
    assert problems(path) == [
        f"{path}: purposes.0.schedule1, line {line_of(text, 'schedule1: equality')}: "
        "Article 9 condition employment_social_protection needs a condition from Schedule 1 "
        "Part 1, not equality"
    ]


def test_a_recipient_needs_an_agreement_or_a_legal_gateway(tmp_path):
    text = KENT.read_text()
    start = text.index("    legal_gateway:", text.index("- key: law-safeguarding"))
    end = text.index("\nretention:", start)
    path = tmp_path / "kent-and-medway.yaml"
    path.write_text(text[:start] + text[end:])
    [problem] = problems(path)
    assert problem.startswith(
        f"{path}: recipients.5, line {line_of(text, '- key: law-safeguarding')}: recipient "
        "'law-safeguarding' has neither a data-sharing agreement nor a legal gateway"
    )
    assert "legal_gateway: {kind: crime_prevention_exemption" in problem  # an example


def test_any_kind_of_recipient_may_be_shared_with_under_a_legal_gateway(tmp_path):
    path, _ = variant(
        tmp_path,
        [
            (
                "- key: law-safeguarding",
                "safeguarding_or_law_enforcement",
                "court_tribunal_or_prison",
            ),
            ("- key: law-safeguarding", "kind: safeguarding", "kind: court_order"),
        ],
    )
    recipient = load_config(path).recipients[-1]
    assert recipient.agreement is None
    assert recipient.legal_gateway.kind == "court_order"
    assert str(recipient.legal_gateway).startswith("A court order: DPA 2018 Schedule 1")


def test_a_legal_gateway_names_its_kind(tmp_path):
    path, text = variant(
        tmp_path, [("- key: law-safeguarding", "kind: safeguarding", "kind: because")]
    )
    [problem] = problems(path)
    assert "recipients.5.legal_gateway.kind" in problem
    assert "statutory_duty" in problem and "court_order" in problem


def test_recipient_with_an_expired_agreement(tmp_path):
    path, text = variant(
        tmp_path,
        [("reference: KCC-CTW-DSA-EMP", "expires_on: 2030-03-31", "expires_on: 2026-01-31")],
    )
    with time_machine.travel("2026-02-01 09:00 +0000", tick=False):
        found = problems(path)
    assert found == [
        f"{path}: recipients.1.agreement.expires_on, line "
        f"{line_of(text, 'expires_on: 2026-01-31')}: the data-sharing agreement "
        "KCC-CTW-DSA-EMP with 'employers-training' expired on 31 January 2026"
    ]


def test_retention_rule_for_unknown_record_type(tmp_path):
    path, text = variant(
        tmp_path, [("retention:", "record_type: staff_account", "record_type: timesheet")]
    )
    assert problems(path) == [
        f"{path}: retention.2.record_type, line {line_of(text, 'record_type: timesheet')}: "
        "retention rule for unknown record type 'timesheet'; known: participant, referral, "
        "eligibility, consent, notice_acknowledgement, profile, action_plan, appointment, "
        "case_note, job, work_placement, milestone, group_booking, group_session, "
        "evaluation_extract, document, paper_file, subject_access_pack, break_glass_grant, "
        "dwp_return, staff_account"
    ]


def test_field_collected_that_no_purpose_uses(tmp_path):
    path, text = variant(
        tmp_path,
        [
            (
                "- category: local_authority_identifier",
                "- category: local_authority_identifier\n",
                "- category: local_authority_identifier\n    fields: "
                "[participants.Participant.local_authority_identifier]\n",
            ),
            ("- key: eligibility", " local_authority_identifier,", ""),
        ],
    )
    assert problems(path) == [
        f"{path}: data_collected.3.fields.0, line "
        f"{line_of(text, 'fields: [participants.Participant.local_authority_identifier]')}: field "
        "'participants.Participant.local_authority_identifier' is collected but no purpose uses "
        "it (data minimisation)"
    ]


def test_schema_errors_name_the_key_and_line(tmp_path):
    path, text = variant(tmp_path, [("- key: support", "art6: public_task", "art6: public_taks")])
    found = problems(path)
    assert found[0].startswith(f"{path}: purposes.1.art6, line {line_of(text, 'public_taks')}: ")
    assert "'public_task'" in found[0]


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("slug: x\nname: [unclosed\n")
    assert problems(path)[0].startswith(f"{path}: (top level), line 3: not valid YAML")


@pytest.mark.django_db
def test_load_creates_the_programme_and_its_parties_and_is_idempotent():
    call_command("programme", "load", str(KENT))
    call_command("programme", "load", str(KENT))
    programme = Programme.objects.get(slug="kent-and-medway")
    assert sorted(programme.areas.values_list("name", flat=True)) == ["Kent", "Medway"]
    roles = {(p.organisation.name, p.role) for p in programme.parties.all()}
    assert roles == {
        ("Kent County Council", OrganisationRole.ACCOUNTABLE_BODY),
        ("Department for Work and Pensions", OrganisationRole.GOVERNMENT_DEPARTMENT),
    }
    assert list(programme.versions.values_list("number", "changes")) == [(1, ["First version."])]


@pytest.mark.django_db
def test_a_changed_file_makes_a_new_version_listing_the_change(tmp_path, capsys):
    call_command("programme", "load", str(KENT))
    path, _ = variant(
        tmp_path,
        [
            (
                "recipients:",
                "recipients:\n",
                "recipients:\n  - key: evaluator\n    description: DWP's evaluation contractor\n"
                "    type: research_or_evaluation\n    consent_needed: false\n    agreement:\n"
                "      reference: DWP-CTW-EVAL\n      categories: [employment_education]\n"
                "      purposes: [evaluation]\n      starts_on: 2025-04-01\n"
                "      expires_on: 2030-03-31\n",
            )
        ],
    )
    call_command("programme", "load", str(path))
    version = RegisterVersion.objects.get(programme__slug="kent-and-medway", number=2)
    assert version.changes == ["Added recipient evaluator: DWP's evaluation contractor"]
    assert version.added_recipients == ["evaluator"]
    assert "loaded version 2" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_invalid_file_changes_nothing(tmp_path):
    call_command("programme", "load", str(KENT))
    path, _ = variant(
        tmp_path,
        [
            ("name: Kent and Medway", "name: Kent and Medway", "name: Renamed"),
            ("- key: monitoring", "    art6: public_task\n", ""),
        ],
    )
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("programme", "load", str(path))
    assert Programme.objects.get(slug="kent-and-medway").name == "Kent and Medway Connect to Work"
    assert RegisterVersion.objects.count() == 1


def test_employment_and_social_protection_needs_a_schedule_1_condition(tmp_path):
    path, text = variant(
        tmp_path,
        [
            (
                "- key: eligibility",
                "art9: substantial_public_interest\n    schedule1: equality\n",
                "art9: employment_social_protection\n",
            )
        ],
    )
    assert problems(path) == [
        f"{path}: purposes.0.schedule1, line {line_of(text, '- key: eligibility')}: "
        "purpose 'eligibility' relies on employment_social_protection, which needs a DPA 2018 "
        "Schedule 1 condition"
    ]


def test_explicit_consent_needs_no_schedule_1_condition(tmp_path):
    path, _ = variant(
        tmp_path,
        [
            (
                "- key: eligibility",
                "art9: substantial_public_interest\n    schedule1: equality\n",
                "art9: explicit_consent\n",
            )
        ],
    )
    assert load_config(path).purposes[0].schedule1 is None


def test_criminal_offence_data_needs_a_schedule_1_condition(tmp_path):
    path, text = variant(
        tmp_path,
        [
            (
                "data_collected:",
                "data_collected:\n",
                "data_collected:\n  - category: criminal_offence\n",
            ),
            (
                "- key: monitoring",
                "categories: [identity,",
                "categories: [criminal_offence, identity,",
            ),
        ],
    )
    assert problems(path) == [
        f"{path}: purposes.2.schedule1, line {line_of(text, '- key: monitoring')}: "
        "purpose 'monitoring' relies on Article 10, which needs a DPA 2018 Schedule 1 condition"
    ]


@pytest.mark.django_db
def test_an_area_with_participants_cannot_be_removed(tmp_path):
    call_command("programme", "load", str(KENT))
    programme = Programme.objects.get(slug="kent-and-medway")
    factories.ParticipantFactory(programme=programme, area=programme.areas.get(code="E06000035"))
    path, _ = variant(tmp_path, [("areas:", "  - {code: E06000035, name: Medway}\n", "")])
    with pytest.raises(CommandError, match="cannot remove Medway: participants live there"):
        call_command("programme", "load", str(path))
    assert programme.areas.count() == 2
    assert RegisterVersion.objects.count() == 1


def test_a_version_stored_with_a_gateway_as_text_still_reads():
    from casework.register.config import config_from_json, load_config

    data = load_config(KENT).model_dump(mode="json")
    data["recipients"][-1]["legal_gateway"] = "Local Audit and Accountability Act 2014, Schedule 9"
    data["recipients"][0]["legal_gateway"] = ""
    data["sources"][0].pop("condition")
    data["sources"][0]["with_your_agreement"] = True
    config = config_from_json(data)
    gateway = config.recipients[-1].legal_gateway
    assert gateway.reference == "Local Audit and Accountability Act 2014, Schedule 9"
    assert "Schedule 9" in gateway and "Schedule 9" in str(gateway)
    assert config.recipients[0].legal_gateway is None
    assert config.sources[0].condition == "with_your_agreement"
