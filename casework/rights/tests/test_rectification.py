"""Rectification (Art 16) with its history, supplementary statements, lifting a restriction only
once the person is told (Art 18(3)), objections decided with reasons (Art 21): the services and
the DPO's pages on the participant's record."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.disclosures.models import Disclosure
from casework.rights import rectification, selectors, services
from casework.rights.models import Rectification, SupplementaryStatement
from casework.testing.auth import sign_in
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo(world):
    publish_register(world.programme)
    return world.user("dpo")


def shared_with_acme(participant, by):
    disclosure = Disclosure.objects.create(
        programme=participant.programme,
        register_version=participant.programme.versions.order_by("-number").first(),
        kind="document",
        participant_count=1,
        recipient_key="employers-training",
        recipient_type="employer",
        recipient_description="Employers",
        recipient_name="Acme Foods",
        purpose="support",
        basis="consent",
        fields=["participants.Participant.phone", "participants.Participant.last_name"],
        content_sha256="0" * 64,
        delivery="download",
        status="sent",
        disclosed_by=by,
        disclosed_at=timezone.now(),
    )
    disclosure.participants.add(participant)


def test_a_correction_keeps_the_value_before_and_lists_who_to_tell(dpo, participant_a):
    participant_a.phone = "01234 567890"
    participant_a.save()
    shared_with_acme(participant_a, dpo)
    done = rectification.rectify(
        actor=dpo,
        participant=participant_a,
        field="phone",
        value="07700 900123",
        reason="The person gave a new number",
    )
    participant_a.refresh_from_db()
    assert participant_a.phone == "07700 900123"
    assert (done.old_value, done.new_value) == ("01234 567890", "07700 900123")
    assert done.recipients_to_tell == [["employers-training", "Acme Foods"]]
    [entry] = rectification.history(dpo, participant_a)
    assert (entry.before, entry.after, entry.recipients) == (
        "01234 567890",
        "07700 900123",
        ("Acme Foods",),
    )
    purposes = set(
        AuditEvent.objects.filter(participant_id=participant_a.pk).values_list("purpose", flat=True)
    )
    assert "rights.rectification.correct" in purposes


def test_the_value_before_is_encrypted_at_rest(dpo, participant_a):
    from django.db import connection

    old = participant_a.last_name
    rectification.rectify(
        actor=dpo, participant=participant_a, field="last_name", value="Archer-Smith", reason="x"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT old_value FROM rights_rectification")
        [(stored,)] = cursor.fetchall()
    assert old not in stored


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postcode", "NOT A POSTCODE", "postcode"),
        ("national_insurance_number", "AB12", "National Insurance"),
        ("email", "not-an-email", "email"),
        ("date_of_birth", datetime.date(2090, 1, 1), "date of birth"),
    ],
)
def test_a_correction_to_an_invalid_value_is_refused_and_nothing_is_saved(
    dpo, participant_a, field, value, message
):
    before = getattr(participant_a, field)
    with pytest.raises(ValidationError) as refused:
        rectification.rectify(
            actor=dpo, participant=participant_a, field=field, value=value, reason="Asked"
        )
    assert message.lower() in " ".join(refused.value.message_dict[field]).lower()
    participant_a.refresh_from_db()
    assert getattr(participant_a, field) == before
    assert not Rectification.objects.exists()


def test_a_correction_needs_a_reason_and_a_different_value(dpo, participant_a):
    with pytest.raises(ValidationError) as refused:
        rectification.rectify(
            actor=dpo,
            participant=participant_a,
            field="last_name",
            value=participant_a.last_name,
            reason=" ",
        )
    assert set(refused.value.message_dict) == {"reason", "last_name"}


def test_only_roles_that_manage_rights_requests_correct(world, dpo, participant_a):
    with pytest.raises(PermissionDenied):
        rectification.rectify(
            actor=world.user("specialist_a"),
            participant=participant_a,
            field="last_name",
            value="New",
            reason="x",
        )


def test_special_category_history_is_hidden_from_roles_that_do_not_see_it(
    world, dpo, participant_a
):
    rectification.rectify(
        actor=dpo, participant=participant_a, field="ethnicity", value="Mixed", reason="Asked"
    )
    assert [e.field for e in rectification.history(dpo, participant_a)] == ["ethnicity"]
    assert rectification.history(world.user("manager"), participant_a) == []


def attach_a_gender_statement(dpo, participant):
    return rectification.attach_statement(
        actor=dpo,
        participant=participant,
        field="gender",
        statement="I told the caseworker something else",
        council_view="The form the person signed says otherwise",
    )


def test_where_the_council_disagrees_a_statement_is_attached_instead(dpo, participant_a):
    with pytest.raises(ValidationError) as refused:
        rectification.attach_statement(
            actor=dpo, participant=participant_a, field="gender", statement="", council_view=""
        )
    assert set(refused.value.message_dict) == {"statement", "council_view"}
    before = participant_a.gender
    attach_a_gender_statement(dpo, participant_a)
    participant_a.refresh_from_db()
    assert participant_a.gender == before
    assert SupplementaryStatement.objects.get().field == "participants.Participant.gender"


def test_the_history_holds_corrections_and_statements_newest_first_and_who_made_them(
    world, dpo, participant_a
):
    start = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        old = participant_a.last_name
        rectification.rectify(
            actor=dpo,
            participant=participant_a,
            field="last_name",
            value="Archer-Smith",
            reason="Married",
        )
        clock.shift(datetime.timedelta(days=1))
        attach_a_gender_statement(dpo, participant_a)
    statement, correction = rectification.history(dpo, participant_a)
    assert (statement.kind, statement.field, statement.by) == (
        "statement",
        "gender",
        dpo.get_full_name(),
    )
    assert statement.statement == "I told the caseworker something else"
    assert statement.council_view == "The form the person signed says otherwise"
    assert statement.when == start + datetime.timedelta(days=1)
    assert (correction.kind, correction.before, correction.after) == (
        "correction",
        old,
        "Archer-Smith",
    )
    assert (correction.reason, correction.by, correction.when) == (
        "Married",
        dpo.get_full_name(),
        start,
    )


def test_a_restriction_is_lifted_only_once_the_person_is_told(dpo, participant_a):
    restriction = services.restrict(actor=dpo, participant=participant_a, reason="Accuracy")
    with pytest.raises(ValidationError) as refused:
        services.lift_restriction(actor=dpo, restriction=restriction)
    assert set(refused.value.message_dict) == {"told_on", "told_how"}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="today or in the past"):
        services.lift_restriction(
            actor=dpo, restriction=restriction, told_on=tomorrow, told_how="Letter"
        )
    assert selectors.is_restricted(participant_a)
    services.lift_restriction(
        actor=dpo, restriction=restriction, told_on=timezone.localdate(), told_how="Letter"
    )
    assert not selectors.is_restricted(participant_a)


def test_an_objection_not_upheld_needs_its_reasons(dpo, participant_a):
    objection = services.record_objection(
        actor=dpo, participant=participant_a, purpose="support", grounds="My situation"
    )
    with pytest.raises(ValidationError, match="compelling legitimate grounds"):
        services.decide_objection(actor=dpo, objection=objection, decision="not_upheld")
    assert selectors.objected_purposes(participant_a) == {"support"}
    services.decide_objection(
        actor=dpo, objection=objection, decision="not_upheld", reasons="Safeguarding duty"
    )
    assert selectors.objected_purposes(participant_a) == set()


# The pages


def test_the_dpo_corrects_a_detail_from_the_record_and_sees_its_history(client, dpo, participant_a):
    sign_in(client, dpo)
    record = client.get(reverse("participants:detail", args=[participant_a.pk])).content.decode()
    overview = reverse("rights_record:overview", args=[participant_a.pk])
    assert overview in record
    page = client.get(overview).content.decode()
    correct = reverse("rights_record:correct", args=[participant_a.pk, "last_name"])
    assert correct in page
    refused = client.post(correct, {"last_name": "", "reason": ""})
    assert refused.status_code == 200
    assert "Enter a last name" in refused.content.decode()
    assert "Enter why the detail is corrected" in refused.content.decode()
    old = participant_a.last_name
    done = client.post(correct, {"last_name": "Archer-Smith", "reason": "Married"})
    assert done.status_code == 302
    record = client.get(reverse("participants:detail", args=[participant_a.pk])).content.decode()
    assert "Corrections and statements" in record
    assert old in record and "Archer-Smith" in record and "Married" in record


def test_an_invalid_value_on_the_page_shows_the_edit_forms_message(client, dpo, participant_a):
    sign_in(client, dpo)
    correct = reverse("rights_record:correct", args=[participant_a.pk, "postcode"])
    response = client.post(correct, {"postcode": "ZZZ", "reason": "Moved"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    participant_a.refresh_from_db()
    assert participant_a.postcode != "ZZZ"


def test_a_field_the_programme_does_not_hold_cannot_be_corrected(client, dpo, participant_a):
    sign_in(client, dpo)
    for field in ("area", "nino_index", "status"):
        url = reverse("rights_record:correct", args=[participant_a.pk, field])
        assert client.get(url).status_code == 404


def test_restrict_and_lift_from_the_pages_with_the_banner(client, dpo, participant_a):
    sign_in(client, dpo)
    record = reverse("participants:detail", args=[participant_a.pk])
    assert "data-restriction-banner" not in client.get(record).content.decode()
    client.post(reverse("rights_record:restrict", args=[participant_a.pk]), {"reason": "Accuracy"})
    assert "data-restriction-banner" in client.get(record).content.decode()
    lift = reverse("rights_record:lift", args=[participant_a.pk])
    refused = client.post(lift, {})
    assert "they must be told before it is lifted" in refused.content.decode()
    assert selectors.is_restricted(participant_a)
    today = timezone.localdate()
    told = {"told_on-day": today.day, "told_on-month": today.month, "told_on-year": today.year}
    assert client.post(lift, {**told, "told_how": "Letter"}).status_code == 302
    assert "data-restriction-banner" not in client.get(record).content.decode()


def test_record_and_decide_an_objection_from_the_pages(client, dpo, participant_a):
    sign_in(client, dpo)
    today = timezone.localdate()
    received = {
        "received_on-day": today.day,
        "received_on-month": today.month,
        "received_on-year": today.year,
    }
    new = reverse("rights_record:object", args=[participant_a.pk])
    assert "Select a purpose" in client.post(new, received).content.decode()
    assert client.post(new, {**received, "purpose": "support"}).status_code == 302
    objection = participant_a.objections.get()
    decide = reverse("rights_record:decide", args=[participant_a.pk, objection.pk])
    refused = client.post(decide, {"decision": "not_upheld"})
    assert "needs reasons" in refused.content.decode()
    client.post(decide, {"decision": "not_upheld", "reasons": "Safeguarding"})
    objection.refresh_from_db()
    assert objection.decision == "not_upheld"


def test_an_objection_to_evaluation_leaves_the_person_out_of_evaluation_selections(
    dpo, world, participant_a, participant_b
):
    from casework.participants.models import Participant

    both = Participant.objects.filter(pk__in=[participant_a.pk, participant_b.pk])
    assert "evaluation" in selectors.purpose_keys_of_kinds(world.programme, ["evaluation"])
    objection = services.record_objection(
        actor=dpo, participant=participant_a, purpose="evaluation"
    )
    kinds = selectors.EVALUATION_KINDS
    assert list(selectors.without_objecting_to_kinds(both, world.programme, kinds)) == [
        participant_b
    ]
    services.decide_objection(actor=dpo, objection=objection, decision="upheld")
    assert participant_a not in selectors.without_objecting_to_kinds(both, world.programme, kinds)
    services.decide_objection(
        actor=dpo, objection=objection, decision="not_upheld", reasons="Statutory evaluation"
    )
    assert participant_a in selectors.without_objecting_to_kinds(both, world.programme, kinds)


def test_the_admin_shows_an_objection_without_whose_it_is(client, world, participant_a):
    from casework.rights.testing import decided_objection
    from casework.testing import factories

    objection = decided_objection(participant_a)
    admin = factories.StaffUserFactory(
        email="admin@council.example", is_staff=True, is_superuser=True
    )
    sign_in(client, admin)
    page = client.get(reverse("admin:rights_objection_change", args=[objection.pk]))
    assert page.status_code == 200
    assert participant_a.last_name.encode() not in page.content


def test_the_banner_comes_with_the_record_not_from_a_query_of_its_own(client, dpo, participant_a):
    started = datetime.datetime(2026, 11, 20, 14, 30, tzinfo=datetime.UTC)
    with time_machine.travel(started, tick=False):
        services.restrict(actor=dpo, participant=participant_a, reason="Accuracy")
    sign_in(client, dpo)
    record = reverse("participants:detail", args=[participant_a.pk])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(record).content.decode()
    assert "data-restriction-banner" in html
    assert "Since 20 November 2026 at 14:30" in html
    alone = [q["sql"] for q in queries if q["sql"].startswith('SELECT "rights_restriction"')]
    assert alone == []
