"""`any_of` (casework.core.lookups) finds what `in` finds, on a key and on a foreign key, and on
PostgreSQL its statement is the same whatever the number of values."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.participants.models import Participant, StatusChange
from casework.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    return [
        factories.ParticipantFactory(
            programme=world.programme,
            area=world.area_a,
            responsible_organisation=world.org_a,
            first_name=f"P{n}",
        )
        for n in range(5)
    ]


@pytest.mark.parametrize("chosen", [[], [0], [1, 3], [0, 1, 2, 3, 4]])
def test_any_of_finds_what_in_finds(people, chosen):
    ids = [people[n].pk for n in chosen]
    assert set(Participant.objects.filter(pk__any_of=ids)) == set(
        Participant.objects.filter(pk__in=ids)
    )
    assert set(
        StatusChange.objects.filter(participant_id__any_of=ids).values_list("pk", flat=True)
    ) == set(StatusChange.objects.filter(participant_id__in=ids).values_list("pk", flat=True))


def test_a_value_that_is_none_matches_nothing(people):
    assert list(Participant.objects.filter(pk__any_of=[None, people[0].pk])) == [people[0]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one array parameter on PostgreSQL")
def test_the_statement_is_the_same_for_any_number_of_values(people):
    with CaptureQueriesContext(connection) as queries:
        list(Participant.objects.filter(pk__any_of=[p.pk for p in people[:1]]))
        list(Participant.objects.filter(pk__any_of=[p.pk for p in people]))
    # The captured SQL shows the values as one array; without it the statements are the same.
    first, second = (
        re.sub(r"ANY\('\{[^']*\}'::uuid\[\]\)", "ANY(?)", q["sql"])
        for q in queries.captured_queries
    )
    assert "ANY(?)" in first
    assert first == second
