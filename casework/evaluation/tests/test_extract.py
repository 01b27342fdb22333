"""The evaluation extract on a built programme: its k and l match pycanon's measure of the file,
small groups are suppressed, restricted and objecting people are absent, the release is one
entry in the disclosure log, and bad input is refused with what to change."""

import csv
import datetime
import io

import pandas as pd
import pytest
from django.utils import timezone
from pycanon import anonymity as pycanon

from casework.disclosures.models import Disclosure, DisclosureKind
from casework.documents import chunked
from casework.evaluation import services
from casework.evaluation.models import ExtractRelease, ExtractStatus
from casework.evaluation.tests.conftest import evaluation_register
from casework.rights.models import Objection, ObjectionDecision, Restriction
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 6, 30)


def build(dpo, programme, series="Evaluation 2026"):
    extract = services.request_extract(by=dpo, programme=programme, series_name=series, as_of=AS_OF)
    return services.build_extract(extract)


def released_rows(extract) -> pd.DataFrame:
    content = chunked.read_all(extract.file_name).decode("utf-8-sig")
    return pd.DataFrame(list(csv.DictReader(io.StringIO(content))))


LABELS = {
    "age": "Age band",
    "gender": "Gender",
    "area": "Local authority",
    "referred_month": "Month referred",
    "disability": "Considers themselves disabled",
    "ethnicity": "Ethnicity",
}


def test_k_and_l_match_pycanon(world, dpo, cohort):
    evaluation_register(
        world.programme,
        columns=["age", "gender", "area", "referred_month", "disability", "ethnicity"],
        k=5,
        l=2,
        max_suppression=0.1,
    )
    extract = build(dpo, world.programme)
    assert extract.status == ExtractStatus.BUILT, extract.refusal
    report = extract.report
    frame = released_rows(extract)
    qi = [LABELS[c] for c in ("age", "gender", "area", "referred_month")]
    assert len(frame) == report["released"] == 160 - report["suppressed"]
    assert report["k"] >= 5
    assert pycanon.k_anonymity(frame, qi) == report["k"]
    for column in ("disability", "ethnicity"):
        assert pycanon.l_diversity(frame, qi, [LABELS[column]]) == report["l"][column]
        assert report["l"][column] >= 2
    # Some generalisation happened: 160 people cannot be 5-anonymous by exact month and band.
    assert sum(report["levels"].values()) > 0
    assert 0 < report["precision_loss"] <= 1


def test_small_groups_are_suppressed_and_counted(world, dpo, cohort):
    # Four people "in another way" (gender): no generalisation of the other columns makes them
    # a group of 5 while gender is released as recorded, so they go, within the 5% allowed.
    evaluation_register(
        world.programme,
        columns=["gender", "area", "disability"],
        quasi_identifiers=["gender", "area"],
        sensitive=["disability"],
        k=5,
        l=1,
        max_suppression=0.05,
    )
    extract = build(dpo, world.programme)
    assert extract.status == ExtractStatus.BUILT, extract.refusal
    frame = released_rows(extract)
    assert extract.report["suppressed"] == 4
    assert "In another way" not in set(frame["Gender"])
    assert extract.report["levels"] == {"gender": 0, "area": 0}
    assert pycanon.k_anonymity(frame, ["Gender", "Local authority"]) >= 5


def test_too_much_suppression_is_refused_with_what_to_change(world, dpo, cohort):
    # Four people "in another way": with no suppression allowed, only withholding gender
    # altogether would meet k, which the programme has not allowed.
    definition = {
        "columns": ["gender", "area", "disability"],
        "quasi_identifiers": ["gender", "area"],
        "sensitive": ["disability"],
        "k": 5,
        "l": 1,
        "max_suppression": 0.0,
    }
    evaluation_register(world.programme, **definition)
    refused = build(dpo, world.programme)
    assert refused.status == ExtractStatus.REFUSED
    assert "would leave out 4 of 160 records (2.5%)" in refused.refusal
    assert "raise evaluation.max_suppression to at least 0.026" in refused.refusal
    assert not refused.file_name
    # Allowed to withhold a column, it releases gender as "*" and suppresses no one.
    evaluation_register(world.programme, **definition, withhold_allowed=True)
    extract = build(dpo, world.programme, series="Withheld")
    assert extract.status == ExtractStatus.BUILT
    assert extract.report["levels"]["gender"] == 1
    assert set(released_rows(extract)["Gender"]) == {"*"}
    assert extract.report["suppressed"] == 0


