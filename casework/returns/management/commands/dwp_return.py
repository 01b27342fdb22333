"""`manage.py dwp_return build --programme SLUG --month 2026-10 [--findings FILE] [--user EMAIL]`:
builds the month's DWP return in constant memory with a progress line on stderr, prints its
validation figures, and writes its validation report if asked (as the build's page lets the
builder download it, recorded the same way). The return's rows are never written out here: they
leave Casework only when released from the build's page (one disclosure to the DWP through the
gate) and downloaded by the DWP's report-only user (decision 0180)."""

import argparse
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from casework.documents import chunked as files
from casework.programmes.models import Programme
from casework.returns import services
from casework.returns.models import BuildState
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
        parser.add_argument(
            "--findings", help="Write the validation report (every finding, CSV) to this file"
        )
        parser.add_argument("--output", help=argparse.SUPPRESS)
        parser.add_argument(
            "--user", help="The email of the programme manager or DPO building it (recorded)"
        )

    def handle(self, *args, **options):
        if options["output"]:
            raise CommandError(
                "The return's rows are not written to a file: a plain copy outside Casework "
                "would be a disclosure nobody recorded. Build it (this command), check its "
                "validation report (--findings FILE, or the build's page), then release it from "
                "the build's page; the DWP's report-only user downloads it (decision 0180)"
            )
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
        if options["findings"]:
            self._write_findings(user, monthly_return, options["findings"])

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

    def _write_findings(self, user, monthly_return, output: str) -> None:
        found = services.record_findings_download(by=user, monthly_return=monthly_return)
        try:
            with open(output, "xb") as handle:
                for chunk in files.chunks(found.storage_name):
                    handle.write(chunk)
        except FileExistsError:
            raise CommandError(f"{output} exists: choose another file") from None
        self.stdout.write(f"Validation report written to {output}")
