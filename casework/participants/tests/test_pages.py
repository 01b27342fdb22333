"""The participant pages as a caseworker uses them."""

import datetime
import re

import pytest
from django.urls import reverse

from casework.participants import selectors
from casework.participants.matching import POSSIBLE_DUPLICATE
from casework.participants.models import Participant, Status
from casework.testing import factories
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db


def form_data(world, **overrides):
    data = {
        "first_name": "Sam",
        "last_name": "Patel",
        "date_of_birth-day": "14",
        "date_of_birth-month": "2",
        "date_of_birth-year": "1990",
        "gender": "woman",
        "national_insurance_number": "QQ 65 43 21 A",
        "address_line_1": "2 Park Road",
        "town": "Luton",
        "postcode": "LU2 7AB",
        "area": str(world.area_a.pk),
        "responsible_organisation": str(world.org_a.pk),
        "assigned_specialist": str(world.user("specialist_a").pk),
    }
    data.update(overrides)
    return data


def error_summary_links(html: str) -> list[tuple[str, str]]:
    summary = html.split('class="govuk-error-summary', 1)[1].split("</div>\n  </div>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)


def test_caseload_lists_my_people_with_status_and_next_contact(client, world, participant_a):
    participant_a.next_contact_on = datetime.date(2026, 12, 1)
    participant_a.save()
    factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a2"),
        first_name="Notmine",
    )
    sign_in(client, world.user("specialist_a"))
    html = client.get(reverse("participants:caseload")).content.decode()
    assert "Alice Archer" in html
    assert "1 December 2026" in html
    assert "Referred" in html
    assert "Notmine" not in html


def test_exited_participants_leave_the_caseload(client, world, participant_a):
    participant_a.status = Status.EXITED
    participant_a.save()
    sign_in(client, world.user("specialist_a"))
    assert "Alice" not in client.get(reverse("participants:caseload")).content.decode()


def test_add_participant_then_see_their_record(client, world):
    sign_in(client, world.user("specialist_a"))
    response = client.post(reverse("participants:create"), form_data(world))
    participant = Participant.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("participants:detail", args=[participant.pk])
    html = client.get(response.url).content.decode()
    assert "Sam Patel" in html
    assert "QQ 65 43 21 A" in html
    assert "14 February 1990" in html


def test_someone_with_the_same_name_and_birthday_is_not_added_twice_by_mistake(client, world):
    sign_in(client, world.user("specialist_a"))
    client.post(reverse("participants:create"), form_data(world))
    again = form_data(world, last_name="PATEL", national_insurance_number="", first_name="Samira")
    response = client.post(reverse("participants:create"), again)
    html = response.content.decode()
    assert response.status_code == 200
    assert ("#different_person", POSSIBLE_DUPLICATE) in error_summary_links(html)
    assert "Search for them (opens in a new tab)" in html
    assert Participant.objects.count() == 1
    # Checked, and it is someone else: added.
    response = client.post(reverse("participants:create"), {**again, "different_person": "on"})
    assert response.status_code == 302
    assert Participant.objects.count() == 2


