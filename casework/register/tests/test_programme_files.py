"""Every file under programmes/ loads with no code change; the JSON Schema and the guide
generated from the pydantic models are the ones committed; validation messages name the file,
key and line, say what is allowed and show an example, and suggest the nearest known key."""

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.core.management import call_command

from casework.register.config import ConfigError, load_config
from casework.register.schema import json_schema

PROGRAMMES = Path(__file__).resolve().parents[3] / "programmes"
FILES = sorted(PROGRAMMES.glob("*.yaml"))
KENT = PROGRAMMES / "kent-and-medway.yaml"
HEADER = "# yaml-language-server: $schema=../docs/programme-file.schema.json\n"


def test_there_are_programme_files():
    assert len(FILES) >= 6


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_programme_file_loads(path):
    config = load_config(path)
    assert config.slug == path.stem


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_programme_file_names_the_schema_and_meets_it(path):
    text = path.read_text()
    assert text.startswith(HEADER)
    data = json.loads(json.dumps(yaml.safe_load(text), default=lambda d: d.isoformat()))
    jsonschema.Draft202012Validator(json_schema()).validate(data)


def test_the_committed_schema_and_guide_are_current():
    call_command("register", "schema", "--check")


def _problems(tmp_path, old: str, new: str) -> tuple[list[str], str]:
    text = KENT.read_text().replace(old, new, 1)
    path = tmp_path / "kent-and-medway.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return [str(p) for p in caught.value.problems], text


def _line(text: str, snippet: str) -> int:
    return text[: text.index(snippet)].count("\n") + 1


def test_an_unknown_key_suggests_the_nearest_known_one(tmp_path):
    found, text = _problems(tmp_path, "    consent_needed: false", "    consent_neded: false")
    [problem] = [p for p in found if "unknown key" in p]
    assert problem.startswith(
        f"{tmp_path / 'kent-and-medway.yaml'}: recipients.0.consent_neded, line "
        f"{_line(text, 'consent_neded')}: unknown key 'consent_neded'; did you mean "
        "'consent_needed'?"
    )
    assert "Allowed here: key, description, type, consent_needed" in problem


def test_a_wrong_value_says_what_is_allowed_and_shows_an_example(tmp_path):
    [problem], text = _problems(tmp_path, "anchor: programme_end", "anchor: programme_ending")
    assert f"retention.0.anchor, line {_line(text, 'programme_ending')}" in problem
    assert (
        "'programme_end', 'fixed_date', 'participant_exit', 'record_creation' or 'participant_age'"
    ) in problem
    assert "Example: `anchor: programme_end`" in problem


def test_a_missing_key_shows_an_example(tmp_path):
    found, _ = _problems(tmp_path, "    consent_needed: false\n", "")
    assert any(
        "recipients.0.consent_needed" in p
        and "'consent_needed' is required here. Allowed: true or false. "
        "Example: `consent_needed: false`"
        in p
        for p in found
    )


def test_last_updated_may_be_a_full_date(tmp_path):
    path = tmp_path / "kent-and-medway.yaml"
    path.write_text(KENT.read_text().replace("last_updated: 2025-05", "last_updated: 2025-05-14"))
    assert load_config(path).notice.last_updated == "2025-05-14"
    assert isinstance(
        datetime.date.fromisoformat(load_config(path).notice.last_updated), datetime.date
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_programme_file_gives_a_notice_pdf_and_a_record_of_processing(client, path):
    from casework.register import ropa

    call_command("programme", "load", str(path))
    response = client.get(f"/programmes/{path.stem}/privacy-notice.pdf")
    assert response.content.startswith(b"%PDF-")
    config = load_config(path)
    assert len(ropa.rows(config)) == len(config.purposes)
