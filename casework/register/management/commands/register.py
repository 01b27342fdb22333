"""`manage.py register ...`: reports and exports from the processing register.

register check                         coverage both ways (fields, categories, purposes)
register who-to-tell <slug> --user E   participants to tell of notice changes, with letters
register ropa <slug> --format csv|xlsx --output FILE
register fideslang <slug> [--output FILE]
register schema [--check]              write (or check) docs/programme-file.schema.json and .md
"""

from pathlib import Path

import yaml
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from casework.access.permissions import Action
from casework.programmes.models import Programme
from casework.register import fides, letters, ropa, selectors
from casework.register.coverage import coverage_report
from casework.staff.models import StaffUser


class Command(BaseCommand):
    help = "Reports and exports from the processing register."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="coverage both ways")
        check.add_argument("--strict", action="store_true", help="fail if anything is reported")
        tell = sub.add_parser("who-to-tell", help="participants to tell about notice changes")
        tell.add_argument("slug")
        tell.add_argument("--user", required=True, help="email of the DPO or programme manager")
        tell.add_argument("--site-url", default="")
        record = sub.add_parser("ropa", help="the Art 30 record of processing")
        record.add_argument("slug")
        record.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        record.add_argument("--output", required=True)
        manifest = sub.add_parser("fideslang", help="the register as a fideslang manifest")
        manifest.add_argument("slug")
        manifest.add_argument("--output")
        files = sub.add_parser("schema", help="the programme file's JSON Schema and its guide")
        files.add_argument(
            "--check", action="store_true", help="fail if the committed files are out of date"
        )

    def handle(self, *args, action, **options):
        getattr(self, "_" + action.replace("-", "_"))(**options)

    def _config(self, slug):
        programme = Programme.objects.filter(slug=slug).first()
        config = selectors.current_config(programme) if programme else None
        if config is None:
            raise CommandError(f"No loaded register for programme {slug!r}")
        return programme, config

    def _schema(self, check, **_):
        from casework.register import schema

        wanted = {schema.SCHEMA_FILE: schema.schema_text(), schema.MARKDOWN_FILE: schema.markdown()}
        stale = [
            path
            for path, text in wanted.items()
            if not path.exists() or path.read_text(encoding="utf-8") != text
        ]
        if check:
            if stale:
                raise CommandError(
                    "Out of date (run `manage.py register schema`): "
                    + ", ".join(p.name for p in stale)
                )
            self.stdout.write("The programme file's schema and guide are up to date.")
            return
        for path in stale:
            path.write_text(wanted[path], encoding="utf-8")
            self.stdout.write(f"Wrote {path}")

    def _check(self, strict, **_):
        report = coverage_report()
        self.stdout.write(f"Programmes with a register: {', '.join(report.programmes) or 'none'}")
        sections = [
            ("Fields declared but collected by no programme", report.fields_unused),
            ("Categories used by no purpose", report.categories_unused),
            ("Purposes with no lawful basis", report.purposes_without_basis),
            ("Bases the programme's notice does not state", report.bases_not_in_notice),
        ]
        for title, items in sections:
            self.stdout.write(f"{title}: {len(items)}")
            for item in items:
                self.stdout.write(f"  - {item}")
        if strict and not report.clean:
            raise CommandError("The register check found gaps (see above).")

    def _who_to_tell(self, slug, user, site_url, **_):
        actor = StaffUser.objects.filter(email=user.lower()).first()
        if actor is None:
            raise CommandError(f"No staff user {user}")
        try:
            programme = selectors.programme_for_staff(actor, slug, Action.VIEW_RECIPIENTS_TO_TELL)
        except Http404:
            raise CommandError(f"No programme {slug!r} that {user} is a member of") from None
        except PermissionDenied:
            raise CommandError(
                f"{user} may not see who must be told (the DPO and programme manager may)"
            ) from None
        version = selectors.current_version(programme)
        config = selectors.current_config(programme)
        entries = selectors.participants_to_tell(actor, programme)
        self.stdout.write(f"{len(entries)} participants to tell about version {version.number}.")
        for item in entries:
            letter = letters.change_letter(item, version=version, config=config, site_url=site_url)
            self.stdout.write(f"\n=== {letter.method} to {letter.to}\nSubject: {letter.subject}\n")
            self.stdout.write(letter.body)

    def _ropa(self, slug, format, output, **_):
        _programme, config = self._config(slug)
        if format == "csv":
            Path(output).write_text(ropa.as_csv(config), encoding="utf-8")
        else:
            Path(output).write_bytes(ropa.as_xlsx(config))
        self.stdout.write(f"Wrote {output}")

    def _fideslang(self, slug, output, **_):
        _programme, config = self._config(slug)
        text = yaml.safe_dump(fides.manifest(config), sort_keys=False, allow_unicode=True)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {output}")
        else:
            self.stdout.write(text)
