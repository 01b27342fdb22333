import csv
import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from casework.disclosures.models import Disclosure, DisclosureKind
from casework.documents import chunked as files
from casework.returns import services
from casework.returns.models import BuildState, FileKind, ReturnRelease
from casework.returns.testing import OCTOBER, built_programme, job
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def november():
    with time_machine.travel("2026-11-12 10:00Z", tick=False):
        yield


@pytest.fixture(autouse=True)
def own_document_store(settings, tmp_path):
    settings.CASEWORK_DOCUMENT_ROOT = tmp_path / "documents"


@pytest.fixture
def people(world):
    publish_register(world.programme, "south-midlands.yaml")
    return built_programme(world)


def built(world, by="manager", month=OCTOBER):
    monthly_return = services.request_build(
        by=world.user(by), programme=world.programme, month=month
    )
    return services.build(monthly_return)


def rows_of(monthly_return, kind=FileKind.CSV):
    name = monthly_return.files.get(kind=kind).storage_name
    text = b"".join(files.chunks(name)).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_return_has_a_row_for_everyone_referred_by_the_months_end(world, people):
    monthly_return = built(world)
    assert monthly_return.state == BuildState.BUILT
    rows = {r["Participant reference"]: r for r in rows_of(monthly_return)}
    assert set(rows) == {str(people[k].pk) for k in ("in_work", "muddled", "other")}
    ines = rows[str(people["in_work"].pk)]
    assert ines["Referral date"] == "2026-06-02"
    assert ines["Start date"] == "2026-06-10"
    assert ines["Strand"] == "out_of_work"
    assert ines["Delivery model"] == "IPS and SEQF"
    assert ines["Eligibility group"] == "disabled"
    assert ines["Age at referral"] == "36"
    assert ines["Gender"] == "woman"
    assert ines["Disabled"] == "yes"
    assert ines["Ethnicity"] == "White British"
    assert ines["Job start date"] == "2026-07-01"
    assert ines["Hours per week"] == "16"
    assert ines["Pay band (per hour)"] == "12.21 to 14.99"
    assert ines["13 weeks in work achieved on"] == "2026-10-01"
    assert ines["Local authority (ONS code)"] == "E06000032"
    olu = rows[str(people["other"].pk)]
    assert (olu["Exit date"], olu["Exit reason"]) == ("2026-09-30", "moved_away")


def test_a_restricted_participant_is_left_out(world, people):
    monthly_return = built(world)
    refs = {r["Participant reference"] for r in rows_of(monthly_return)}
    assert str(people["restricted"].pk) not in refs
    assert monthly_return.row_count == 3


def test_events_after_the_month_are_not_in_it(world, people):
    job(people["other"], datetime.date(2026, 11, 2))
    rows = {r["Participant reference"]: r for r in rows_of(built(world))}
    assert rows[str(people["other"].pk)]["Job start date"] == ""


def test_the_validation_report_names_missing_out_of_range_and_inconsistent_values(world, people):
    monthly_return = built(world)
    found = {
        (f["Participant reference"], f["Column"], f["Finding"])
        for f in rows_of(monthly_return, FileKind.FINDINGS)
    }
    mo, olu = str(people["muddled"].pk), str(people["other"].pk)
    assert (mo, "Job start date", "inconsistent") in found  # before the start date
    assert (mo, "Hours per week", "out of range") in found  # 95 > 80
    assert (olu, "13 weeks in work achieved on", "inconsistent") in found  # without a job
    assert (olu, "Disabled", "missing") not in found  # not required
    assert monthly_return.findings_by_column["job_start_date"] == {"inconsistent": 1}
    assert monthly_return.rows_with_findings == 2


def test_cells_are_formula_safe(world, people):
    people["in_work"].ethnicity = '=HYPERLINK("http://x")'
    people["in_work"].save()
    rows = {r["Participant reference"]: r for r in rows_of(built(world))}
    assert rows[str(people["in_work"].pk)]["Ethnicity"].startswith("'=")


def test_a_month_not_ended_is_refused_saying_when_it_can_be_built(world, people):
    with pytest.raises(services.ReturnRefused, match="November 2026 has not ended.*1 December"):
        services.parse_month("2026-11")
    with pytest.raises(services.ReturnRefused, match="for example 2026-10"):
        services.parse_month("October")
    assert services.parse_month("2026-10") == OCTOBER


def test_a_programme_without_a_return_definition_is_refused_saying_what_to_add(world):
    publish_register(world.programme, "kent-and-medway.yaml")
    with pytest.raises(services.ReturnRefused, match="add a `returns:` section to programmes/"):
        built(world)


def test_only_the_programme_manager_and_the_dpo_build(world, people):
    for name in ("specialist_a", "team_leader_a", "report_only", "auditor_a"):
        with pytest.raises(PermissionDenied):
            built(world, by=name)


def release(world, monthly_return):
    return services.release(by=world.user("dpo"), monthly_return=monthly_return)


def test_a_release_is_one_disclosure_of_the_people_it_covers(world, people):
    entry = release(world, built(world))
    disclosure = Disclosure.objects.get()
    assert entry.disclosure == disclosure
    assert disclosure.kind == DisclosureKind.EXTRACT
    assert disclosure.recipient_key == "government-departments"
    assert disclosure.agreement_reference == "DWP-CTW-DSA-SM"
    assert disclosure.participant_count == 3
    assert set(disclosure.participants.all()) == {
        people["in_work"],
        people["muddled"],
        people["other"],
    }
    assert disclosure.content_sha256 == entry.csv_sha256
    assert "participants.Participant.ethnicity" in disclosure.fields
    assert entry.agreement_reference == "DWP-CTW-DSA-SM"
    assert entry.definition_version == "ctw-mi-2025-04"
    assert entry.findings_total == entry.monthly_return.findings_total > 0


