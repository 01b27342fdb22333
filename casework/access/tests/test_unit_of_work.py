"""A unit of work (casework.audit.context.unit_of_work), such as the demo's participants: the
permission checks' memberships and the register's current version are read once for the run,
as within a request, and afresh on every call outside both."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.access.permissions import Action, has_permission
from casework.audit.context import unit_of_work
from casework.register import selectors as register_selectors
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db


def _reads_of(table: str, queries: CaptureQueriesContext) -> int:
    return sum(f'FROM "{table}"' in q["sql"] for q in queries.captured_queries)


def test_outside_a_unit_of_work_every_check_reads_the_memberships(world):
    specialist = world.user("specialist_a")
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert has_permission(specialist, Action.VIEW_PARTICIPANT, world.programme)
    assert _reads_of("staff_membership", queries) == 3


def test_within_one_the_memberships_are_read_once_and_the_answers_stay_right(world):
    specialist, referrer = world.user("specialist_a"), world.user("referrer")
    with unit_of_work(), CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert has_permission(specialist, Action.VIEW_PARTICIPANT, world.programme)
            assert not has_permission(specialist, Action.MAKE_REFERRAL, world.programme)
            assert has_permission(referrer, Action.MAKE_REFERRAL, world.programme)
            assert not has_permission(referrer, Action.VIEW_PARTICIPANT, world.programme)
    assert _reads_of("staff_membership", queries) == 2, "once for each member of staff"
    # Once it ends, nothing is remembered.
    with CaptureQueriesContext(connection) as queries:
        has_permission(specialist, Action.VIEW_PARTICIPANT, world.programme)
    assert _reads_of("staff_membership", queries) == 1


def test_within_one_the_register_is_read_once_and_again_after_a_publication(world):
    first = publish_register(world.programme)
    with unit_of_work():
        with CaptureQueriesContext(connection) as queries:
            for _ in range(3):
                assert register_selectors.current_version(world.programme) == first
        assert _reads_of("register_registerversion", queries) == 1
        second = publish_register(world.programme)
        register_selectors.forget_current_version(world.programme)
        assert register_selectors.current_version(world.programme) == second
