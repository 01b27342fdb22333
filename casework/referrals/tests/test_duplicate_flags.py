"""The inbox's "Possible duplicate" flags, read by one hand-written statement (decision 0230),
are what the ORM's reading of the same rules gives: for every member of staff, over referrals
that match participants and each other by name and date of birth (ignoring case and the spaces
typed around the name) or by National Insurance number, in sight and out of it."""

import datetime
import itertools

import pytest
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import NullIf, Trim

from casework.access.selectors import area_scope
from casework.audit.context import unit_of_work
from casework.participants.models import Participant
from casework.referrals import selectors, services
from casework.referrals.models import Referral, ReferralStatus
from casework.testing import factories

pytestmark = pytest.mark.django_db

BORN = datetime.date(1990, 3, 4)


def _by_the_orm(user, referrals) -> dict:
    """The flags as the ORM read them before decision 0230: a match anywhere, and none of the
    matches out of the user's sight."""
    reach = area_scope(user)
    match = Q(programme=OuterRef("programme")) & (
        Q(last_name__iexact=Trim(OuterRef("last_name")), date_of_birth=OuterRef("date_of_birth"))
        | (Q(nino_index=NullIf(OuterRef("nino_index"), Value(""))) & ~Q(nino_index=""))
    )
    participants = Participant.objects.filter(match)
    others = Referral.objects.filter(match, status=ReferralStatus.RECEIVED).exclude(
        pk=OuterRef("pk")
    )
    rows = Referral.objects.filter(pk__in=[r.pk for r in referrals]).annotate(
        known=Exists(participants) | Exists(others),
        hidden=Exists(participants.exclude(reach)) | Exists(others.exclude(reach)),
    )
    return {r.pk: bool(r.known and not r.hidden) for r in rows}


def _refer(world, *, last_name, number, date_of_birth, area):
    return services.submit_referral(
        actor=world.user("referrer"),
        programme=world.programme,
        route="jobcentre_plus",
        agreement_how="in_person",
        first_name="Sam",
        last_name=last_name,
        date_of_birth=date_of_birth,
        email="sam@example.com",
        phone="",
        postcode="LU2 0AB",
        area=area,
        national_insurance_number=number,
        support_needs="",
    )


@pytest.fixture
def inbox(world):
    for area, org, name, nino in (
        (world.area_a, world.org_a, "Okafor", "QQ 12 34 56 A"),
        (world.area_b, world.org_b, "Nowak", "QQ 65 43 21 B"),
    ):
        factories.ParticipantFactory(
            programme=world.programme,
            area=area,
            responsible_organisation=org,
            last_name=name,
            date_of_birth=BORN,
            national_insurance_number=nino,
        )
    # Each name in one area, but Lindqvist in both; numbers that match a participant of either
    # area, or each other across the areas.
    names_in = [
        (["Okafor", "  okafor "], world.area_a),
        (["Nowak", "NOWAK"], world.area_b),
        (["Lindqvist"], world.area_a),
        (["Lindqvist"], world.area_b),
    ]
    # Someone new, someone whose only match is a referral already declined, and two who match
    # only when case is ignored.
    later = datetime.date(1985, 6, 7)
    grid_extra = [
        ("Unmatched", "", BORN, world.area_a),
        ("Declined", "", BORN, world.area_a),
        ("McGregor", "", later, world.area_a),
        ("MCGREGOR", "", later, world.area_a),
    ]
    numbers = ["", "QQ123456A", "QQ654321B", "QQ 11 11 11 C"]
    born = [BORN, datetime.date(1991, 1, 1)]
    grid = [
        (name, number, date_of_birth, area)
        for names, area in names_in
        for name, number, date_of_birth in itertools.product(names, numbers, born)
    ]
    referrals = [
        _refer(world, last_name=last_name, number=number, date_of_birth=born_on, area=area)
        for last_name, number, born_on, area in grid + grid_extra
    ]
    declined = _refer(world, last_name="Declined", number="", date_of_birth=BORN, area=world.area_a)
    Referral.objects.filter(pk=declined.pk).update(status=ReferralStatus.DECLINED)
    return referrals


def test_every_member_of_staff_sees_the_flags_the_orm_gives(world, inbox):
    shown = {}
    for name, user in world.users.items():
        expected = _by_the_orm(user, inbox)
        with unit_of_work():
            flagged = selectors.flag_possible_duplicates(user, list(inbox))
        got = {r.pk: r.possible_duplicate for r in flagged}
        assert got == expected, name
        shown[name] = got
    # Both answers occur: a partner sees some flags, and fewer than the accountable body, whose
    # sight covers every match; someone new is flagged to nobody.
    count = {name: sum(flags.values()) for name, flags in shown.items()}
    assert 0 < count["team_leader_a"] < count["manager"] < len(inbox)
    assert count["referrer"] == 0
    seen_by_manager = {r.last_name: shown["manager"][r.pk] for r in inbox}
    assert seen_by_manager["Unmatched"] is seen_by_manager["Declined"] is False
    assert seen_by_manager["McGregor"] is seen_by_manager["MCGREGOR"] is True


def test_a_page_without_referrals_asks_nothing(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.flag_possible_duplicates(world.user("manager"), []) == []
