"""The retention sweep with the clock moved past each shipped programme's rules."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from casework.audit.models import AuditEvent
from casework.audit.testing import seal
from casework.disposal.models import (
    AnonymisedRecord,
    DisposalRun,
    Outcome,
    PaperFile,
    PendingFileDeletion,
    RetentionDue,
)
from casework.disposal.sweep import run_sweep
from casework.disposal.testing import HEALTH, SURNAME, load_shipped, participant_with_everything
from casework.documents import storage
from casework.participants.models import Participant

pytestmark = pytest.mark.django_db


def _remaining(participant_id) -> dict[str, int]:
    from django.apps import apps

    from casework.disposal.engine import participant_plans

    counts = {}
    for plan in participant_plans():
        model = apps.get_model(plan.model_label)
        n = model.objects.filter(**{f"{plan.owner}__in": [participant_id]}).count()
        if n:
            counts[plan.model_label] = n
    return counts


def _audit_verifies():
    seal()  # the events this test wrote, into the chain
    call_command("audit", "verify")


@pytest.mark.parametrize("slug", ["south-midlands", "kent-and-medway"])
def test_anonymised_six_years_after_the_programme_ends(slug):
    programme = load_shipped(slug)
    held = participant_with_everything(programme)
    pid = held.participant.pk
    row = RetentionDue.objects.get(participant_id=pid, record_type="participant")
    assert row.due_on == datetime.date(2036, 3, 31)

    with time_machine.travel(datetime.datetime(2036, 3, 31, 9, tzinfo=datetime.UTC)):
        run_sweep()
    assert Participant.objects.filter(pk=pid).exists(), "kept until the last day"

    with time_machine.travel(datetime.datetime(2036, 4, 1, 2, tzinfo=datetime.UTC)):
        result = run_sweep()
    assert _remaining(pid) == {}
    assert not Participant.objects.filter(pk=pid).exists()
    assert not storage._root().joinpath(held.document.storage_name).exists()
    assert not PendingFileDeletion.objects.exists()
    kept = AnonymisedRecord.objects.get(model_label="participants.Participant")
    assert kept.values["date_of_birth"] == "35-49"
    assert kept.values["postcode"] == "LU1"
    assert kept.values["referred_on"] == "2026-01"
    milestone = AnonymisedRecord.objects.get(model_label="journey.Milestone")
    assert milestone.values == {"outcome_key": "sustained_13", "achieved_on": "2026-06"}
    assert milestone.statistical_id == kept.statistical_id
    every_value = " ".join(str(r.values) for r in AnonymisedRecord.objects.all())
    assert SURNAME not in every_value and HEALTH not in every_value
    # The paper file is listed for a person to destroy, no longer linked to the person.
    paper = PaperFile.objects.get(pk=held.paper_file.pk)
    assert paper.participant_id is None and paper.destruction_due_since == datetime.date(2036, 4, 1)
    # The log: counts per type and outcome under the rule, and the register version.
    run = result.run
    assert run.register_versions == {slug: 1}
    tallies = {(t.record_type, t.outcome): t.count for t in run.tallies.all()}
    assert tallies[("participant", Outcome.ANONYMISED)] == 1
    assert tallies[("paper_file", Outcome.PAPER_LISTED)] == 1
    rule = run.tallies.get(record_type="participant").rule
    assert rule == "6 years after the programme ends: anonymise"
    event = AuditEvent.objects.get(action="disposal")
    assert str(event.participant_id) == str(pid)
    assert event.changed_fields == ["participant"]
    assert event.actor_label == "retention sweep"
    _audit_verifies()

    # Idempotent: a second sweep finds nothing due.
    with time_machine.travel(datetime.datetime(2036, 4, 1, 3, tzinfo=datetime.UTC)):
        again = run_sweep()
    assert again.due == 0 and AuditEvent.objects.filter(action="disposal").count() == 1


def test_local_london_deletes_on_30_june_2032():
    programme = load_shipped("local-london")
    held = participant_with_everything(programme)
    pid = held.participant.pk
    with time_machine.travel(datetime.datetime(2032, 6, 30, 12, tzinfo=datetime.UTC)):
        run_sweep()
    assert Participant.objects.filter(pk=pid).exists()
    with time_machine.travel(datetime.datetime(2032, 7, 1, 1, tzinfo=datetime.UTC)):
        out = io.StringIO()
        call_command("retention", "sweep", stdout=out, stderr=io.StringIO())
    assert "local-london  LUT-0001  Cabinet 3, Luton office  (due since 01 July 2032)" in (
        out.getvalue()
    )
    assert _remaining(pid) == {}
    assert not AnonymisedRecord.objects.exists(), "a delete rule keeps no statistics"
    assert not storage._root().joinpath(held.document.storage_name).exists()
    assert DisposalRun.objects.filter(kind="sweep").count() == 2
    _audit_verifies()