def test_the_programme_manager_cannot_release_past_the_gate(world, people):
    with pytest.raises(PermissionDenied):
        services.release(by=world.user("manager"), monthly_return=built(world))
    assert not ReturnRelease.objects.exists()


def test_a_resubmission_shows_rows_added_removed_and_changed(world, people):
    first = release(world, built(world))
    people["muddled"].enrolled_on = datetime.date(2026, 7, 1)
    people["muddled"].save()
    people["later"].referred_on = datetime.date(2026, 10, 30)
    people["later"].save()
    second = built(world)
    assert second.compared_with == first
    assert second.differences["added"] == 1
    assert second.differences["removed"] == 0
    assert second.differences["changed"] == 1
    assert second.differences["columns_changed"] == {"Start date": 1}
    entry = release(world, second)
    assert entry.resubmission_of == first


def test_a_build_replaced_by_a_later_one_cannot_be_released(world, people):
    first = built(world)
    built(world)
    with pytest.raises(services.ReturnRefused, match="later build"):
        release(world, first)


def test_the_dwp_role_alone_downloads_a_released_return(
    world, people, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        entry = release(world, built(world))
    # The workbook is the worker's: queued by the release, refused until it is made.
    assert DBTaskResult.objects.get().task_path == "casework.returns.tasks.make_workbook"
    dwp = world.user("report_only")
    with pytest.raises(services.ReturnRefused, match="still being made: download the CSV"):
        services.record_download(by=dwp, release=entry, kind="xlsx")
    assert services.record_download(by=dwp, release=entry, kind="csv").sha256 == entry.csv_sha256
    made = services.make_workbook(entry)
    entry.refresh_from_db()
    assert services.make_workbook(entry) == made  # once
    found = services.record_download(by=dwp, release=entry, kind="xlsx")
    assert found.sha256 == entry.xlsx_sha256 == made.sha256
    from openpyxl import load_workbook

    sheet = load_workbook(
        io.BytesIO(b"".join(files.chunks(found.storage_name))), read_only=True
    ).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        [v or None for v in row]
        for row in csv.reader(
            io.StringIO(
                b"".join(
                    files.chunks(entry.monthly_return.files.get(kind="csv").storage_name)
                ).decode("utf-8-sig")
            )
        )
    ]
    for name in ("manager", "dpo", "specialist_a"):
        with pytest.raises(PermissionDenied):
            services.record_download(by=world.user(name), release=entry, kind="csv")


def test_the_command_builds_with_a_progress_line_and_writes_the_validation_report(
    world, people, tmp_path, capsys
):
    from django.core.management import call_command

    from casework.audit.models import AuditEvent

    output = tmp_path / "october-findings.csv"
    call_command(
        "dwp_return",
        "build",
        "--programme",
        world.programme.slug,
        "--month",
        "2026-10",
        "--findings",
        str(output),
        "--user",
        "manager@council.example",
    )
    out, err = capsys.readouterr()
    assert "3 rows, 2 with findings" in out
    assert "3/3 rows" in err
    findings = output.read_text(encoding="utf-8-sig")
    assert findings.startswith("Participant reference,Column,Finding,What is wrong")
    assert str(people["in_work"].pk) not in findings  # only rows with findings
    assert AuditEvent.objects.filter(purpose="returns.findings").count() == 1


def test_the_command_writes_no_plain_copy_of_the_return(world, people, tmp_path):
    from django.core.management import CommandError, call_command

    from casework.returns.models import MonthlyReturn

    output = tmp_path / "october.csv"
    with pytest.raises(CommandError, match="release it from the build's page"):
        call_command(
            "dwp_return",
            "build",
            "--programme",
            world.programme.slug,
            "--month",
            "2026-10",
            "--output",
            str(output),
        )
    assert not output.exists()
    assert not MonthlyReturn.objects.exists()


def test_the_command_refuses_a_month_not_ended(world, people):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="November 2026 has not ended"):
        call_command(
            "dwp_return", "build", "--programme", world.programme.slug, "--month", "2026-11"
        )


@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql",
    reason="two processes share committed rows: PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_processes_build_exactly_the_file_one_process_builds(world, settings):
    publish_register(world.programme, "south-midlands.yaml")
    built_programme(world)
    settings.CASEWORK_RETURN_PROCESSES = 1
    alone = built(world)
    settings.CASEWORK_RETURN_PROCESSES = 2
    settings.CASEWORK_RETURN_PARALLEL_FROM = 1
    seen = []
    split = services.build(
        services.request_build(by=world.user("manager"), programme=world.programme, month=OCTOBER),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert split.state == BuildState.BUILT
    assert split.csv_sha256 == alone.csv_sha256
    assert rows_of(split) == rows_of(alone)
    assert rows_of(split, FileKind.FINDINGS) == rows_of(alone, FileKind.FINDINGS)
    assert split.findings_by_column == alone.findings_by_column
    assert split.findings_sample == alone.findings_sample
    assert seen[-1] == (3, 3)


@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql",
    reason="two processes share committed rows: PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_a_second_process_that_dies_fails_the_build_and_leaves_no_file(
    world, settings, monkeypatch
):
    import os

    publish_register(world.programme, "south-midlands.yaml")
    built_programme(world)
    settings.CASEWORK_RETURN_PARALLEL_FROM = 1
    monkeypatch.setattr(services, "_child_part", lambda *args: os._exit(1))
    failed = built(world)
    assert failed.state == BuildState.FAILED
    assert failed.failure == "ChildProcessError"
    assert not failed.files.exists()
    assert not list((settings.CASEWORK_DOCUMENT_ROOT).glob("*"))
