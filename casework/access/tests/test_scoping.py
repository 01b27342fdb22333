"""Who sees which participant: the one scoping selector, through pages and API alike."""

import pytest
from django.urls import reverse

from casework.access.selectors import participants_visible_to
from casework.testing import factories
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db


def visible_names(user):
    return sorted(p.first_name for p in participants_visible_to(user))


def test_specialist_sees_only_their_own_caseload(world, participant_a, participant_b):
    colleague_case = factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a2"),
        first_name="Carol",
    )
    assert visible_names(world.user("specialist_a")) == ["Alice"]
    assert visible_names(world.user("specialist_a2")) == [colleague_case.first_name]


def test_team_leader_sees_their_teams_caseloads_and_the_unassigned_in_their_areas(
    world, participant_a, participant_b
):
    other_team = factories.TeamFactory(programme=world.programme, organisation=world.org_a)
    outsider = factories.StaffUserFactory(organisation=world.org_a)
    factories.MembershipFactory(
        user=outsider, programme=world.programme, role="employment_specialist", team=other_team
    )

    def case(first_name, specialist, area=world.area_a):
        factories.ParticipantFactory(
            programme=world.programme,
            area=area,
            responsible_organisation=world.org_a,
            assigned_specialist=specialist,
            first_name=first_name,
        )

    case("Carol", world.user("specialist_a2"))  # same team
    case("Dan", None)  # not assigned yet
    case("Erin", outsider)  # another team in the same council
    case("Fay", None, area=world.area_b)  # unassigned, but in partner B's area
    assert visible_names(world.user("team_leader_a")) == ["Alice", "Carol", "Dan"]
    assert visible_names(world.user("team_leader_b")) == ["Bob", "Fay"]


def test_partner_staff_see_only_their_own_geography(world, participant_a, participant_b):
    assert visible_names(world.user("team_leader_a")) == ["Alice"]
    assert visible_names(world.user("auditor_a")) == ["Alice"]
    assert visible_names(world.user("team_leader_b")) == ["Bob"]


def test_accountable_body_sees_the_whole_programme(world, participant_a, participant_b):
    assert visible_names(world.user("manager")) == ["Alice", "Bob"]
    assert visible_names(world.user("dpo")) == ["Alice", "Bob"]


def test_referrers_report_only_inactive_users_and_strangers_see_nobody(
    world, participant_a, participant_b
):
    assert visible_names(world.user("referrer")) == []
    assert visible_names(world.user("report_only")) == []
    stranger = factories.StaffUserFactory()
    assert visible_names(stranger) == []
    leaver = world.user("manager")
    leaver.is_active = False
    leaver.save()
    assert visible_names(leaver) == []


def test_another_programme_is_invisible_even_in_the_same_area(world, participant_a):
    other = factories.ProgrammeFactory()
    other.areas.add(world.area_a)
    factories.ParticipantFactory(
        programme=other, area=world.area_a, responsible_organisation=world.org_a, first_name="Zed"
    )
    assert visible_names(world.user("team_leader_a")) == ["Alice"]


@pytest.mark.parametrize(
    "url_name",
    ["participants:detail", "participants:edit", "api:participant"],
)
def test_partner_a_gets_404_for_partner_b_participant(client, world, participant_b, url_name):
    for name in ("specialist_a", "team_leader_a", "auditor_a"):
        sign_in(client, world.user(name))
        response = client.get(reverse(url_name, args=[participant_b.pk]))
        assert response.status_code == 404, (name, url_name)
        assert b"Bob Baker" not in response.content and b"Baker" not in response.content


def test_partner_b_participant_is_absent_from_partner_a_search_and_api_list(
    client, world, participant_a, participant_b
):
    sign_in(client, world.user("team_leader_a"))
    # The page may repeat the words searched for: it must name nobody and link to no record.
    # (Not a bare "Bob": a page's random tokens can hold those three letters.)
    hidden = (b"Bob Baker", str(participant_b.pk).encode())
    page = client.post(reverse("participants:search"), {"q": "Baker"}, follow=True)
    assert not any(h in page.content for h in hidden)
    page = client.post(
        reverse("participants:search"), {"q": participant_b.national_insurance_number}, follow=True
    )
    assert not any(h in page.content for h in hidden)
    listing = client.get(reverse("api:participants")).json()
    assert [p["first_name"] for p in listing["results"]] == ["Alice"]


def test_api_put_to_another_partners_participant_is_404_and_changes_nothing(
    client, world, participant_b
):
    sign_in(client, world.user("team_leader_a"))
    response = client.patch(
        reverse("api:participant", args=[participant_b.pk]),
        {"first_name": "Hacked"},
        content_type="application/json",
    )
    assert response.status_code == 404
    participant_b.refresh_from_db()
    assert participant_b.first_name == "Bob"


def test_own_participant_opens_for_the_caseload_holder(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    assert client.get(reverse("participants:detail", args=[participant_a.pk])).status_code == 200
    assert client.get(reverse("api:participant", args=[participant_a.pk])).status_code == 200


def test_anonymous_users_are_sent_to_sign_in_and_the_api_refuses(client, participant_a):
    response = client.get(reverse("participants:detail", args=[participant_a.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("staff:sign-in"))
    assert client.get(reverse("api:participants")).status_code == 403
