"""`manage.py rotate_keys`: re-encrypt every encrypted field with the first key of
CASEWORK_FIELD_KEYS. Safe to interrupt and run again. See docs/decisions/0011-key-rotation.md."""

from django.core.management.base import BaseCommand, CommandError

from casework.core import crypto
from casework.core.rotation import (
    COMPACT_COLUMNS,
    encrypted_fields,
    rotate_compact_column,
    rotate_field,
)


class Command(BaseCommand):
    help = "Re-encrypt every encrypted value with the first (newest) of CASEWORK_FIELD_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size, **options):
        def progress(result):
            self.stdout.write(
                f"  {result.label}: {result.rotated:,} re-encrypted, "
                f"{result.already_current:,} already under the current key"
            )

        for model, field in encrypted_fields():
            total = model._base_manager.exclude(**{f"{field.name}__isnull": True}).count()
            self.stdout.write(f"{model._meta.label}.{field.name}: {total:,} rows")
            try:
                result = rotate_field(model, field, batch_size=batch_size, progress=progress)
            except crypto.DecryptionError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                self.style.SUCCESS(
                    f"{result.label}: done, {result.rotated:,} re-encrypted, "
                    f"{result.already_current:,} were already under the current key"
                )
            )
        for model, field_name, purpose in COMPACT_COLUMNS:
            try:
                result = rotate_compact_column(model, field_name, purpose)
            except crypto.DecryptionError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                self.style.SUCCESS(
                    f"{result.label}: done, {result.rotated:,} re-encrypted, "
                    f"{result.already_current:,} were already under the current key"
                )
            )
