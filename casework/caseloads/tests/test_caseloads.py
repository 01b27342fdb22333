"""Team leaders see their specialists' caseload sizes against the IPS bands and reallocate."""

import re
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from casework.caseloads import services
from casework.caseloads.bands import band_for
from casework.participants.models import Participant
from casework.programmes.models import Team
from casework.testing import factories
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("size", "score"), [(0, 5), (20, 5), (21, 4), (40, 4), (41, 3), (61, 2), (80, 2), (81, 1)]
)
def test_ips_bands(size, score):
    assert band_for(size).score == score


@pytest.fixture
def team_a(world):
    team = Team.objects.create(programme=world.programme, organisation=world.org_a, name="A team")
    world.user("team_leader_a").memberships.update(team=team)
    for name in ("specialist_a", "specialist_a2"):
        world.user(name).memberships.update(team=team)
    return team


def caseload(world, specialist, count, **kwargs):
    return [
        factories.ParticipantFactory(
            programme=world.programme,
            area=world.area_a,
            responsible_organisation=world.org_a,
            assigned_specialist=world.user(specialist),
            **kwargs,
        )
        for _ in range(count)
    ]


def test_team_page_shows_sizes_and_bands(client, world, team_a):
    caseload(world, "specialist_a", 22)
    caseload(world, "specialist_a2", 3)
    caseload(world, "specialist_a2", 4, status="exited")
    sign_in(client, world.user("team_leader_a"))
    html = client.get(reverse("caseloads:team")).content.decode()
    first, second = world.user("specialist_a"), world.user("specialist_a2")
    # Names as the page writes them (Faker makes surnames like O'Brien).
    row = html.split(escape(first.get_full_name()), 1)[1].split("</tr>", 1)[0]
    assert ">22<" in row and "21 to 40" in row
    row = html.split(escape(second.get_full_name()), 1)[1].split("</tr>", 1)[0]
    assert ">3<" in row and "20 or fewer: best" in row
    assert escape(world.user("specialist_b").get_full_name()) not in html


def _rows(html) -> list[int]:
    """The specialists' ids in the order the page lists them."""
    return [
        int(pk)
        for pk in re.findall(
            r'<th scope="row"[^>]*><a class="govuk-link" href="[^"]*/team/(\d+)/"', html
        )
    ]


def _link(html, rel) -> str | None:
    match = re.search(
        rf'<a class="govuk-link govuk-pagination__link" href="(\?[^"]*)" rel="{rel}"', html
    )
    return match and unescape(match.group(1))


@pytest.fixture
def many_specialists(world, team_a, monkeypatch):
    """Seven specialists in the team leader's team on pages of two: two share a surname, two
    share a whole name (only their ids tell them apart), one is inactive (never listed)."""
    from casework.caseloads import selectors
    from casework.staff.models import Membership, Role

    monkeypatch.setattr(selectors, "TEAM_PAGE_SIZE", 2)
    people = [world.user("specialist_a"), world.user("specialist_a2")]
    for first, last in (("Ann", "Lee"), ("Bob", "Lee"), ("Sam", "Zhou"), ("Sam", "Zhou")):
        person = factories.StaffUserFactory(
            organisation=world.org_a, first_name=first, last_name=last
        )
        Membership.objects.create(
            user=person, programme=world.programme, role=Role.EMPLOYMENT_SPECIALIST, team=team_a
        )
        people.append(person)
    gone = factories.StaffUserFactory(organisation=world.org_a, last_name="Gone", is_active=False)
    Membership.objects.create(
        user=gone, programme=world.programme, role=Role.EMPLOYMENT_SPECIALIST, team=team_a
    )
    return sorted(people, key=lambda p: (p.last_name, p.first_name, p.pk))


def test_team_pages_reach_every_specialist_once_in_name_order_both_ways(
    client, world, many_specialists
):
    caseload(world, "specialist_a", 2)
    sign_in(client, world.user("team_leader_a"))
    url = reverse("caseloads:team")
    forward, pages, query = [], [], ""
    while query is not None:
        html = client.get(url + query).content.decode()
        pages.append(html)
        forward += _rows(html)
        query = _link(html, "next")
    assert forward == [p.pk for p in many_specialists]  # each once, in order
    assert len(pages) == 3
    backward, query = [], _link(pages[-1], "prev")
    backward = _rows(pages[-1])
    while query is not None:
        html = client.get(url + query).content.decode()
        backward = _rows(html) + backward
        query = _link(html, "prev")
    assert backward == forward
    # What the links say: where the next page starts and where this one begins.
    second = many_specialists[2]
    first_page = pages[0]
    assert (
        "Next" in first_page
        and escape(f"From {second.last_name}, {second.first_name}") in first_page
    )
    assert _link(first_page, "prev") is None
    middle = pages[1]
    assert escape(f"Before {second.last_name}, {second.first_name}") in middle
    assert 'aria-label="Pages of employment specialists"' in middle
    assert "Back to the start of the list" in middle
    assert _link(pages[-1], "next") is None
    # Each size is the specialist's own, on whichever page they are.
    name = escape(world.user("specialist_a").get_full_name())
    (page,) = [html for html in pages if name in html]
    assert ">2<" in page.split(name, 1)[1].split("</tr>", 1)[0]


