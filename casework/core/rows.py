"""Model instances from a hand-written statement, for the few reads every page makes where the
ORM's building and compiling of the query cost more than the query (decision 0230).

`Columns(Model)` lists the model's concrete columns under its table's name, for a SELECT, and
`Columns.build(row, start)` makes the instance from them as the ORM does: each value passed
through the same converters (the backend's and the field's own, such as decryption), then
`Model.from_db`. A row whose primary key is NULL (the far side of a LEFT JOIN that matched
nothing) builds None. `Joined(Model, relations)` is `select_related(*relations)` by hand: the
columns of the model and of the records its foreign keys name, the joins, and the instance
with those records cached on it, so reading them asks nothing more.

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
        self._key = self.fields.index(model._meta.pk)
        self._converters = []
        for position, field in enumerate(self.fields):
            column = field.get_col(self.table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                self._converters.append((position, found, column))
        self._connection = connection

    def build(self, row, start: int = 0):
        values = list(row[start : start + self.width])
        if values[self._key] is None:
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


class Joined:
    """`model` with the records its foreign keys `relations` name, read in one SELECT: `sql`
    (the columns), `joins` (to follow `FROM` the model's table: an inner join, or a left outer
    join where the key may be empty), `width` (how many columns) and `build(row)`."""

    def __init__(self, model, relations: tuple[str, ...], using: str = DEFAULT_DB_ALIAS):
        quote = connections[using].ops.quote_name
        self.relations = relations
        fields = [model._meta.get_field(name) for name in relations]
        self.readers = [Columns(model, using), *(Columns(f.related_model, using) for f in fields)]
        self.sql = ", ".join(reader.sql for reader in self.readers)
        self.width = sum(reader.width for reader in self.readers)
        own = quote(model._meta.db_table)
        self.joins = " ".join(
            f"{'LEFT OUTER' if field.null else 'INNER'} JOIN {quote(reader.table)} ON "
            f"{quote(reader.table)}.{quote(field.target_field.column)} = "
            f"{own}.{quote(field.column)}"
            for field, reader in zip(fields, self.readers[1:], strict=True)
        )

    def build(self, row, start: int = 0):
        instance = self.readers[0].build(row, start)
        start += self.readers[0].width
        for name, reader in zip(self.relations, self.readers[1:], strict=True):
            attach(instance, name, reader.build(row, start))
            start += reader.width
        return instance


def attach(instance, name: str, related) -> None:
    """Caches `related` as `instance`'s `name` (a foreign key), as select_related does."""
    instance._meta.get_field(name).set_cached_value(instance, related)
