"""The record's one hand-written read (find_participant, decision 0230) answers exactly as the
ORM would: the same people to the same staff, every field and relation the same, whether they
are seen through break-glass, and the restriction in force."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Q
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.access import selectors as access_selectors
from casework.access.models import BreakGlassGrant
from casework.audit.context import unit_of_work
from casework.journey.models import Job
from casework.participants import selectors
from casework.participants.models import Participant
from casework.rights.models import Restriction
from casework.testing import factories

pytestmark = pytest.mark.django_db

RELATIONS = ("programme", "area", "responsible_organisation", "assigned_specialist")


def _fields(instance) -> dict:
    if instance is None:
        return {}
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def _by_the_orm(user, pk):
    """The record as the ORM reads it with the same rule, or None where the user may not."""
    return (
        Participant.objects.filter(access_selectors.participant_scope(user))
        .select_related(*RELATIONS)
        .filter(pk=pk)
        .first()
    )


@pytest.fixture
def people(world, participant_a, participant_b):
    unassigned = factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=None,
        first_name="Una",
        health_conditions="Asthma",
        national_insurance_number="QQ123456C",
    )
    restricted = factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_b,
        responsible_organisation=world.org_b,
        assigned_specialist=world.user("specialist_b"),
        first_name="Rita",
    )
    now = timezone.now()
    for started, lifted in ((now - datetime.timedelta(days=9), now), (now, None)):
        Restriction.objects.create(
            participant=restricted,
            reason="Accuracy contested",
            started_at=started,
            lifted_at=lifted,
        )
    # specialist_a sees a colleague's case through a live grant; an expired grant opens nothing.
    colleague_case = factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a2"),
        first_name="Gail",
    )
    lapsed_case = factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a2"),
        first_name="Lapsed",
    )
    for case, expires in ((colleague_case, now + datetime.timedelta(hours=1)), (lapsed_case, now)):
        BreakGlassGrant.objects.create(
            user=world.user("specialist_a"),
            participant=case,
            reason="safeguarding",
            granted_at=now - datetime.timedelta(hours=1),
            expires_at=expires,
        )
    return [participant_a, participant_b, unassigned, restricted, colleague_case, lapsed_case]


def test_every_role_gets_the_record_the_orm_would_give(world, people):
    seen = 0
    for name, user in world.users.items():
        for person in people:
            expected = _by_the_orm(user, person.pk)
            with unit_of_work():
                if expected is None:
                    with pytest.raises(Http404):
                        selectors.find_participant(user, person.pk, purpose="test")
                    continue
                got = selectors.find_participant(user, person.pk, purpose="test")
            seen += 1
            assert _fields(got) == _fields(expected), (name, person.first_name)
            for relation in RELATIONS:
                assert _fields(getattr(got, relation)) == _fields(getattr(expected, relation))
            in_own_scope = Participant.objects.filter(
                access_selectors.participant_scope(user, break_glass=False), pk=person.pk
            ).exists()
            assert got.seen_without_break_glass is in_own_scope, (name, person.first_name)
    # Every role that sees anyone was compared, and not only to be refused.
    assert seen >= 15


def test_the_record_brings_its_relations_and_restriction_in_one_statement(world, people):
    restricted = people[3]
    user = world.user("specialist_b")
    with unit_of_work():
        access_selectors.participant_scope_sql(user)
        access_selectors.participant_scope_sql(user, break_glass=False)
        with CaptureQueriesContext(_connection()) as queries:
            record = selectors.find_participant(user, restricted.pk, purpose="test")
            assert record.area.name == "Milton Keynes"
            assert record.assigned_specialist.email == "specialist_b@council.example"
            live = Restriction.objects.get(participant=restricted, lifted_at__isnull=True)
            assert record.restriction_in_force_id == live.pk
            assert record.restriction_in_force_since == live.started_at
        # The Restriction.objects.get above is this test's own statement.
        assert len(queries) == 2


def test_the_colleagues_case_is_seen_through_break_glass_and_the_lapsed_one_not(world, people):
    colleague_case, lapsed_case = people[4], people[5]
    user = world.user("specialist_a")
    with unit_of_work():
        record = selectors.find_participant(user, colleague_case.pk, purpose="test")
        assert record.seen_without_break_glass is False
        assert record.restriction_in_force_id is None
        with pytest.raises(Http404):
            selectors.find_participant(user, lapsed_case.pk, purpose="test")


def test_encrypted_fields_read_back_as_written(world, people):
    unassigned = people[2]
    with unit_of_work():
        record = selectors.find_participant(world.user("manager"), unassigned.pk, purpose="test")
    assert record.health_conditions == "Asthma"
    assert record.national_insurance_number == "QQ123456C"
    assert record.assigned_specialist is None


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "", "1; DROP TABLE x", None, 42])
def test_an_id_that_is_no_participant_is_a_404(world, people, bad_id):
    with unit_of_work(), pytest.raises(Http404):
        selectors.find_participant(world.user("manager"), bad_id, purpose="test")


def test_a_scope_that_would_need_a_join_is_refused_not_guessed(world, people, monkeypatch):
    monkeypatch.setattr(
        access_selectors, "participant_scope", lambda user, break_glass=True: Q(area__name="Luton")
    )
    with unit_of_work(), pytest.raises(ValueError, match="needs a join"):
        access_selectors.participant_scope_sql(world.user("manager"))


def _connection():
    from django.db import connection

    return connection


def test_the_ids_subquery_gives_every_role_the_people_the_orm_gives(world, people):
    """`visible_participant_ids` (the records' reads on the timeline and journey pages) keeps
    its own table's columns even under an outer query that joins the participants."""
    for person in people:
        Job.objects.create(
            participant=person,
            employer="Airport",
            job_title="Baggage handler",
            employment_type="employed",
            hours_per_week=Decimal("22.50"),
            hourly_pay=Decimal("12.60"),
            started_on=datetime.date(2026, 9, 1),
        )
    for name, user in world.users.items():
        expected = set(access_selectors.participants_visible_to(user).values_list("pk", flat=True))
        with unit_of_work():
            ids = access_selectors.visible_participant_ids(user)
            got = set(Participant.objects.filter(pk__in=ids).values_list("pk", flat=True))
            jobs = Job.objects.select_related("participant").filter(participant__in=ids)
            jobs_of = {job.participant_id for job in jobs}
        assert got == expected, name
        assert jobs_of == expected, name


def test_every_users_memberships_and_parts_are_read_as_the_orm_reads_them(world, people):
    """The sign-in's two reads on every page (decision 0230): the user's memberships with their
    programme and team, and their organisation's parts in each programme with its areas."""
    from casework.access.permissions import memberships_of_user
    from casework.programmes.models import ProgrammeOrganisation
    from casework.staff.models import Membership

    extra = factories.ProgrammeFactory(slug="second", name="Second programme")
    factories.MembershipFactory(user=world.user("manager"), programme=extra, role="auditor")
    for name, user in world.users.items():
        expected = list(
            Membership.objects.filter(user=user).select_related("programme", "team").order_by("pk")
        )
        with unit_of_work():
            got = memberships_of_user(user)
        assert [_fields(m) for m in got] == [_fields(m) for m in expected], name
        for membership, orm in zip(got, expected, strict=True):
            assert _fields(membership.programme) == _fields(orm.programme)
            assert _fields(membership.team) == _fields(orm.team)
        parts: dict = {}
        for programme_id, role, area_id in ProgrammeOrganisation.objects.filter(
            organisation_id=user.organisation_id
        ).values_list("programme_id", "role", "areas"):
            parts.setdefault(programme_id, set()).add((role, area_id))
        with unit_of_work():
            read = access_selectors._parties(user)
        assert {k: set(v) for k, v in read.items()} == parts, name
    assert len(memberships_of_user(world.user("manager"))) == 2
