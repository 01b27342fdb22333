"""Trigram indexes for the search by name (docs/decisions/0175-name-search-trigram-index.md).

The search matches each word anywhere in the first, last or preferred name, case-insensitively
(`icontains`, which PostgreSQL runs as `UPPER(col::text) LIKE UPPER('%word%')`). A B-tree cannot
answer a LIKE with a leading wildcard; a GIN index of the trigrams of the same UPPER(...)
expression can. Built CONCURRENTLY (the migration is not atomic), so adding it to a national
database does not stop writes to participants. SQLite (development, tests): nothing to do."""

from django.db import migrations

COLUMNS = ("first_name", "last_name", "preferred_name")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS participant_{column}_trgm "
            f"ON participants_participant USING gin ((upper({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS participant_{column}_trgm")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("participants", "0006_date_of_birth_and_gender_optional")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
