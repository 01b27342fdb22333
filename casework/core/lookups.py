"""`field__any_of=[...]`: `field IN (...)` as one parameter on PostgreSQL (decision 0231).

Django writes `pk__in=ids` as `IN (%s, %s, ...)`, one parameter per value. A caseload's 54 ids
then make a statement whose text changes with the caseload's size, so PostgreSQL prepares one
per size, and the driver (psycopg keeps the parsed form of a statement of at most 50
parameters) splits its text again on every run. `any_of` is `field = ANY(%s)` with the values
as one array: one statement for every size. Elsewhere (SQLite) it is `in`.
"""

from django.db.models import Field, ForeignObject
from django.db.models.lookups import In


class AnyOf(In):
    lookup_name = "any_of"

    def as_postgresql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        values = [
            field.get_db_prep_value(value, connection) for value in self.rhs if value is not None
        ]
        return f"{lhs_sql} = ANY(%s)", (*lhs_params, values)


Field.register_lookup(AnyOf)
# A foreign key's own lookups are its own (`participant_id__any_of=ids`: the ids as they are).
ForeignObject.register_lookup(AnyOf)
