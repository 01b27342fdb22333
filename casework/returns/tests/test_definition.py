import datetime

import pytest
import yaml
from django.conf import settings

from casework.register.config import ConfigError, load_config
from casework.returns import services
from casework.returns.testing import OCTOBER, built_programme
from casework.testing.registers import publish_register


def variant(tmp_path, **changes):
    data = yaml.safe_load((settings.CASEWORK_PROGRAMMES_DIR / "south-midlands.yaml").read_text())
    data.update(changes)
    path = tmp_path / "south-midlands.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_a_programme_that_is_not_connect_to_work_must_list_its_columns(tmp_path):
    with pytest.raises(ConfigError, match="list the return's columns"):
        load_config(variant(tmp_path, delivery_models=[]), today=datetime.date(2026, 11, 1))


def test_a_milestone_column_names_a_defined_outcome_and_the_recipient_must_exist(tmp_path):
    returns = {
        "recipient": "nobody",
        "definitions": [
            {
                "version": "v2",
                "effective_from": "2026-04-01",
                "columns": [
                    {
                        "key": "m",
                        "header": "M",
                        "source": "milestone",
                        "type": "date",
                        "outcome": "sustained_52_weeks",
                    }
                ],
            }
        ],
    }
    with pytest.raises(ConfigError) as error:
        load_config(variant(tmp_path, returns=returns), today=datetime.date(2026, 11, 1))
    text = str(error.value)
    assert "returns.recipient" in text and "'nobody' is not one of the recipients" in text
    assert "'sustained_52_weeks' is not a key under outcomes.sustainment" in text


@pytest.mark.django_db
def test_a_new_definition_takes_over_from_its_month(world, settings, tmp_path):
    settings.CASEWORK_DOCUMENT_ROOT = tmp_path / "documents"
    returns = {
        "recipient": "government-departments",
        "purpose": "reporting",
        "definitions": [
            {"version": "v1", "effective_from": "2025-04-01"},
            {
                "version": "v2",
                "effective_from": "2026-10-01",
                "columns": [
                    {
                        "key": "ref",
                        "header": "Ref",
                        "source": "participant_reference",
                        "required": True,
                    },
                    {
                        "key": "gender",
                        "header": "Sex",
                        "source": "gender",
                        "type": "choice",
                        "allowed": ["man", "woman"],
                    },
                ],
            },
        ],
    }
    publish_register(world.programme, returns=returns)
    people = built_programme(world)
    assert services.definition_for(world.programme, datetime.date(2026, 9, 1)).version == "v1"
    definition = services.definition_for(world.programme, OCTOBER)
    assert [c.header for c in definition.columns] == ["Ref", "Sex"]
    monthly_return = services.request_build(
        by=world.user("dpo"), programme=world.programme, month=OCTOBER
    )
    built = services.build(monthly_return)
    assert built.definition_version == "v2"
    assert built.findings_sample == []  # Mo's empty gender is not required
    assert built.row_count == 3
    assert str(people["restricted"].pk) not in str(built.findings_sample)
    with pytest.raises(services.ReturnRefused, match="first is from 1 April 2025"):
        services.definition_for(world.programme, datetime.date(2025, 3, 1))
