"""Model instances from a hand-written statement, for the few reads every page makes where the
ORM's building and compiling of the query cost more than the query (decision 0230).

`Columns(Model)` lists the model's concrete columns under its table's name, for a SELECT, and
`Columns.build(row, start)` makes the instance from them as the ORM does: each value passed
through the same converters (the backend's and the field's own, such as decryption), then
`Model.from_db`. A row whose primary key is NULL (the far side of a LEFT JOIN that matched
nothing) builds None. `attach(instance, name, related)` caches a related instance on a foreign
key, as `select_related` would, so reading it asks nothing more.

Nothing here writes SQL for a rule: who may see a row stays the ORM's (the caller's WHERE comes
from casework.access.selectors).
"""

from django.db import DEFAULT_DB_ALIAS, connections


class Columns:
    def __init__(self, model, using: str = DEFAULT_DB_ALIAS):
        self.model = model
        self.using = using
        self.table = model._meta.db_table
        connection = connections[using]
        quote = connection.ops.quote_name
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [field.attname for field in self.fields]
        self.sql = ", ".join(f"{quote(self.table)}.{quote(f.column)}" for f in self.fields)
        self.width = len(self.fields)
        self._converters = []
        for position, field in enumerate(self.fields):
            column = field.get_col(self.table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                self._converters.append((position, found, column))
        self._connection = connection

    def build(self, row, start: int = 0):
        values = list(row[start : start + self.width])
        if values[0] is None:
            return None
        for position, converters, column in self._converters:
            value = values[position]
            for convert in converters:
                value = convert(value, column, self._connection)
            values[position] = value
        return self.model.from_db(self.using, self.attnames, values)


def convert(field, value, using: str = DEFAULT_DB_ALIAS):
    """One value of `field` as the ORM reads it (for an annotation in a hand-written SELECT)."""
    connection = connections[using]
    column = field.get_col(field.model._meta.db_table)
    for converter in connection.ops.get_db_converters(column) + column.get_db_converters(
        connection
    ):
        value = converter(value, column, connection)
    return value


def attach(instance, name: str, related) -> None:
    """Caches `related` as `instance`'s `name` (a foreign key), as select_related does."""
    instance._meta.get_field(name).set_cached_value(instance, related)
