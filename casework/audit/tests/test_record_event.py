"""record_event: one event per call, in the caller's transaction, sealed into the keyed chain
afterwards by seal_events."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test import RequestFactory, override_settings

from casework.audit import chain
from casework.audit.models import Action, AuditChainHead, AuditEvent, Purpose
from casework.audit.services import record_event, record_events
from casework.audit.testing import seal
from casework.register.fields import NOT_PERSONAL, PERSONAL_FIELDS

pytestmark = pytest.mark.django_db


def recomputed_hash(event: AuditEvent) -> str:
    event = AuditEvent.objects.get(pk=event.pk)  # as stored
    values = [getattr(event, name) for name in chain.CHAINED_FIELDS]
    return chain.event_hash(chain.audit_key(), values)


def test_events_are_written_unsealed_then_numbered_and_chained_in_id_order(world, participant_a):
    user = world.user("specialist_a")
    first = record_event(
        actor=user, action=Action.PARTICIPANT_READ, participant=participant_a, purpose="x"
    )
    second = record_event(
        actor=user, action=Action.PARTICIPANT_SEARCH, participants=[participant_a], purpose="y"
    )
    assert second.pk > first.pk
    assert AuditEvent.objects.filter(sequence=None, hash=None).count() == 2
    assert seal() == 2
    first, second = AuditEvent.objects.get(pk=first.pk), AuditEvent.objects.get(pk=second.pk)
    assert first.previous_hash == chain.GENESIS_HASH
    assert second.sequence == first.sequence + 1
    assert second.previous_hash == first.hash
    assert recomputed_hash(first) == first.hash
    assert recomputed_hash(second) == second.hash
    stored = AuditEvent.objects.get(pk=second.pk)
    assert stored.participant_ids == [str(participant_a.pk)]
    assert stored.actor == user and stored.actor_label == user.email


def test_sealing_again_seals_only_the_new_events_after_the_head(world):
    record_event(actor=world.user("dpo"), action=Action.SIGN_IN, purpose=Purpose.SIGN_IN)
    assert seal() == 1
    head = AuditChainHead.objects.get()
    assert seal() == 0
    assert record_events(events=[{"action": Action.DISPOSAL, "purpose": "erasure"}] * 3) == 3
    assert seal() == 3
    chained = list(AuditEvent.objects.order_by("sequence").values_list("sequence", "previous_hash"))
    assert chained[1] == (head.sequence + 1, head.hash)
    assert AuditChainHead.objects.get().sequence == head.sequence + 3


def test_the_hash_depends_on_the_key(world):
    event = record_event(actor=world.user("dpo"), action=Action.SIGN_IN, purpose=Purpose.SIGN_IN)
    seal()
    event = AuditEvent.objects.get(pk=event.pk)
    with override_settings(CASEWORK_AUDIT_KEY="another-key"):
        assert recomputed_hash(event) != event.hash


def test_only_changed_field_names_are_kept(world, participant_a):
    event = record_event(
        actor=world.user("specialist_a"),
        action=Action.PARTICIPANT_UPDATE,
        participant=participant_a,
        purpose=Purpose.EDITING,
        changed_fields=["phone", "first_name", "phone"],
    )
    assert AuditEvent.objects.get(pk=event.pk).changed_fields == ["first_name", "phone"]


def test_where_the_request_came_from_is_recorded(world):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Firefox\x00/1")
    event = record_event(
        actor=world.user("dpo"), action=Action.SIGN_IN, purpose=Purpose.SIGN_IN, request=request
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.source_ip, stored.user_agent) == ("203.0.113.9", "Firefox/1")


def test_a_failed_audit_write_rolls_back_the_callers_work(world):
    user = world.user("specialist_a")
    with (
        override_settings(CASEWORK_AUDIT_KEY=""),
        pytest.raises(ImproperlyConfigured),
        transaction.atomic(),
    ):
        user.first_name = "Changed"
        user.save()
        record_event(actor=user, action=Action.SIGN_IN, purpose=Purpose.SIGN_IN)
    user.refresh_from_db()
    assert user.first_name != "Changed"
    assert not AuditEvent.objects.filter(action=Action.SIGN_IN, actor=user).exists()


@pytest.mark.parametrize(
    "model", ["audit.AuditEvent", "audit.AuditChainHead", "audit.Alert", "core.EncryptionCanary"]
)
def test_every_audit_field_is_declared_in_the_register(model):
    from django.apps import apps

    declared = set(PERSONAL_FIELDS.get(model, {})) | set(NOT_PERSONAL.get(model, {}))
    fields = {f.name for f in apps.get_model(model)._meta.get_fields() if f.concrete}
    assert fields == declared
