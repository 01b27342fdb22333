"""Each role starts on the page it works from (casework.staff.landing), not on an empty
caseload: signing in leads to `/`, which sends each role there."""

import pytest
from django.urls import reverse

from casework.staff.landing import LANDING_PAGES
from casework.staff.models import Role
from casework.testing import factories
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db

STARTS = {
    "specialist_a": "participants:caseload",
    "team_leader_a": "caseloads:team",
    "manager": "reports:partners",
    "dpo": "dataprotection:home",
    "auditor_a": "audit:report",
    "referrer": "referrals:list",
    "report_only": "reports:partners",
}


@pytest.mark.parametrize(("name", "page"), STARTS.items())
def test_each_role_starts_on_the_page_it_works_from(client, world, name, page):
    sign_in(client, world.user(name))
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == reverse(page)
    assert client.get(response.url).status_code == 200  # and may open it


def test_every_role_has_a_landing_page():
    assert set(LANDING_PAGES) == set(Role.values)


def test_someone_with_two_roles_starts_on_the_first_in_the_table(client, world):
    dpo = world.user("dpo")
    other = factories.ProgrammeFactory()
    factories.MembershipFactory(user=dpo, programme=other, role=Role.EMPLOYMENT_SPECIALIST)
    sign_in(client, dpo)
    assert client.get("/").url == reverse("participants:caseload")


def test_the_dpo_no_longer_lands_on_an_empty_caseload(client, world):
    sign_in(client, world.user("dpo"))
    page = client.get("/", follow=True).content.decode()
    assert "My caseload</h1>" not in page
