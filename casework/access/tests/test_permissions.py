"""The role → action table, as users meet it: who may change a record, who sees nothing."""

import pytest
from django.urls import reverse

from casework.access.permissions import ROLE_ACTIONS, Action, has_permission
from casework.audit.models import AuditEvent
from casework.staff.models import Role
from casework.testing import factories
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db


def test_every_role_has_a_row_in_the_table():
    assert set(ROLE_ACTIONS) == set(Role.values)


@pytest.mark.parametrize(
    ("name", "may_edit"),
    [
        ("specialist_a", True),
        ("team_leader_a", True),
        ("manager", True),
        ("dpo", False),
        ("auditor_a", False),
        ("referrer", False),
        ("report_only", False),
    ],
)
def test_only_caseworking_roles_may_change_participants(world, name, may_edit):
    assert has_permission(world.user(name), Action.EDIT_PARTICIPANT, world.programme) is may_edit


def test_permission_is_per_programme_and_ends_when_the_account_is_disabled(world):
    specialist = world.user("specialist_a")
    other = factories.ProgrammeFactory()
    assert not has_permission(specialist, Action.VIEW_PARTICIPANT, other)
    assert has_permission(specialist, Action.VIEW_PARTICIPANT, world.programme.pk)
    specialist.is_active = False
    assert not has_permission(specialist, Action.VIEW_PARTICIPANT, world.programme)


def test_report_only_and_referrer_never_reach_participant_pages(client, world, participant_a):
    for name in ("report_only", "referrer"):
        sign_in(client, world.user(name))
        caseload = client.get(reverse("participants:caseload"), follow=True)
        # A referrer is sent to their own referrals; report-only staff to the reports (counts).
        assert caseload.status_code == 200
        home = "referrals:list" if name == "referrer" else "reports:partners"
        assert caseload.redirect_chain[-1][0] == reverse(home)
        assert b"Alice" not in caseload.content
        assert (
            client.post(reverse("participants:search"), {"q": "Archer"}, follow=True).status_code
            == 403
        )
        detail = reverse("participants:detail", args=[participant_a.pk])
        assert client.get(detail).status_code == 404
        assert client.get(reverse("api:participants")).status_code == 403


def test_auditor_sees_a_record_without_change_links_and_cannot_edit(client, world, participant_a):
    sign_in(client, world.user("auditor_a"))
    page = client.get(reverse("participants:detail", args=[participant_a.pk]))
    assert page.status_code == 200
    assert b"Alice" in page.content
    assert reverse("participants:edit", args=[participant_a.pk]).encode() not in page.content
    assert client.get(reverse("participants:edit", args=[participant_a.pk])).status_code == 403
    response = client.patch(
        reverse("api:participant", args=[participant_a.pk]),
        {"first_name": "Changed"},
        content_type="application/json",
    )
    assert response.status_code == 403
    participant_a.refresh_from_db()
    assert participant_a.first_name == "Alice"


def test_denials_reach_the_audit_trail(client, world, participant_a, participant_b):
    sign_in(client, world.user("auditor_a"))
    client.get(reverse("participants:detail", args=[participant_b.pk]))
    client.get(reverse("participants:edit", args=[participant_a.pk]))
    denials = AuditEvent.objects.filter(action="permission_denied", actor=world.user("auditor_a"))
    assert denials.filter(participant_id=str(participant_b.pk)).exists()
    assert denials.filter(purpose="edit_participant").exists()