def test_restricted_and_objecting_people_are_absent(world, dpo, cohort):
    evaluation_register(world.programme, max_suppression=0.5)
    restricted, objecting, objection_refused = list(cohort.order_by("first_name")[:3])
    Restriction.objects.create(participant=restricted, started_at=timezone.now())
    Objection.objects.create(
        participant=objecting,
        purpose="evaluation",
        received_on=AS_OF,
        decision=ObjectionDecision.PENDING,
    )
    Objection.objects.create(
        participant=objection_refused,
        purpose="evaluation",
        received_on=AS_OF,
        decision=ObjectionDecision.NOT_UPHELD,
    )
    extract = build(dpo, world.programme)
    assert extract.status == ExtractStatus.BUILT, extract.refusal
    assert extract.report["restricted_left_out"] == 1
    assert extract.report["objecting_left_out"] == 1
    members = set(services.member_ids(extract))
    assert restricted.pk not in members
    assert objecting.pk not in members
    pseudonym = services.pseudonymiser(extract.series)
    names = set(released_rows(extract)["Pseudonym"])
    assert pseudonym(restricted.pk) not in names
    assert pseudonym(objecting.pk) not in names
    # Only referred, never enrolled: not in the extract either.
    assert len(members) + extract.report["suppressed"] == 158


def test_release_is_one_disclosure_and_logged(world, dpo, cohort):
    evaluation_register(world.programme, max_suppression=0.5)
    extract = build(dpo, world.programme)
    release = services.release_extract(by=dpo, extract=extract)
    disclosure = Disclosure.objects.get()
    assert disclosure.kind == DisclosureKind.EXTRACT
    assert disclosure.purpose == "evaluation"
    assert disclosure.agreement_reference == "DWP-CTW-DSA-SM"
    assert disclosure.participants.count() == extract.rows
    assert "participants.Participant.date_of_birth" in disclosure.fields
    content = b"".join(services.released_file(by=dpo, extract=extract))
    import hashlib

    assert release.sha256 == disclosure.content_sha256 == hashlib.sha256(content).hexdigest()
    assert release.version == 1
    assert release.released_by == dpo
    assert release.risk["k"] == extract.report["k"]
    assert ExtractRelease.objects.count() == 1
    extract.refresh_from_db()
    assert extract.status == ExtractStatus.RELEASED
    with pytest.raises(services.ExtractRefused):
        services.release_extract(by=dpo, extract=extract)


def test_a_release_refused_by_the_gate_records_nothing(world, dpo, cohort):
    evaluation_register(world.programme, max_suppression=0.5)
    extract = build(dpo, world.programme)
    member = services.member_ids(extract)[0]
    Restriction.objects.create(participant_id=member, started_at=timezone.now())
    with pytest.raises(services.ExtractRefused, match="Build a new extract"):
        services.release_extract(by=dpo, extract=extract)
    assert not Disclosure.objects.exists()
    assert not ExtractRelease.objects.exists()


def test_pseudonyms_stable_in_a_series_and_unlinkable_across(world, dpo, cohort):
    evaluation_register(world.programme, max_suppression=0.5)
    first = build(dpo, world.programme, "Series A")
    second = build(dpo, world.programme, "Series A")
    other = build(dpo, world.programme, "Series B")
    assert second.version == 2
    a, b, c = (set(released_rows(e)["Pseudonym"]) for e in (first, second, other))
    assert a == b
    assert not a & c
    assert "Person" not in chunked.read_all(first.file_name).decode()


def test_default_columns_follow_the_register(world, dpo, cohort):
    # South Midlands' evaluation purpose declares no identity data: age and gender stay out.
    publish_register(world.programme, "south-midlands.yaml")
    definition = services.definition_for(world.programme)
    assert "age" not in definition.columns and "gender" not in definition.columns
    assert definition.sensitive == ["disability", "ethnicity"]
    assert definition.recipient_key == "government-departments"


def test_a_column_outside_the_purpose_is_refused(world, dpo, cohort):
    publish_register(world.programme, "south-midlands.yaml", evaluation={"columns": ["age"]})
    with pytest.raises(services.ExtractRefused, match="take it out of evaluation.columns"):
        services.request_extract(by=dpo, programme=world.programme, series_name="X")


def test_a_programme_without_an_evaluation_purpose_is_refused(world, dpo):
    publish_register(world.programme, "orkney-employability.yaml")
    with pytest.raises(services.ExtractRefused, match="agreement covers the purpose"):
        services.request_extract(by=dpo, programme=world.programme, series_name="X")


def test_only_the_dpo_may_build(world, cohort):
    from django.core.exceptions import PermissionDenied

    evaluation_register(world.programme)
    with pytest.raises(PermissionDenied):
        services.request_extract(
            by=world.user("manager"), programme=world.programme, series_name="X"
        )
