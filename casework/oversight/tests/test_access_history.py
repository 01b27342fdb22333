"""A participant's access history: who opened or changed the record, when, how and why. Seen by
the DPO, programme managers and auditors for participants in their scope; 404 outside it."""

import pytest
from django.urls import reverse
from markupsafe import escape

from casework.audit.models import Action, AuditEvent, Purpose
from casework.participants import selectors
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db


def history_url(participant):
    return reverse("audit:access-history", args=[participant.pk])


@pytest.fixture
def accessed(world, participant_a, participant_b):
    """specialist_a opened Alice's record and found her in a search; Bob was opened by B."""
    selectors.get_participant(world.user("specialist_a"), participant_a.pk)
    selectors.search(world.user("team_leader_a"), "Archer")
    selectors.get_participant(world.user("specialist_b"), participant_b.pk)
    return participant_a


@pytest.mark.parametrize("role", ["dpo", "team_leader_a", "auditor_a"])
def test_oversight_roles_see_who_accessed_the_record_and_why(client, world, accessed, role):
    sign_in(client, world.user(role))
    response = client.get(history_url(accessed))
    assert response.status_code == 200
    page = response.content.decode()
    specialist, leader = world.user("specialist_a"), world.user("team_leader_a")
    assert escape(specialist.get_full_name()) in page
    assert escape(leader.get_full_name()) in page
    assert "Read a participant&#39;s record" in page and "Searched for participants" in page
    assert "Case management" in page and "Finding a participant" in page
    assert escape(world.user("specialist_b").get_full_name()) not in page  # that was Bob's record


def test_looking_at_the_history_is_itself_recorded(client, world, accessed):
    sign_in(client, world.user("dpo"))
    client.get(history_url(accessed))
    event = AuditEvent.objects.exclude(action=Action.SIGN_IN).last()
    assert (event.action, event.purpose, event.participant_id) == (
        Action.PARTICIPANT_READ,
        Purpose.ACCESS_REVIEW,
        accessed.pk,
    )
    assert "Reviewing who accessed the record" in client.get(history_url(accessed)).text


@pytest.mark.parametrize("role", ["specialist_a", "manager", "referrer"])
def test_other_roles_cannot_see_it(client, world, participant_a, role):
    sign_in(client, world.user(role))
    response = client.get(history_url(participant_a))
    # Caseworkers who can see Alice are refused (403); a referrer cannot see her at all (404).
    assert response.status_code == (404 if role == "referrer" else 403)
    assert b"Alice" not in response.content


def test_out_of_scope_answers_404_and_is_recorded(client, world, participant_b):
    auditor = world.user("auditor_a")
    sign_in(client, auditor)
    response = client.get(history_url(participant_b))
    assert response.status_code == 404
    assert b"Bob Baker" not in response.content and b"Baker" not in response.content
    assert AuditEvent.objects.filter(
        actor=auditor, action=Action.PERMISSION_DENIED, participant_id=participant_b.pk
    ).exists()


def test_the_record_links_to_its_history_only_for_those_who_may_see_it(
    client, world, participant_a
):
    link = history_url(participant_a).encode()
    sign_in(client, world.user("dpo"))
    assert link in client.get(reverse("participants:detail", args=[participant_a.pk])).content
    sign_in(client, world.user("manager"))
    page = client.get(reverse("participants:detail", args=[participant_a.pk]))
    assert link not in page.content


def test_anonymous_visitors_are_sent_to_sign_in(client, participant_a):
    response = client.get(history_url(participant_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("staff:sign-in"))
