"""`flush`, which the test suite runs between transactional tests, empties every table with one
TRUNCATE, and the audit table's trigger refuses that. A superuser (the test database's owner)
may flush with triggers switched off for the statement (session_replication_role = replica);
anyone else gets the trigger's refusal, so an application role can never empty the trail.

Between tests (sequences kept, no question asked) the superuser's flush empties the tables with
DELETE rather than TRUNCATE: the same empty tables, but TRUNCATE makes new files for each of the
93 tables and their indexes, 1.0-1.5 s a flush here, where DELETE of the few rows a test leaves
takes 10-40 ms (decision 0227). Django's content types and permissions, all that post_migrate
would put back, are left in place."""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections, transaction

# What post_migrate's receivers (contenttypes' and auth's, the only ones installed) would write
# straight back: kept, and post_migrate not sent. Deleting them and sending it took 500
# statements, 0.4-2 s a flush on this machine; sent with them kept, it still read for 0.5 s.
_FILLED_BY_POST_MIGRATE = frozenset({"django_content_type", "auth_permission"})


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            return super().handle(**options)
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            superuser = cursor.fetchone()[0]
            if not superuser:
                return super().handle(**options)
            cursor.execute("SET session_replication_role = replica")
            try:
                if options.get("reset_sequences", True) or options.get("interactive"):
                    return super().handle(**options)
                return self._empty_between_tests(connection)
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")

    def _empty_between_tests(self, connection) -> None:
        tables = (
            set(
                connection.introspection.django_table_names(only_existing=True, include_views=False)
            )
            - _FILLED_BY_POST_MIGRATE
        )
        if not tables:
            return
        quote = connection.ops.quote_name
        # One round trip; with the triggers off, no foreign key decides the order.
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            # Table names from the database's own catalogue, quoted: no outside input.
            statements = [f"DELETE FROM {quote(table)}" for table in sorted(tables)]  # noqa: S608
            cursor.execute("; ".join(statements))
