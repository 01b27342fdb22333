import json

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.rights.models import IdentityMethod
from casework.rights.requests import verify_identity
from casework.rights.testing import request_for
from casework.subjectaccess.models import Decision, PackStatus, SubjectAccessPack
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo_client(client, dpo):
    sign_in(client, dpo)
    return client


def test_the_dpo_prepares_redacts_releases_and_downloads(dpo_client, person, dpo):
    page = dpo_client.get(reverse("subjectaccess:prepare", args=[person.pk]))
    assert b"No pack has been prepared" in page.content
    response = dpo_client.post(reverse("subjectaccess:prepare", args=[person.pk]), {})
    assert response.status_code == 302, response.content.decode()[-3000:]
    pack = SubjectAccessPack.objects.get()
    assert response.url == reverse("subjectaccess:pack", args=[pack.pk])

    # Releasing before the review and the identity check is refused, with every reason.
    refused = dpo_client.post(reverse("subjectaccess:release", args=[pack.pk]), {})
    assert refused.status_code == 400
    assert b"Choose the request this pack answers" in refused.content
    assert b"1 is not reviewed yet" in refused.content

    item = pack.redactions.get()
    review = reverse("subjectaccess:review", args=[pack.pk, item.pk])
    assert b"Dan Smith" in dpo_client.get(review).content
    bad = dpo_client.post(review, {"decision": "redacted", "passage": "Dan Smith"})
    assert bad.status_code == 400 and b"Select the exemption" in bad.content
    dpo_client.post(
        review, {"decision": "redacted", "passage": "Dan Smith", "exemption": "third_party"}
    )
    item.refresh_from_db()
    assert item.decision == Decision.REDACTED

    # The pack answers a request of the rights register, released once identity is verified.
    asked = request_for(person)
    unverified = dpo_client.post(
        reverse("subjectaccess:release", args=[pack.pk]), {"rights_request": str(asked.pk)}
    )
    assert unverified.status_code == 400
    assert f"identity on request {asked.reference} first".encode() in unverified.content
    verify_identity(
        actor=dpo,
        request=asked,
        method=IdentityMethod.KNOWN_TO_CASEWORKER,
        what_was_seen="Their specialist knows them and spoke to them",
        checked_on=timezone.localdate(),
    )
    released = dpo_client.post(
        reverse("subjectaccess:release", args=[pack.pk]), {"rights_request": str(asked.pk)}
    )
    assert released.status_code == 302
    pack.refresh_from_db()
    assert pack.status == PackStatus.RELEASED

    read = dpo_client.get(reverse("subjectaccess:read", args=[pack.pk]))
    assert "Zoë".encode() in read.content and b"Dan Smith" not in read.content
    for fmt, starts in (
        ("html", b"\n<!DOCTYPE"),
        ("pdf", b"%PDF"),
        ("json", b"{"),
        ("csv", "\ufeff".encode()),
    ):
        response = dpo_client.get(reverse("subjectaccess:download", args=[pack.pk, fmt]))
        assert response.status_code == 200, fmt
        assert response.content.lstrip(b"\n").startswith(starts.lstrip(b"\n")), fmt
        assert "attachment" in response["Content-Disposition"]
    assert (
        json.loads(
            dpo_client.get(reverse("subjectaccess:download", args=[pack.pk, "json"])).content
        )["request_reference"]
        == asked.reference
    )
    assert AuditEvent.objects.filter(purpose="subject_access.download").count() >= 5


def test_a_draft_cannot_be_downloaded(dpo_client, person, dpo):
    from casework.subjectaccess.services import prepare_pack

    pack = prepare_pack(by=dpo, participant=person)
    response = dpo_client.get(reverse("subjectaccess:download", args=[pack.pk, "pdf"]))
    assert response.status_code == 404


def test_a_specialist_cannot_open_subject_access(client, person, specialist):
    sign_in(client, specialist)
    assert client.get(reverse("subjectaccess:prepare", args=[person.pk])).status_code == 403
