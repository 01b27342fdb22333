"""`manage.py audit verify`: walk the audit chain; exit non-zero at the first broken link, and
report the events not sealed into it yet.
`manage.py audit seal`: seal the events ready to be sealed (the worker does it every minute).
`manage.py audit alerts`: apply the monitoring rules to recent events."""

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casework.audit.services import seal_events, unsealed_events
from casework.audit.verification import DEFAULT_BATCH_SIZE, verify_chain
from casework.oversight.jobs import raise_monitoring_alerts

PROGRESS_EVERY = 100_000


class Command(BaseCommand):
    help = "Audit trail tools. `verify` checks the hash chain and reports the first broken link."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        verify = subcommands.add_parser("verify", help="Check every event's hash and link.")
        verify.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
        verify.add_argument(
            "--workers",
            type=int,
            default=None,
            help="PostgreSQL: check this many ranges of the trail in parallel processes "
            "(default: one per core for more than 200,000 events).",
        )

        subcommands.add_parser(
            "seal", help="Seal the events ready to be sealed into the chain (the worker does)."
        )

        alerts = subcommands.add_parser(
            "alerts", help="Apply the monitoring rules to recent events (run it hourly)."
        )
        alerts.add_argument("--hours", type=int, default=24, help="How far back to look.")

    def handle(self, *args, subcommand, **options):
        if subcommand == "alerts":
            self.stdout.write(raise_monitoring_alerts(now=timezone.now(), hours=options["hours"]))
            return
        if subcommand == "seal":
            started = time.perf_counter()
            sealed = seal_events()
            seconds = time.perf_counter() - started
            waiting = unsealed_events()["count"]
            self.stdout.write(
                f"{sealed:,} events sealed into the audit chain in {seconds:.1f} s; "
                f"{waiting:,} waiting (written by transactions still running)."
            )
            return
        self.verify(batch_size=options["batch_size"], workers=options["workers"])

    def verify(self, *, batch_size: int, workers: int) -> None:
        started = time.perf_counter()
        reported = 0

        def progress(checked: int) -> None:
            nonlocal reported
            if checked - reported >= PROGRESS_EVERY:
                reported = checked
                self.stdout.write(f"Checked {checked:,} events…")

        if workers and workers > 1:
            self.stdout.write(f"Checking in {workers} parallel ranges…")
        result = verify_chain(batch_size=batch_size, workers=workers, progress=progress)
        seconds = time.perf_counter() - started
        if not result.intact:
            raise CommandError(
                f"The audit trail is broken at {result.broken} "
                f"({result.checked:,} events before it checked)."
            )
        rate = result.checked / seconds if seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"The audit trail is intact: {result.checked:,} events checked "
                f"in {seconds:.1f} s ({rate:,.0f} events/s)."
            )
        )
        self.report_unsealed(result.unsealed, result.oldest_unsealed)

    def report_unsealed(self, count: int, oldest: datetime.datetime | None) -> None:
        if not count:
            self.stdout.write("No events wait to be sealed.")
            return
        age = (timezone.now() - oldest).total_seconds()
        line = (
            f"{count:,} events wait to be sealed into the chain (not checked yet); "
            f"the oldest was written {age:,.0f} s ago."
        )
        if age > settings.CASEWORK_AUDIT_UNSEALED_ALERT_SECONDS:
            self.stderr.write(
                self.style.WARNING(
                    f"{line} That is longer than the "
                    f"{settings.CASEWORK_AUDIT_UNSEALED_ALERT_SECONDS} s the sealer should "
                    "take: is the worker running, or a transaction holding it back?"
                )
            )
        else:
            self.stdout.write(line)
