"""`manage.py programme load programmes/<slug>.yaml`: validate a programme configuration and load
it (programme, areas, organisations' roles and, when the content changed, a new register
version). An invalid file changes nothing and every problem is listed with its line."""

from django.core.management.base import BaseCommand, CommandError

from casework.register import services
from casework.register.config import ConfigError


class Command(BaseCommand):
    help = "Load a programme configuration file (programmes/<slug>.yaml)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="validate and load a configuration file")
        load.add_argument("files", nargs="+")

    def handle(self, *args, action, files, **options):
        for path in files:
            try:
                result = services.load_programme(path=path)
            except ConfigError as error:
                raise CommandError(f"{path} is not valid; nothing was changed.\n{error}") from None
            except FileNotFoundError:
                raise CommandError(f"{path}: no such file") from None
            version = result.version
            if result.created:
                self.stdout.write(
                    f"{result.programme.slug}: loaded version {version.number}. Changes:"
                )
                for change in version.changes:
                    self.stdout.write(f"  - {change}")
            else:
                self.stdout.write(
                    f"{result.programme.slug}: unchanged, still version {version.number}."
                )