def test_bad_input_shows_the_error_summary_linking_to_each_field(client, world):
    sign_in(client, world.user("specialist_a"))
    response = client.post(
        reverse("participants:create"),
        form_data(
            world,
            national_insurance_number="DQ123456A",
            postcode="LU99",
            **{"date_of_birth-year": "2099", "first_name": ""},
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Add a participant" in html
    links = dict(error_summary_links(html))
    assert links["#first_name"] == "Enter a first name"
    assert "#postcode" in links
    assert links["#date_of_birth-day"] == "Date of birth must be in the past"
    # What was typed is kept, so nothing is lost.
    assert 'value="LU99"' in html
    assert 'value="DQ123456A"' in html
    assert Participant.objects.count() == 0


def test_service_errors_reach_the_page_too(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    response = client.post(
        reverse("participants:create"),
        form_data(world, national_insurance_number=participant_a.national_insurance_number),
    )
    links = dict(error_summary_links(response.content.decode()))
    assert "already has this National Insurance number" in links["#national_insurance_number"]
    assert Participant.objects.count() == 1


def test_incomplete_date_of_birth_says_what_is_missing(client, world):
    sign_in(client, world.user("specialist_a"))
    response = client.post(
        reverse("participants:create"), form_data(world, **{"date_of_birth-month": ""})
    )
    assert "Date of birth must include a month" in response.content.decode()


def test_edit_changes_the_record(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    form = client.get(reverse("participants:edit", args=[participant_a.pk])).content.decode()
    assert f'value="{participant_a.first_name}"' in form
    data = form_data(world, first_name="Alicia", national_insurance_number="")
    response = client.post(reverse("participants:edit", args=[participant_a.pk]), data)
    assert response.status_code == 302
    participant_a.refresh_from_db()
    assert participant_a.first_name == "Alicia"
    assert participant_a.national_insurance_number == ""


def test_read_only_roles_see_no_change_links_and_cannot_edit(client, world, participant_a):
    sign_in(client, world.user("auditor_a"))
    html = client.get(reverse("participants:detail", args=[participant_a.pk])).content.decode()
    assert "Alice Archer" in html
    assert ">Change<" not in html
    response = client.post(reverse("participants:edit", args=[participant_a.pk]), form_data(world))
    assert response.status_code == 403
    participant_a.refresh_from_db()
    assert participant_a.first_name == "Alice"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("archer", True),
        ("Alice Archer", True),
        ("Alice Zebra", False),
    ],
)
def test_search_by_name(client, world, participant_a, query, found):
    sign_in(client, world.user("team_leader_a"))
    html = client.post(reverse("participants:search"), {"q": query}, follow=True).content.decode()
    assert ("Alice Archer" in html) is found


def test_search_by_nino_in_any_spacing_and_by_date_of_birth(client, world, participant_a):
    sign_in(client, world.user("team_leader_a"))
    nino = participant_a.national_insurance_number
    spaced = f"{nino[:2]} {nino[2:4]} {nino[4:6]} {nino[6:8]} {nino[8]}".lower()
    assert (
        "Alice Archer"
        in client.post(reverse("participants:search"), {"q": spaced}, follow=True).content.decode()
    )
    dob = participant_a.date_of_birth.strftime("%d/%m/%Y")
    assert (
        "Alice Archer"
        in client.post(reverse("participants:search"), {"q": dob}, follow=True).content.decode()
    )


def test_search_explains_an_impossible_date(client, world):
    sign_in(client, world.user("team_leader_a"))
    html = client.post(
        reverse("participants:search"), {"q": "31/02/1990"}, follow=True
    ).content.decode()
    assert "Enter a real date of birth" in html


def test_personal_data_pages_are_never_cached(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    response = client.get(reverse("participants:detail", args=[participant_a.pk]))
    assert "no-store" in response["Cache-Control"]


def _urls_in(response) -> list[str]:
    import re as _re

    found = _re.findall(r'(?:href|action|src)="([^"]*)"', response.content.decode())
    return [response.request["PATH_INFO"] + "?" + response.request.get("QUERY_STRING", "")] + [
        *found,
        *([response["Location"]] if response.has_header("Location") else []),
    ]


def test_no_search_term_ever_appears_in_a_url(client, world, participant_a):
    """Issue 9.5: search is a POST; its results live at an opaque address, so a NINO or a name
    never reaches a web server's, a proxy's or a browser's log."""
    sign_in(client, world.user("specialist_a"))
    terms = (participant_a.national_insurance_number, "Archer")
    for term in terms:
        sent = client.post(reverse("participants:search"), {"q": term})
        assert sent.status_code == 302
        shown = client.get(sent["Location"])
        assert "Alice Archer" in shown.content.decode()
        for response in (sent, shown):
            for url in _urls_in(response):
                for needle in (term, term.replace(" ", ""), term.lower()):
                    assert needle.lower() not in url.lower(), url
        assert f'value="{term}"' in shown.content.decode()  # the box keeps what was typed
    # The old form of address runs no search and shows no one.
    page = client.get(reverse("participants:search") + "?q=Archer")
    assert "Alice Archer" not in page.content.decode()
    assert 'method="post"' in page.content.decode()


def test_a_search_address_is_only_good_for_the_user_who_searched(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    results = client.post(reverse("participants:search"), {"q": "Archer"})["Location"]
    client.logout()
    sign_in(client, world.user("specialist_a2"))
    assert client.get(results).status_code == 404


def test_search_results_are_alphabetical_ignoring_case(client, world):
    for last_name in ("Baker", "adams", "Carter"):
        factories.ParticipantFactory(
            programme=world.programme,
            area=world.area_a,
            responsible_organisation=world.org_a,
            first_name="Kimberley",
            last_name=last_name,
        )
    sign_in(client, world.user("team_leader_a"))
    html = client.post(reverse("participants:search"), {"q": "Kimberley"}, follow=True)
    text = html.content.decode()
    assert (
        text.index("Kimberley adams")
        < text.index("Kimberley Baker")
        < text.index("Kimberley Carter")
    )


def _kimberleys(world, surnames, **kwargs):
    return [
        factories.ParticipantFactory(
            programme=world.programme,
            area=world.area_a,
            responsible_organisation=world.org_a,
            first_name="Kimberley",
            last_name=last_name,
            **kwargs,
        )
        for last_name in surnames
    ]


def _names_listed(html: str) -> list[str]:
    return re.findall(r'data-label="Name"><a class="govuk-link" href="[^"]*">([^<]+)</a>', html)


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(selectors, "RESULTS_PER_PAGE", 3)
    monkeypatch.setattr(selectors, "MATCHES_LISTED", 10)


def test_search_results_come_a_page_at_a_time_each_match_once_in_order(client, world, small_pages):
    surnames = ["Baker", "adams", "Carter", "baker", "Evans", "Dunn", "Baker", "Ahmed"]
    _kimberleys(world, surnames)
    sign_in(client, world.user("team_leader_a"))
    results = client.post(reverse("participants:search"), {"q": "Kimberley"})["Location"]
    first = client.get(results).content.decode()
    assert "8 results" in first and "Showing 1 to 3 of 8, alphabetical by surname." in first
    assert 'aria-label="Pages of search results"' in first
    links = re.findall(r'href="(\?page=\d+)"', first)
    assert set(links) == {"?page=1", "?page=2", "?page=3"}  # numbers only: never the words
    listed = []
    for number in (1, 2, 3):
        html = client.get(results, {"page": number}).content.decode()
        assert f'href="?page={number}" aria-label="Page {number}" aria-current="page"' in html
        listed += _names_listed(html)
    assert "Showing 7 to 8 of 8" in html and 'rel="next"' not in html
    assert len(listed) == 8
    assert [n.split(" ", 1)[1].lower() for n in listed] == sorted(s.lower() for s in surnames)
    # A page past the last shows the last; a page that is not a number, the first.
    assert _names_listed(client.get(results, {"page": 99}).content.decode()) == listed[6:]
    assert _names_listed(client.get(results, {"page": "x"}).content.decode()) == listed[:3]


def test_too_many_matches_ask_for_a_date_of_birth_or_postcode_and_list_no_one(
    client, world, small_pages
):
    from casework.audit.models import AuditEvent

    people = _kimberleys(
        world, [f"Smith{'e' * n}" for n in range(11)], date_of_birth=datetime.date(1980, 1, 1)
    )
    wanted = people[4]
    wanted.date_of_birth = datetime.date(1990, 2, 14)
    wanted.postcode = "LU1 1AA"
    wanted.save()
    people[5].postcode = "LU11 1AB"
    people[5].save()
    sign_in(client, world.user("team_leader_a"))
    html = client.post(reverse("participants:search"), {"q": "Kimberley"}, follow=True)
    html = html.content.decode()
    assert "More than 10 people match" in html
    assert "add their first name, their date of birth" in html
    assert _names_listed(html) == []
    assert AuditEvent.objects.filter(action="participant.search").latest("pk").participant_ids == []
    for narrowed in (
        "Kimberley 14/02/1990",
        "kimberley LU1 1AA",
        "Kimberley lu11aa",
        "Kimberley LU1",
    ):
        html = client.post(reverse("participants:search"), {"q": narrowed}, follow=True)
        assert _names_listed(html.content.decode()) == [f"Kimberley {wanted.last_name}"], narrowed
    html = client.post(reverse("participants:search"), {"q": "Kimberley 31/02/1990"}, follow=True)
    assert "Enter a real date of birth" in html.content.decode()
