"""`manage.py dwp_return build --programme SLUG --month 2026-10 [--output FILE] [--user EMAIL]`:
builds the month's DWP return in constant memory with a progress line on stderr, prints its
validation figures, and writes the file (CSV, or XLSX when FILE ends in .xlsx) if asked. Nothing
is released: release it from its page, which records the disclosure."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from casework.programmes.models import Programme
from casework.returns import files, services
from casework.returns.models import BuildState, FileKind
from casework.staff.models import StaffUser


class Progress:
    """One line on stderr, rewritten in place on a terminal (a new line every 10% otherwise)."""

    def __init__(self, stream):
        self.stream = stream
        self.tty = stream.isatty()
        self.started = time.monotonic()
        self.last_tenth = -1

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1
        elapsed = time.monotonic() - self.started
        bar = "#" * int(share * 30)
        line = f"[{bar:<30}] {done:,}/{total:,} rows {share:6.1%} {elapsed:5.1f}s"
        if self.tty:
            self.stream.write("\r" + line)
        elif int(share * 10) != self.last_tenth:
            self.last_tenth = int(share * 10)
            self.stream.write(line + "\n")
        self.stream.flush()

    def end(self) -> None:
        if self.tty:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Builds a programme's monthly DWP management-information return."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["build"])
        parser.add_argument("--programme", required=True, help="The programme's slug")
        parser.add_argument("--month", required=True, help="The month, for example 2026-10")
        parser.add_argument("--output", help="Write the return here (.csv or .xlsx)")
        parser.add_argument(
            "--user", help="The email of the programme manager or DPO building it (recorded)"
        )

    def handle(self, *args, **options):
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme {options['programme']!r}: see `programme load`")
        user = self._user(programme, options["user"])
        try:
            month = services.parse_month(options["month"])
            monthly_return = services.request_build(by=user, programme=programme, month=month)
        except services.ReturnRefused as refused:
            raise CommandError(str(refused)) from None
        progress = Progress(sys.stderr)
        monthly_return = services.build(monthly_return, progress=progress)
        progress.end()
        if monthly_return.state != BuildState.BUILT:
            raise CommandError(f"The build failed: {monthly_return.failure}")
        self.stdout.write(
            f"{monthly_return} built: {monthly_return.row_count:,} rows, "
            f"{monthly_return.rows_with_findings:,} with findings "
            f"({monthly_return.findings_total:,} findings); SHA-256 {monthly_return.csv_sha256}"
        )
        if monthly_return.compared_with_id:
            d = monthly_return.differences
            self.stdout.write(
                f"Against the release of {monthly_return.compared_with.released_at:%-d %B %Y}: "
                f"{d['added']:,} added, {d['removed']:,} removed, {d['changed']:,} changed"
            )
        if options["output"]:
            self._write(monthly_return, options["output"])

    def _user(self, programme, email):
        from casework.access.permissions import Action, has_permission

        users = StaffUser.objects.filter(memberships__programme=programme, is_active=True)
        if email:
            users = users.filter(email__iexact=email)
        for user in users.distinct():
            if has_permission(user, Action.BUILD_RETURN, programme):
                return user
        raise CommandError(
            "Name a programme manager or data protection officer of the programme with --user"
        )

    def _write(self, monthly_return, output: str) -> None:
        csv_file = monthly_return.files.get(kind=FileKind.CSV)
        if output.endswith(".xlsx"):
            writer = services._xlsx_from_csv(csv_file.storage_name)
            name, _, _ = writer.close()
            source = name
        else:
            source, name = csv_file.storage_name, None
        try:
            with open(output, "xb") as handle:
                for chunk in files.chunks(source):
                    handle.write(chunk)
        except FileExistsError:
            raise CommandError(f"{output} exists: choose another file") from None
        finally:
            if name:
                from casework.documents import storage

                storage.delete(name)
        self.stdout.write(f"Written to {output}")