def test_a_page_from_someone_not_overseen_is_the_first_page(client, world, many_specialists):
    sign_in(client, world.user("team_leader_a"))
    url = reverse("caseloads:team")
    first = _rows(client.get(url).content.decode())
    last = many_specialists[-1].pk  # nothing after the last: the first page again
    assert _rows(client.get(url, {"after": last}).content.decode()) == first
    for anchor in (world.user("specialist_b").pk, "nonsense", ""):
        for direction in ("after", "before"):
            html = client.get(url, {direction: anchor}).content.decode()
            assert _rows(html) == first
            assert escape(world.user("specialist_b").get_full_name()) not in html


def test_reallocation_moves_people_between_caseloads(client, world, team_a):
    mine = caseload(world, "specialist_a", 3)
    sign_in(client, world.user("team_leader_a"))
    url = reverse("caseloads:specialist", args=[world.user("specialist_a").pk])
    response = client.post(
        url,
        {"participants": [mine[0].pk, mine[1].pk], "to_specialist": world.user("specialist_a2").pk},
    )
    assert response.status_code == 302
    moved = Participant.objects.filter(assigned_specialist=world.user("specialist_a2")).count()
    assert moved == 2
    assert Participant.objects.get(pk=mine[2].pk).assigned_specialist == world.user("specialist_a")


def test_reallocation_errors_show_on_the_page_and_move_nothing(client, world, team_a):
    mine = caseload(world, "specialist_a", 1)
    sign_in(client, world.user("team_leader_a"))
    url = reverse("caseloads:specialist", args=[world.user("specialist_a").pk])
    html = client.post(url, {"participants": [mine[0].pk]}).content.decode()
    assert "Choose a specialist in your team" in html
    html = client.post(url, {"to_specialist": world.user("specialist_a2").pk}).content.decode()
    assert "Select at least one participant" in html
    assert Participant.objects.get(pk=mine[0].pk).assigned_specialist == world.user("specialist_a")


def test_cannot_move_to_another_partners_specialist_or_move_their_people(
    world, team_a, participant_b
):
    mine = caseload(world, "specialist_a", 1)
    leader = world.user("team_leader_a")
    with pytest.raises(ValidationError, match="specialist in your team"):
        services.reallocate(
            actor=leader, participant_ids=[mine[0].pk], to_specialist=world.user("specialist_b")
        )
    with pytest.raises(ValidationError, match="not yours to move"):
        services.reallocate(
            actor=leader,
            participant_ids=[participant_b.pk],
            to_specialist=world.user("specialist_a2"),
        )


def test_specialists_cannot_reallocate_or_see_the_team_page(client, world, team_a):
    with pytest.raises(PermissionDenied):
        services.reallocate(
            actor=world.user("specialist_a"), participant_ids=[], to_specialist=None
        )
    sign_in(client, world.user("specialist_a"))
    assert client.get(reverse("caseloads:team")).status_code == 403
    assert "Team<" not in client.get(reverse("participants:caseload")).content.decode()


def test_another_partners_specialist_is_404_for_a_team_leader(client, world, team_a):
    sign_in(client, world.user("team_leader_a"))
    url = reverse("caseloads:specialist", args=[world.user("specialist_b").pk])
    assert client.get(url).status_code == 404


def test_the_team_page_is_headed_with_what_it_lists(client, world, team_a):
    """The accountable body's manager sits in one team but sees every partner's specialists:
    the page is headed with that, never with the manager's own team."""
    north = Team.objects.create(
        programme=world.programme, organisation=world.accountable_body, name="Northampton team"
    )
    world.user("manager").memberships.update(team=north)
    sign_in(client, world.user("manager"))
    html = client.get(reverse("caseloads:team")).content.decode()
    caption = html.split('govuk-caption-l">', 1)[1].split("<", 1)[0]
    assert caption == "Every delivery partner of Test Connect to Work"
    assert escape(world.user("specialist_b").get_full_name()) in html
    sign_in(client, world.user("team_leader_a"))
    html = client.get(reverse("caseloads:team")).content.decode()
    assert html.split('govuk-caption-l">', 1)[1].split("<", 1)[0] == "A team"
