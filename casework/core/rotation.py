"""Re-encrypting every encrypted field with the current (first) key of CASEWORK_FIELD_KEYS.

Works on the stored tokens directly (the model field would decrypt them), in keyset-paginated
batches of one transaction each. Values already under the first key are skipped, so an
interrupted run is finished by running it again. Each update only applies if the stored token
is still the one read, so a value changed meanwhile is left as its writer saved it."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction

from casework.core import crypto
from casework.core.fields import EncryptedTextField


@dataclass
class FieldRotation:
    label: str
    rotated: int = 0
    already_current: int = 0


def encrypted_fields() -> Iterator[tuple[type, EncryptedTextField]]:
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


def rotate_field(
    model, field, *, batch_size: int, progress: Callable[[FieldRotation], None]
) -> FieldRotation:
    quote = connection.ops.quote_name
    table, column = quote(model._meta.db_table), quote(field.column)
    pk = quote(model._meta.pk.column)
    # Identifiers come from model metadata and are quoted; values are parameters.
    select = (
        f"SELECT {pk}, {column} FROM {table} WHERE {column} IS NOT NULL AND {column} <> '' "  # noqa: S608
        f"AND ({pk} > %s OR %s) ORDER BY {pk} LIMIT %s"
    )
    update = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} = %s"  # noqa: S608
    result = FieldRotation(f"{model._meta.label}.{field.name}")
    last = None
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(select, [last, last is None, batch_size])
            rows = cursor.fetchall()
            if not rows:
                return result
            for key, token in rows:
                if crypto.is_under_primary_key(token):
                    result.already_current += 1
                    continue
                try:
                    new_token = crypto.rotate(token)
                except crypto.DecryptionError as exc:
                    raise crypto.DecryptionError(
                        f"{result.label} of row {key} cannot be decrypted with any configured "
                        "key: add the key it was encrypted with to CASEWORK_FIELD_KEYS."
                    ) from exc
                cursor.execute(update, [new_token, key, token])
                result.rotated += cursor.rowcount
            last = rows[-1][0]
        progress(result)
