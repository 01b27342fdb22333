"""The seed of the rights casework: restriction (Art 18) and objection (Art 21), recorded by the
DPO, audited, and read by the disclosure gate."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.rights import selectors, services
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db


def test_a_restriction_is_in_force_until_lifted_and_each_step_is_audited(world, participant_a):
    dpo = world.user("dpo")
    assert not selectors.is_restricted(participant_a)
    restriction = services.restrict(actor=dpo, participant=participant_a, reason="Accuracy")
    assert selectors.is_restricted(participant_a)
    with pytest.raises(ValidationError, match="already restricted"):
        services.restrict(actor=dpo, participant=participant_a, reason="Again")
    services.lift_restriction(
        actor=dpo, restriction=restriction, told_on=timezone.localdate(), told_how="Letter"
    )
    assert not selectors.is_restricted(participant_a)
    purposes = list(
        AuditEvent.objects.filter(participant_id=participant_a.pk).values_list("purpose", flat=True)
    )
    assert purposes == ["rights.restriction.start", "rights.restriction.lift"]


def test_an_objection_stops_its_purpose_while_pending_and_once_upheld(world, participant_a):
    publish_register(world.programme)
    dpo = world.user("dpo")
    with pytest.raises(ValidationError):
        services.record_objection(actor=dpo, participant=participant_a, purpose="no-such")
    objection = services.record_objection(actor=dpo, participant=participant_a, purpose="support")
    assert selectors.objected_purposes(participant_a) == {"support"}
    services.decide_objection(actor=dpo, objection=objection, decision="upheld")
    assert selectors.objected_purposes(participant_a) == {"support"}
    services.decide_objection(
        actor=dpo, objection=objection, decision="not_upheld", reasons="Safeguarding"
    )
    assert selectors.objected_purposes(participant_a) == set()


def test_only_roles_that_manage_rights_requests_record_them(world, participant_a):
    with pytest.raises(PermissionDenied):
        services.restrict(actor=world.user("specialist_a"), participant=participant_a, reason="x")


def test_the_query_level_filters_leave_out_restricted_and_objecting_participants(
    world, participant_a, participant_b
):
    from casework.journey.models import Job
    from casework.participants.models import Participant

    publish_register(world.programme)
    dpo = world.user("dpo")
    both = Participant.objects.filter(pk__in=[participant_a.pk, participant_b.pk])
    restriction = services.restrict(actor=dpo, participant=participant_a, reason="Accuracy")
    assert list(selectors.without_restricted(both)) == [participant_b]
    jobs = Job.objects.filter(participant__in=both)
    assert str(selectors.without_restricted(jobs, "participant__").query).count("EXISTS") == 1
    services.lift_restriction(
        actor=dpo, restriction=restriction, told_on=timezone.localdate(), told_how="Letter"
    )
    assert set(selectors.without_restricted(both)) == {participant_a, participant_b}
    services.record_objection(actor=dpo, participant=participant_b, purpose="support")
    assert list(selectors.without_objecting(both, "support")) == [participant_a]
    assert set(selectors.without_objecting(both, "evaluation")) == {participant_a, participant_b}
