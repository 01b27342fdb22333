"""The Art 30 record of processing (CSV and XLSX, read back with openpyxl) and the fideslang
manifest, validated with the fideslang package."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from fideslang.parse import load_manifests_into_taxonomy
from fideslang.relationships import get_referenced_missing_keys
from openpyxl import load_workbook

from casework.programmes.models import Organisation, Programme
from casework.register import fides, ropa
from casework.register.config import load_config
from casework.staff.models import Role
from casework.testing import factories
from casework.testing.auth import sign_in
from casework.testing.exports import csv_rows

PROGRAMMES = Path(__file__).resolve().parents[3] / "programmes"
SLUGS = sorted(p.stem for p in PROGRAMMES.glob("*.yaml"))


@pytest.fixture
def kent_dpo(db):
    call_command("programme", "load", str(PROGRAMMES / "kent-and-medway.yaml"))
    user = factories.StaffUserFactory(
        organisation=Organisation.objects.get(name="Kent County Council")
    )
    factories.MembershipFactory(
        user=user,
        programme=Programme.objects.get(slug="kent-and-medway"),
        role=Role.DATA_PROTECTION_OFFICER,
    )
    return user


def test_the_xlsx_opens_with_the_ico_columns_and_a_row_per_purpose(client, kent_dpo):
    sign_in(client, kent_dpo)
    response = client.get("/programmes/kent-and-medway/register/record-of-processing.xlsx")
    assert response.status_code == 200
    assert "kent-and-medway-record-of-processing-v1.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    header, rows = table[0], table[1:]
    for column in (
        "Name and contact details of controller",
        "Contact details of Data Protection Officer",
        "Purpose of processing",
        "Article 6 lawful basis for processing personal data",
        "Article 9 basis for processing special category data",
        "DPA 2018 Schedule 1 condition for processing",
        "Categories of individuals",
        "Categories of personal data",
        "Categories of recipients",
        "Retention schedule",
        "General description of technical and organisational security measures",
        "Rights available to individuals",
        "Source of the personal data",
        "Link to contract with processor or data-sharing agreement",
    ):
        assert column in header
    assert len(rows) == 6
    eligibility = dict(zip(header, rows[0], strict=True))
    assert eligibility["Purpose of processing"] == (
        "Assess your eligibility and suitability for the programme"
    )
    assert eligibility["Article 9 basis for processing special category data"].startswith(
        "Article 9(2)(g)"
    )
    assert (
        "Benjamin Watts; dpo@kent.gov.uk"
        in eligibility["Contact details of Data Protection Officer"]
    )
    # Public task: erasure is limited (Article 17(3)(b)); portability does not apply.
    assert "Right to erasure (in part)" in eligibility["Rights available to individuals"]
    assert "portability" not in eligibility["Rights available to individuals"]
    assert "Right to object" in eligibility["Rights available to individuals"]


def test_the_csv_has_the_same_rows(client, kent_dpo):
    sign_in(client, kent_dpo)
    response = client.get("/programmes/kent-and-medway/register/record-of-processing.csv")
    rows = csv_rows(response)
    assert rows[0] == ropa.COLUMNS
    assert [r[4] for r in rows[1:]][-1] == "Ensure compliance with funding and legal requirements"


def test_cells_that_look_like_formulas_are_escaped(tmp_path):
    text = (PROGRAMMES / "kent-and-medway.yaml").read_text()
    path = tmp_path / "kent.yaml"
    path.write_text(
        text.replace(
            "description: Provide tailored employment support",
            "description: '=HYPERLINK(\"http://evil.example\")'",
        )
    )
    config = load_config(path)
    sheet = load_workbook(io.BytesIO(ropa.as_xlsx(config))).active
    cell = sheet.cell(row=3, column=5)
    assert (cell.value, cell.data_type) == ('\'=HYPERLINK("http://evil.example")', "s")
    assert "'=HYPERLINK" in ropa.as_csv(config)


def test_the_record_of_processing_is_not_for_caseworkers(client, kent_dpo, world):
    programme = Programme.objects.get(slug="kent-and-medway")
    specialist = factories.StaffUserFactory(organisation=kent_dpo.organisation)
    factories.MembershipFactory(user=specialist, programme=programme)
    sign_in(client, specialist)
    assert (
        client.get("/programmes/kent-and-medway/register/record-of-processing.csv").status_code
        == 403
    )
    sign_in(client, world.user("dpo"))
    assert (
        client.get("/programmes/kent-and-medway/register/record-of-processing.csv").status_code
        == 404
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_the_fideslang_manifest_validates_and_every_key_resolves(slug):
    manifest = fides.manifest(load_config(PROGRAMMES / f"{slug}.yaml"))
    taxonomy = load_manifests_into_taxonomy(manifest)
    defaults = {
        item.fides_key
        for kind in ("data_category", "data_use", "data_subject")
        for item in getattr(DEFAULT_TAXONOMY, kind)
    }
    assert get_referenced_missing_keys(taxonomy) - defaults == set()
    system = taxonomy.system[0]
    assert system.fides_key == slug.replace("-", "_")
    assert {d.data_use for d in system.privacy_declarations} <= (defaults | set(fides.EXTRA_USES))


def test_the_fideslang_declarations_carry_the_lawful_bases():
    manifest = fides.manifest(load_config(PROGRAMMES / "local-london.yaml"))
    declarations = {d["name"]: d for d in manifest["system"][0]["privacy_declarations"]}
    ics = declarations[
        "To support you with the management of health via an Integrated Care System to improve "
        "your health and wellbeing"
    ]
    assert ics["legal_basis_for_processing"] == "Consent"
    assert ics["special_category_legal_basis"] == "Explicit consent"
    assert "user.health_and_medical" in ics["data_categories"]


def test_the_api_gives_the_register_and_its_fideslang_manifest_without_sign_in(client, db):
    call_command("programme", "load", str(PROGRAMMES / "local-london.yaml"))
    register = client.get("/api/programmes/local-london/register/").json()
    assert register["number"] == 1
    assert register["config"]["retention"][0]["date"] == "2032-06-30"
    manifest = client.get("/api/programmes/local-london/register/fideslang").json()
    assert manifest["system"][0]["fides_key"] == "local_london"
    assert client.get("/api/programmes/local-london/register/?version=2").status_code == 404
