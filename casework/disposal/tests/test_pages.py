"""The data protection officer's retention pages."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.disposal.models import LegalHold, PaperFile, RetentionDue
from casework.disposal.schedule import reschedule_programme
from casework.disposal.sweep import run_sweep
from casework.disposal.testing import SURNAME, participant_with_everything
from casework.testing.auth import sign_in
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db

RULE = {"record_type": "participant", "anchor": "programme_end", "years": 6, "action": "delete"}


def _client(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_the_dpo_sees_what_is_due_held_and_run(world):
    publish_register(world.programme, retention=[RULE])
    reschedule_programme(world.programme)
    people = [
        participant_with_everything(world.programme, surname=f"{SURNAME}{i}") for i in range(3)
    ]
    end = RetentionDue.objects.filter(record_type="participant").first().due_on
    with time_machine.travel(
        datetime.datetime.combine(
            end - datetime.timedelta(days=20), datetime.time(10), datetime.UTC
        )
    ):
        dpo = _client(world.user("dpo"))
        page = dpo.get(reverse("disposal:overview")).content.decode()
        assert "Nothing is due today." in page
        assert "Due in the next 30 days" in page and ">3</td>" in page
        # A hold on one participant, by their case reference.
        response = dpo.post(
            reverse("disposal:hold-create"),
            {
                "programme": world.programme.pk,
                "participant": str(people[0].participant.pk),
                "reason": "complaint",
                "reference": "C-44",
                "review_on-day": "1",
                "review_on-month": "6",
                "review_on-year": str(end.year + 1),
            },
        )
        assert response.status_code == 302
        page = dpo.get(reverse("disposal:overview")).content.decode()
        assert "An open complaint (C-44)" in page
        assert SURNAME not in page, "counts and case references, never names"
    with time_machine.travel(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(10), datetime.UTC)
    ):
        dpo = _client(world.user("dpo"))
        page = dpo.get(reverse("disposal:overview")).content.decode()
        assert "If the sweep ran now" in page
        run = run_sweep().run
        page = dpo.get(reverse("disposal:overview")).content.decode()
        assert "No paper files are waiting" not in page
        paper = PaperFile.objects.filter(destruction_due_since__isnull=False).first()
        detail = dpo.get(reverse("disposal:run", args=[run.pk])).content.decode()
        assert "Skipped: legal hold: An open complaint" in detail
        assert "6 years after the programme ends: delete" in detail
        # A person confirms the paper file was destroyed; the reason is required.
        url = reverse("disposal:paper-file-destroyed", args=[paper.pk])
        missing = dpo.post(url, {"method": ""})
        assert "Enter how the file was destroyed" in missing.content.decode()
        assert dpo.post(url, {"method": "Cross-cut shredded"}).status_code == 302
        paper.refresh_from_db()
        assert paper.destroyed_on and paper.destroyed_by == world.user("dpo")
        assert "Cross-cut shredded" in dpo.get(reverse("disposal:overview")).content.decode()
        hold = LegalHold.objects.get(lifted_at__isnull=True)
        assert dpo.post(reverse("disposal:hold-lift", args=[hold.pk])).status_code == 302
        hold.refresh_from_db()
        assert hold.lifted_at is not None


def test_the_hold_form_names_each_problem(world):
    publish_register(world.programme)
    dpo = _client(world.user("dpo"))
    page = dpo.post(
        reverse("disposal:hold-create"),
        {
            "programme": world.programme.pk,
            "participant": "not-a-reference",
        },
    ).content.decode()
    assert "Enter the case reference as it appears on the participant" in page
    assert "Choose why the records must be kept" in page
    assert "Enter review date" in page
    assert not LegalHold.objects.exists()


def test_other_roles_are_refused(world):
    response = _client(world.user("manager")).get(reverse("disposal:overview"))
    assert response.status_code == 403
    assert "Only the data protection officer manages retention." in response.content.decode()


def test_a_paper_file_is_recorded_from_the_participants_record_and_listed_when_due(
    client, world, participant_a
):
    sign_in(client, world.user("specialist_a"))
    record = client.get(reverse("participants:detail", args=[participant_a.pk])).content.decode()
    url = reverse("disposal:paper-files", args=[participant_a.pk])
    assert url in record
    refused = client.post(url, {"reference": "", "location": ""}).content.decode()
    assert "There is a problem" in refused and 'href="#reference"' in refused
    assert not PaperFile.objects.exists()
    opened = timezone.localdate() - datetime.timedelta(days=10)
    done = client.post(
        url,
        {
            "reference": "LU-2026-0142",
            "location": "Luton office, cabinet 3",
            "opened_on-day": opened.day,
            "opened_on-month": opened.month,
            "opened_on-year": opened.year,
        },
    )
    assert done.status_code == 302
    paper = PaperFile.objects.get()
    assert (paper.participant, paper.reference, paper.opened_on) == (
        participant_a,
        "LU-2026-0142",
        opened,
    )
    assert "Luton office, cabinet 3" in client.get(url).content.decode()
    # The DPO sees the list but records nothing here (she does not edit records).
    dpo = sign_in(Client(), world.user("dpo"))
    assert "LU-2026-0142" in dpo.get(url).content.decode()
    assert dpo.post(url, {"reference": "X", "location": "Y"}).status_code == 403
