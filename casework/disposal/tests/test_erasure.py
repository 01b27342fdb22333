"""Erasure of one participant runs the same plans at once, logs it and leaves a tombstone."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from casework.audit.models import AuditEvent
from casework.audit.testing import seal
from casework.breaches.models import Breach
from casework.disclosures.models import SafeguardingDisclosure
from casework.disposal.models import (
    AnonymisedRecord,
    DisposalRun,
    ErasureTombstone,
    HoldReason,
    Outcome,
    PaperFile,
    RunKind,
)
from casework.disposal.services import erase_participant, place_hold
from casework.disposal.testing import SURNAME, participant_with_everything
from casework.documents import storage
from casework.participants.models import Participant
from casework.rights.models import Objection, Restriction
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db


def test_erasure_removes_everything_and_leaves_a_tombstone(
    world, django_capture_on_commit_callbacks
):
    publish_register(world.programme)
    held = participant_with_everything(world.programme)
    pid = held.participant.pk
    dpo = world.user("dpo")
    with django_capture_on_commit_callbacks(execute=True):
        tombstone = erase_participant(
            by=dpo,
            participant=held.participant,
            reason="Art 17 request upheld",
            request_reference="RR-2026-004",
        )
    assert not Participant.objects.filter(pk=pid).exists()
    # The rights and data protection records that were theirs go too; the breach register keeps
    # its count of the people affected, now counting them as one it cannot name.
    assert not SafeguardingDisclosure.objects.filter(participant_id=pid).exists()
    assert not Restriction.objects.filter(participant_id=pid).exists()
    assert not Objection.objects.filter(participant_id=pid).exists()
    breach = Breach.objects.get(reference=f"B-{pid.hex[:8]}")
    assert (breach.people.count(), breach.unidentified_people) == (0, 1)
    assert not storage._root().joinpath(held.document.storage_name).exists()
    assert not AnonymisedRecord.objects.exists(), "erasure keeps no statistics"
    assert PaperFile.objects.get(pk=held.paper_file.pk).destruction_due_since is not None
    assert (tombstone.participant_id, tombstone.request_reference) == (pid, "RR-2026-004")
    run = DisposalRun.objects.get(kind=RunKind.ERASURE)
    assert run.started_by == dpo and run.request_reference == "RR-2026-004"
    assert run.tallies.get(record_type="participant").outcome == Outcome.DELETED
    event = AuditEvent.objects.get(action="disposal")
    assert (event.actor, event.purpose, str(event.participant_id)) == (dpo, "erasure", str(pid))
    assert SURNAME not in str(ErasureTombstone.objects.values().get())
    seal()  # the events this test wrote, into the chain
    call_command("audit", "verify")


def test_erasure_is_refused_under_a_hold_and_for_other_roles(world):
    publish_register(world.programme)
    person = participant_with_everything(world.programme).participant
    with pytest.raises(PermissionDenied):
        erase_participant(
            by=world.user("specialist_a"), participant=person, reason="x", request_reference="RR-1"
        )
    place_hold(
        actor=world.user("dpo"),
        programme=world.programme,
        participant=person,
        reason=HoldReason.LITIGATION,
        review_on=datetime.date(2099, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        erase_participant(by=world.user("dpo"), participant=person, reason="", request_reference="")
    assert set(error.value.message_dict) == {"participant", "reason", "request_reference"}
    assert "legal hold" in error.value.message_dict["participant"][0]
    assert Participant.objects.filter(pk=person.pk).exists()
