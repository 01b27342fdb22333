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
            changes = []
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
                changes.append([new_token, key, token])
            # One batch of statements (psycopg 3 pipelines executemany: one round trip for the
            # batch, not one per value); rowcount is the batch's sum on psycopg and sqlite3. A
            # row changed since it was read keeps its new value (the WHERE holds the old token)
            # and is not counted.
            if changes:
                cursor.executemany(update, changes)
                result.rotated += cursor.rowcount
            last = rows[-1][0]
        progress(result)


# Columns holding compact tokens (crypto.encrypt_compact) in tables Casework does not own:
# (model, field name, purpose), registered by the app that encrypts them.
COMPACT_COLUMNS: list[tuple[type, str, str]] = []


def register_compact_column(model, field_name: str, purpose: str) -> None:
    if (model, field_name, purpose) not in COMPACT_COLUMNS:
        COMPACT_COLUMNS.append((model, field_name, purpose))


def rotate_compact_column(model, field_name: str, purpose: str) -> FieldRotation:
    """Re-seals each compact token under the first key (small tables: one transaction)."""
    result = FieldRotation(f"{model._meta.label}.{field_name}")
    manager = model._base_manager
    with transaction.atomic():
        for pk, token in manager.values_list("pk", field_name):
            if not token or not crypto.is_compact_token(token):
                continue
            if crypto.compact_is_under_primary_key(token, purpose=purpose):
                result.already_current += 1
                continue
            try:
                plain = crypto.decrypt_compact(token, purpose=purpose)
            except crypto.DecryptionError as exc:
                raise crypto.DecryptionError(
                    f"{result.label} of row {pk} cannot be decrypted with any configured "
                    "key: add the key it was encrypted with to CASEWORK_FIELD_KEYS."
                ) from exc
            fresh = crypto.encrypt_compact(plain, purpose=purpose)
            result.rotated += manager.filter(pk=pk, **{field_name: token}).update(
                **{field_name: fresh}
            )
    return result
