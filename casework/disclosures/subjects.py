"""The people a large release covers, as a queryset for the disclosure gate, without holding
them as objects or as one enormous `IN (...)`: their ids are streamed into a temporary table
(COPY on PostgreSQL, batched inserts elsewhere) and the queryset reads it. Used by the DWP
monthly return and the evaluation extract, whose releases cover hundreds of thousands of
people (issue 15; the gate takes a queryset: decision 0181)."""

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from casework.participants.models import Participant

TABLE = "disclosures_release_people"
BATCH = 2000


@contextmanager
def held_subjects(ids: Iterable[uuid.UUID]) -> Iterator[QuerySet[Participant]]:
    """`with held_subjects(ids) as people:` the participants with those ids (a queryset over a
    temporary table on this connection, dropped on leaving the block)."""
    pk = Participant._meta.pk
    table = connection.ops.quote_name(TABLE)
    references = (pk.get_db_prep_value(i, connection) for i in ids)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TEMPORARY TABLE {table} (id {pk.db_type(connection)} PRIMARY KEY)")
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} (id) FROM STDIN") as copy:
                block = []
                for reference in references:
                    block.append(f"{reference}\n")
                    if len(block) == BATCH:
                        copy.write("".join(block))
                        block = []
                copy.write("".join(block))
        else:
            block = []
            for reference in references:
                block.append((reference,))
                if len(block) == BATCH:
                    cursor.executemany(f"INSERT INTO {table} (id) VALUES (%s)", block)  # noqa: S608
                    block = []
            if block:
                cursor.executemany(f"INSERT INTO {table} (id) VALUES (%s)", block)  # noqa: S608
    try:
        held = RawSQL(f"SELECT id FROM {table}", ())  # noqa: S608, S611 - a fixed table name
        yield Participant.objects.filter(pk__in=held)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
