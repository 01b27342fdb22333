"""Issue 9.3: break-glass for a caseload-bound role reaches only the areas its organisation
delivers in, and moving a participant to another area is its own permitted, audited step."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from casework.access import services as access_services
from casework.access.models import BreakGlassGrant
from casework.access.selectors import participants_visible_to
from casework.audit.models import AuditEvent
from casework.participants import services
from casework.programmes.models import OrganisationRole, ProgrammeOrganisation
from casework.staff.models import Role
from casework.testing import factories
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def body_delivers(world):
    """The accountable body also delivers, as a joint controller, in its own area C; it has a
    specialist, and that specialist has one participant of their own there."""
    area_c = factories.AreaFactory(code="E06000062", name="West Northamptonshire")
    world.programme.areas.add(area_c)
    link = ProgrammeOrganisation.objects.create(
        programme=world.programme,
        organisation=world.accountable_body,
        role=OrganisationRole.JOINT_CONTROLLER,
    )
    link.areas.add(area_c)
    specialist = factories.StaffUserFactory(
        email="specialist_body@council.example", organisation=world.accountable_body
    )
    factories.MembershipFactory(
        user=specialist, programme=world.programme, role=Role.EMPLOYMENT_SPECIALIST
    )
    world.users["specialist_body"] = specialist
    world.area_c = area_c
    own = factories.ParticipantFactory(
        programme=world.programme,
        area=area_c,
        responsible_organisation=world.accountable_body,
        assigned_specialist=specialist,
        first_name="Dee",
        last_name="Dawson",
    )
    return own


def test_break_glass_of_a_caseload_bound_role_stops_at_the_areas_it_delivers_in(
    world, body_delivers, participant_b
):
    specialist = world.user("specialist_body")
    colleague_case = factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_c,
        responsible_organisation=world.accountable_body,
        assigned_specialist=None,
    )
    access_services.open_break_glass(
        actor=specialist, participant=colleague_case, reason="covering_caseload"
    )
    with pytest.raises(Http404):  # another council's participant
        access_services.open_break_glass(
            actor=specialist, participant=participant_b, reason="covering_caseload"
        )
    # Even a grant that exists (made before this rule) adds nothing outside those areas.
    BreakGlassGrant.objects.create(
        user=specialist,
        participant=participant_b,
        reason="covering_caseload",
        granted_at=datetime.datetime.now(datetime.UTC),
        expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=30),
    )
    visible = set(participants_visible_to(specialist))
    assert colleague_case in visible and body_delivers in visible
    assert participant_b not in visible


def test_an_edit_cannot_move_a_participant_to_another_area(client, world, body_delivers):
    specialist = world.user("specialist_body")
    with pytest.raises(ValidationError, match="Move to another area"):
        services.update_participant(
            actor=specialist,
            participant=body_delivers,
            area=world.area_b,
            responsible_organisation=world.org_b,
        )
    body_delivers.refresh_from_db()
    assert body_delivers.area == world.area_c
    sign_in(client, specialist)
    response = client.patch(
        reverse("api:participant", args=[body_delivers.pk]),
        {"area": world.area_b.code},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Move to another area" in str(response.json())
    body_delivers.refresh_from_db()
    assert body_delivers.area == world.area_c


def test_moving_between_areas_is_its_own_permitted_and_audited_step(client, world, participant_a):
    with pytest.raises(PermissionDenied):  # a specialist may not
        services.move_participant(
            actor=world.user("specialist_a"),
            participant=participant_a,
            area=world.area_b,
            responsible_organisation=world.org_b,
            reason="Moved to Milton Keynes",
        )
    with pytest.raises(ValidationError, match="why"):
        services.move_participant(
            actor=world.user("team_leader_a"),
            participant=participant_a,
            area=world.area_b,
            responsible_organisation=world.org_b,
            reason=" ",
        )
    sign_in(client, world.user("team_leader_a"))
    page = reverse("participants:move", args=[participant_a.pk])
    assert client.get(page).status_code == 200
    response = client.post(
        page,
        {
            "area": world.area_b.pk,
            "responsible_organisation": world.org_b.pk,
            "reason": "Moved house to Milton Keynes",
        },
    )
    assert response.status_code == 302
    participant_a.refresh_from_db()
    assert participant_a.area == world.area_b
    assert participant_a.responsible_organisation == world.org_b
    assert participant_a.assigned_specialist is None  # the new partner allocates them
    event = AuditEvent.objects.filter(purpose="participant.move").get()
    assert event.participant_id == participant_a.pk
    assert set(event.changed_fields) >= {"area", "responsible_organisation"}
    assert participant_a in set(participants_visible_to(world.user("team_leader_b")))
    assert participant_a not in set(participants_visible_to(world.user("team_leader_a")))


def test_the_move_page_is_refused_to_a_specialist_and_404_outside_reach(
    client, world, participant_a, participant_b
):
    sign_in(client, world.user("specialist_a"))
    assert client.get(reverse("participants:move", args=[participant_a.pk])).status_code == 403
    sign_in(client, world.user("team_leader_a"))
    assert client.get(reverse("participants:move", args=[participant_b.pk])).status_code == 404


def test_the_api_moves_a_participant_as_its_own_step(client, world, participant_a):
    sign_in(client, world.user("team_leader_a"))
    url = reverse("api:participant-move", args=[participant_a.pk])
    refused = client.post(url, {"area": world.area_b.code}, content_type="application/json")
    assert refused.status_code == 400
    assert "reason" in refused.json()
    response = client.post(
        url,
        {
            "area": world.area_b.code,
            "responsible_organisation": world.org_b.pk,
            "reason": "Moved house",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    participant_a.refresh_from_db()
    assert participant_a.area == world.area_b
    assert AuditEvent.objects.filter(purpose="participant.move").count() == 1
