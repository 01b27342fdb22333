"""Which notice each participant was given, and who must be told when a new version adds a
recipient or a purpose (with the letter or email for each)."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from casework.programmes.models import Area, Organisation, Programme
from casework.register.models import NoticeAcknowledgement, RegisterVersion
from casework.staff.models import Role
from casework.testing import factories
from casework.testing.auth import sign_in

KENT = Path(__file__).resolve().parents[3] / "programmes" / "kent-and-medway.yaml"
NEW_RECIPIENT = (
    "recipients:\n  - key: evaluator\n    description: DWP's evaluation contractor\n"
    "    type: research_or_evaluation\n    consent_needed: false\n    agreement:\n"
    "      reference: DWP-CTW-EVAL\n      categories: [employment_education]\n"
    "      purposes: [evaluation]\n      starts_on: 2025-04-01\n      expires_on: 2030-03-31\n"
)


@pytest.fixture
def kent(db):
    call_command("programme", "load", str(KENT))
    programme = Programme.objects.get(slug="kent-and-medway")
    kcc = Organisation.objects.get(name="Kent County Council")
    kent_area = Area.objects.get(code="E10000016")
    users = {}
    for role in (Role.DATA_PROTECTION_OFFICER, Role.EMPLOYMENT_SPECIALIST, Role.PROGRAMME_MANAGER):
        users[role] = factories.StaffUserFactory(organisation=kcc)
        factories.MembershipFactory(user=users[role], programme=programme, role=role)
    people = [
        factories.ParticipantFactory(
            programme=programme,
            area=kent_area,
            responsible_organisation=kcc,
            assigned_specialist=users[Role.EMPLOYMENT_SPECIALIST],
            first_name=name,
            last_name="Kentish",
            email=email,
        )
        for name, email in (("Ada", "ada@example.com"), ("Ben", ""), ("Cy", "cy@example.com"))
    ]
    return programme, users, people


def give(participant, number, client, user, day="2026-01-10"):
    sign_in(client, user)
    return client.post(
        f"/participants/{participant.pk}/privacy-notice",
        {
            "version": str(number),
            "given_on-day": day[8:],
            "given_on-month": day[5:7],
            "given_on-year": day[:4],
            "method": "paper",
        },
    )


@time_machine.travel("2026-02-01 10:00 +0000", tick=False)
def test_a_caseworker_records_the_notice_a_participant_was_given(kent, client):
    programme, users, (ada, *_rest) = kent
    response = give(ada, 1, client, users[Role.EMPLOYMENT_SPECIALIST])
    assert response.status_code == 302
    given = NoticeAcknowledgement.objects.get(participant=ada)
    assert (given.version.number, given.given_on, given.method) == (
        1,
        datetime.date(2026, 1, 10),
        "paper",
    )
    page = client.get(f"/participants/{ada.pk}/privacy-notice").content.decode()
    assert "Version 1" in page and "10 January 2026" in page


@time_machine.travel("2026-02-01 10:00 +0000", tick=False)
def test_a_date_in_the_future_is_refused_with_its_message(kent, client):
    _programme, users, (ada, *_rest) = kent
    response = give(ada, 1, client, users[Role.EMPLOYMENT_SPECIALIST], day="2026-03-01")
    assert response.status_code == 200
    assert "The date the notice was given must be today or in the past" in response.content.decode()
    assert not NoticeAcknowledgement.objects.exists()


def test_out_of_scope_participants_answer_404(kent, client, world, participant_a):
    _programme, users, (ada, *_rest) = kent
    sign_in(client, world.user("specialist_a"))
    assert client.get(f"/participants/{ada.pk}/privacy-notice").status_code == 404
    sign_in(client, users[Role.EMPLOYMENT_SPECIALIST])
    assert client.get(f"/participants/{participant_a.pk}/privacy-notice").status_code == 404


@time_machine.travel("2026-02-01 10:00 +0000", tick=False)
def test_a_new_recipient_lists_who_must_be_told_with_their_letter(kent, client, tmp_path):
    programme, users, (ada, ben, cy) = kent
    for person in (ada, ben):
        give(person, 1, client, users[Role.EMPLOYMENT_SPECIALIST])
    changed = tmp_path / "kent-and-medway.yaml"
    changed.write_text(KENT.read_text().replace("recipients:\n", NEW_RECIPIENT, 1))
    call_command("programme", "load", str(changed))
    assert RegisterVersion.objects.get(programme=programme, number=2).added_recipients == [
        "evaluator"
    ]

    sign_in(client, users[Role.DATA_PROTECTION_OFFICER])
    page = client.get("/programmes/kent-and-medway/register/who-to-tell").content.decode()
    assert "3 participants must be told" in page
    assert "Email to ada@example.com" in page
    assert "Letter to " in page  # Ben has no email address
    assert "We may now also share it with:\n  - DWP&#39;s evaluation contractor" in page
    assert "you were last given version 1" in page
    assert "We have no record of giving you our privacy notice" in page  # Cy

    give(ada, 2, client, users[Role.EMPLOYMENT_SPECIALIST])
    sign_in(client, users[Role.DATA_PROTECTION_OFFICER])
    page = client.get("/programmes/kent-and-medway/register/who-to-tell").content.decode()
    assert "2 participants must be told" in page
    assert "ada@example.com" not in page


@time_machine.travel("2026-02-01 10:00 +0000", tick=False)
def test_who_to_tell_is_shown_a_page_at_a_time(kent, client, monkeypatch):
    from casework.register import views

    monkeypatch.setattr(views, "WHO_TO_TELL_PAGE_SIZE", 2)
    programme, users, (ada, ben, cy) = kent  # nobody has been given a notice yet
    sign_in(client, users[Role.DATA_PROTECTION_OFFICER])
    url = "/programmes/kent-and-medway/register/who-to-tell"
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert "3 participants must be told" in first and "3 participants must be told" in second
    assert "Page 1 of 2." in first and "Page 2 of 2." in second
    shown = [
        p
        for p in (ada, ben, cy)
        if f"Show the email for {p.display_name}" in first
        or f"Show the letter for {p.display_name}" in first
    ]
    later = [p for p in (ada, ben, cy) if p.display_name in second]
    assert len(shown) == 2 and len(later) == 1 and later[0] not in shown


@time_machine.travel("2026-02-01 10:00 +0000", tick=False)
def test_a_change_that_adds_no_recipient_or_purpose_needs_no_letter(kent, client, tmp_path):
    _programme, users, (ada, ben, cy) = kent
    for person in (ada, ben, cy):
        give(person, 1, client, users[Role.EMPLOYMENT_SPECIALIST])
    changed = tmp_path / "kent-and-medway.yaml"
    changed.write_text(KENT.read_text().replace("Benjamin Watts", "Alex Morgan"))
    call_command("programme", "load", str(changed))
    sign_in(client, users[Role.PROGRAMME_MANAGER])
    page = client.get("/programmes/kent-and-medway/register/who-to-tell").content.decode()
    assert "Nobody needs to be told" in page


def test_who_to_tell_is_for_the_dpo_and_programme_manager_only(kent, client, world):
    _programme, users, _people = kent
    sign_in(client, users[Role.EMPLOYMENT_SPECIALIST])
    assert client.get("/programmes/kent-and-medway/register/who-to-tell").status_code == 403
    sign_in(client, world.user("dpo"))  # a DPO of another programme
    assert client.get("/programmes/kent-and-medway/register/who-to-tell").status_code == 404
    client.logout()
    response = client.get("/programmes/kent-and-medway/register/who-to-tell")
    assert response.status_code == 302 and "/sign-in" in response["Location"]


def test_only_caseworkers_who_may_edit_record_a_notice(kent, client):
    _programme, users, (ada, *_rest) = kent
    response = give(ada, 1, client, users[Role.DATA_PROTECTION_OFFICER])
    assert response.status_code == 403
    assert not NoticeAcknowledgement.objects.exists()
    page = client.get(f"/participants/{ada.pk}/privacy-notice").content.decode()
    assert "No privacy notice is on record" in page
    assert "Record a notice given" not in page


@time_machine.travel("2026-02-01 10:00 +0000", tick=False)
def test_a_changed_recipient_lists_who_must_be_told(kent, client, tmp_path):
    programme, users, (ada, ben, cy) = kent
    for person in (ada, ben, cy):
        give(person, 1, client, users[Role.EMPLOYMENT_SPECIALIST])
    changed = tmp_path / "kent-and-medway.yaml"
    # The employers now receive health information too: the same recipient, shared with anew.
    text = KENT.read_text()
    at = text.index(
        "categories: [identity, contact, employment_education]", text.index("KCC-CTW-DSA-EMP")
    )
    changed.write_text(
        text[:at]
        + "categories: [identity, contact, employment_education, health]"
        + text[at + len("categories: [identity, contact, employment_education]") :]
    )
    call_command("programme", "load", str(changed))
    version = RegisterVersion.objects.get(programme=programme, number=2)
    assert (version.added_recipients, version.changed_recipients) == ([], ["employers-training"])

    sign_in(client, users[Role.DATA_PROTECTION_OFFICER])
    page = client.get("/programmes/kent-and-medway/register/who-to-tell").content.decode()
    assert "3 participants must be told" in page
    assert "We have changed how we share it with:\n  - Employers and training providers" in page


def test_a_letter_carries_the_postal_address_when_writing_is_the_only_route(kent):
    from casework.register.config import config_from_json
    from casework.register.letters import change_letter
    from casework.register.selectors import ToTell

    programme, _users, (ada, *_rest) = kent
    version = programme.versions.get()
    data = dict(version.config)
    data["rights_contact"] = {
        "team": "Data Protection Officer",
        "postal": "Sessions House, ME14 1XQ",
    }
    letter = change_letter(
        ToTell(ada, None, ["Commissioned delivery partners"], ["Provide support"]),
        version=version,
        config=config_from_json(data),
    )
    assert "contact Data Protection Officer, Sessions House, ME14 1XQ." in letter.body


def test_the_who_to_tell_command_prints_each_letter(kent, client, capsys):
    _programme, users, (ada, ben, cy) = kent
    give(ada, 1, client, users[Role.EMPLOYMENT_SPECIALIST])
    dpo = users[Role.DATA_PROTECTION_OFFICER]
    call_command("register", "who-to-tell", "kent-and-medway", "--user", dpo.email.upper())
    out = capsys.readouterr().out
    assert "2 participants to tell about version 1." in out
    assert "=== email to cy@example.com" in out
    assert "We have no record of giving you our privacy notice" in out
    assert "ada@example.com" not in out  # she was given version 1


def test_the_who_to_tell_command_refuses_who_may_not_see_it(kent):
    from django.core.management.base import CommandError

    _programme, users, _people = kent
    specialist = users[Role.EMPLOYMENT_SPECIALIST]
    with pytest.raises(CommandError, match="may not see who must be told"):
        call_command("register", "who-to-tell", "kent-and-medway", "--user", specialist.email)
    with pytest.raises(CommandError, match="No programme 'nowhere'"):
        call_command("register", "who-to-tell", "nowhere", "--user", specialist.email)
