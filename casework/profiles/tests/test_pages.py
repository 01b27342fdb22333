"""The profile pages as a caseworker uses them, and who may reach them."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.profiles import services
from casework.profiles.models import EmploymentHistoryEntry, VocationalProfile
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db
D = datetime.date


def summary_links(html: str) -> list[tuple[str, str]]:
    summary = html.split('class="govuk-error-summary', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)


def error_on(html: str, field_id: str) -> str:
    """The error message shown by the field whose id is `field_id`."""
    match = re.search(rf'id="{field_id}-error"[^>]*>\s*<span[^>]*>Error:</span>([^<]+)', html)
    return match.group(1).strip() if match else ""


@pytest.fixture
def filled(world, participant_a, today):
    specialist = world.user("specialist_a")
    services.update_profile(
        actor=specialist,
        participant=participant_a,
        barriers=["transport"],
        health_barriers=["health_condition"],
        barriers_detail="MARKER-BARRIER-DETAIL",
        support_received="Citizens Advice for debt",
        caring_responsibilities="yes",
        caring_detail="Two children at primary school",
        benefits=["universal_credit"],
        work_wanted="Warehouse or retail",
        hours_wanted=16,
        travel_distance="5",
    )
    services.add_employment_entry(
        actor=specialist,
        participant=participant_a,
        employer="Luton Airport",
        role="Baggage handler",
        started_on=D(2019, 3, 1),
        ended_on=D(2021, 6, 1),
        hours_per_week=Decimal("37.5"),
        reason_left="redundant",
    )
    services.add_qualification(
        actor=specialist,
        participant=participant_a,
        title="GCSE English",
        level="2",
        year_achieved=2012,
    )
    return participant_a


def test_the_record_links_to_the_profile_which_shows_everything(client, world, filled):
    sign_in(client, world.user("specialist_a"))
    detail = client.get(reverse("participants:detail", args=[filled.pk])).content.decode()
    profile_url = reverse("profiles:profile", args=[filled.pk])
    assert f'href="{profile_url}"' in detail
    before = AuditEvent.objects.filter(participant_id=filled.pk).count()
    page = client.get(profile_url).content.decode()
    for text in (
        "Baggage handler at Luton Airport",
        "March 2019",
        "June 2021",
        "37.5",
        "Made redundant",
        "GCSE English",
        "Level 2",
        "Transport",
        "A health condition",
        "MARKER-BARRIER-DETAIL",
        "Citizens Advice for debt",
        "Two children at primary school",
        "Universal Credit",
        "Warehouse or retail",
        "Up to 5 miles",
    ):
        assert text in page, text
    # Opening the profile is one audited read of the participant.
    assert AuditEvent.objects.filter(participant_id=filled.pk).count() == before + 1


def test_a_role_without_special_category_access_sees_the_rest_only(client, world, filled):
    for name in ("manager", "auditor_a"):
        sign_in(client, world.user(name))
        page = client.get(reverse("profiles:profile", args=[filled.pk])).content.decode()
        assert "Transport" in page
        assert "Warehouse or retail" in page
        assert "A health condition" not in page
        assert "MARKER-BARRIER-DETAIL" not in page
        assert "special category data that your role does not show" in page
    sign_in(client, world.user("manager"))
    form = client.get(reverse("profiles:edit_barriers", args=[filled.pk])).content.decode()
    assert 'name="barriers"' in form
    assert 'name="health_barriers"' not in form
    assert 'name="barriers_detail"' not in form
    # Saving the section keeps the parts the manager could not see.
    response = client.post(
        reverse("profiles:edit_barriers", args=[filled.pk]),
        {"barriers": ["housing"], "health_barriers": [], "barriers_detail": ""},
    )
    assert response.status_code == 302
    profile = VocationalProfile.objects.get(participant=filled)
    assert profile.barriers == ["housing"]
    assert services.health_barriers_of(profile) == ["health_condition"]
    assert profile.barriers_detail == "MARKER-BARRIER-DETAIL"


def test_out_of_scope_answers_404_for_every_page(client, world, filled):
    sign_in(client, world.user("specialist_b"))
    entry = filled.employment_history.get()
    for name in ("profile", "edit_barriers", "edit_support", "edit_goals", "add_employment"):
        assert client.get(reverse(f"profiles:{name}", args=[filled.pk])).status_code == 404
    url = reverse("profiles:remove_employment", args=[filled.pk])
    assert client.post(url, {"entry": entry.pk}).status_code == 404
    assert filled.employment_history.exists()


def test_roles_that_may_not_edit_get_403_and_no_change_links(client, world, filled):
    sign_in(client, world.user("auditor_a"))
    page = client.get(reverse("profiles:profile", args=[filled.pk])).content.decode()
    assert ">Change<" not in page
    assert "Add a job" not in page
    assert client.get(reverse("profiles:edit_goals", args=[filled.pk])).status_code == 403
    response = client.post(reverse("profiles:edit_goals", args=[filled.pk]), {"hours_wanted": 30})
    assert response.status_code == 403
    assert VocationalProfile.objects.get(participant=filled).hours_wanted == 16


def test_a_job_with_its_dates_the_wrong_way_round_is_refused_on_the_field(
    client, world, participant_a, today
):
    sign_in(client, world.user("specialist_a"))
    url = reverse("profiles:add_employment", args=[participant_a.pk])
    data = {
        "employer": "Riverside Logistics",
        "role": "Picker",
        "started_on-month": "5",
        "started_on-year": "2022",
        "ended_on-month": "4",
        "ended_on-year": "2022",
        "hours_per_week": "81",
        "reason_left": "resigned",
    }
    html = client.post(url, data).content.decode()
    assert ("#ended_on-month", "When they left must be the same as or after they started") in (
        summary_links(html)
    )
    assert error_on(html, "ended_on") == "When they left must be the same as or after they started"
    assert error_on(html, "hours_per_week") == "Hours per week must be between 0 and 80"
    assert 'value="Riverside Logistics"' in html  # what was typed is kept
    assert not EmploymentHistoryEntry.objects.exists()

    html = client.post(url, {**data, "ended_on-month": "13"}).content.decode()
    assert error_on(html, "ended_on") == "Month must be a number from 1 to 12"

    response = client.post(url, {**data, "ended_on-month": "9", "hours_per_week": "20"})
    assert response.status_code == 302
    assert response["Location"].endswith("#employment")
    entry = EmploymentHistoryEntry.objects.get()
    assert (entry.started_on, entry.ended_on) == (D(2022, 5, 1), D(2022, 9, 1))


def test_benefits_none_with_a_benefit_is_refused_on_the_field(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    url = reverse("profiles:edit_support", args=[participant_a.pk])
    html = client.post(
        url, {"benefits": ["none", "pip"], "caring_responsibilities": "no"}
    ).content.decode()
    assert error_on(html, "benefits").startswith("Select ‘None’ on its own")
    assert ("#benefits", "Select ‘None’ on its own, or only the benefits they receive") in (
        summary_links(html)
    )
    assert not VocationalProfile.objects.exists()


def test_a_qualification_is_added_and_removed(client, world, participant_a, today):
    sign_in(client, world.user("specialist_a"))
    add = reverse("profiles:add_qualification", args=[participant_a.pk])
    html = client.post(add, {"title": "NVQ", "level": "3", "year_achieved": "3000"}).content
    assert "The year must be between" in html.decode()
    client.post(add, {"title": "NVQ in Warehousing", "level": "2", "in_progress": "on"})
    qualification = participant_a.qualifications.get()
    assert qualification.in_progress
    remove = reverse("profiles:remove_qualification", args=[participant_a.pk])
    confirm = client.get(remove, {"entry": qualification.pk}).content.decode()
    assert "Remove this qualification?" in confirm
    assert "NVQ in Warehousing" in confirm
    response = client.post(remove, {"entry": qualification.pk})
    assert response["Location"].endswith("#qualifications")
    assert not participant_a.qualifications.exists()


def test_an_entry_of_another_participant_cannot_be_removed_through_this_one(
    client, world, filled, participant_a2
):
    entry = filled.employment_history.get()
    sign_in(client, world.user("specialist_a"))
    url = reverse("profiles:remove_employment", args=[participant_a2.pk])
    assert client.post(url, {"entry": entry.pk}).status_code == 404
    assert client.post(url, {"entry": "not-a-uuid"}).status_code == 404
    assert filled.employment_history.exists()


def test_a_criminal_record_question_is_not_asked_where_it_is_not_collected(
    client, world, participant_a, south_midlands_register
):
    sign_in(client, world.user("specialist_a"))
    form = client.get(reverse("profiles:edit_barriers", args=[participant_a.pk])).content.decode()
    assert 'name="health_barriers"' in form
    assert 'name="criminal_record_barrier"' not in form
    page = client.get(reverse("profiles:profile", args=[participant_a.pk])).content.decode()
    assert "Criminal record" not in page
