"""`manage.py retention sweep [--dry-run] [--programme SLUG]`: dispose of every record whose
retention period has ended (casework/disposal/sweep.py). Exits non-zero if any record failed
(each failure is logged and the others still go) or if another sweep is running.
`manage.py retention schedule`: recompute every due date from the current register versions
(after installing the disposal engine on existing data)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from casework.disposal.models import PaperFile
from casework.disposal.schedule import schedule_everything
from casework.disposal.sweep import BATCH, SweepLocked, run_sweep
from casework.programmes.models import Programme

BAR_WIDTH = 30


class Progress:
    """A progress bar on a terminal; a line per batch otherwise (logs, a killed run's output)."""

    def __init__(self, stream):
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.started = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        seconds = time.perf_counter() - self.started
        if not self.tty:
            self.stream.write(f"progress {done}/{total} ({seconds:.1f} s)\n")
            self.stream.flush()
            return
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done:,}/{total:,} due records, {seconds:.0f} s")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Retention: `sweep` disposes of what is due; `schedule` recomputes every due date."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        sweep = subcommands.add_parser("sweep", help="Dispose of every record that is due.")
        sweep.add_argument("--dry-run", action="store_true", help="Count, change nothing.")
        sweep.add_argument("--programme", metavar="SLUG", help="Only this programme.")
        sweep.add_argument("--batch-size", type=int, default=BATCH)
        subcommands.add_parser("schedule", help="Recompute every due date.")

    def handle(self, *args, subcommand, **options):
        if subcommand == "schedule":
            count = schedule_everything()
            self.stdout.write(f"{count:,} due dates computed.")
            return
        programme = None
        if options["programme"]:
            programme = Programme.objects.filter(slug=options["programme"]).first()
            if programme is None:
                raise CommandError(f"There is no programme {options['programme']!r}.")
        try:
            result = run_sweep(
                dry_run=options["dry_run"],
                programme=programme,
                batch_size=options["batch_size"],
                progress=Progress(sys.stderr),
            )
        except SweepLocked as locked:
            raise CommandError(str(locked)) from None
        self.stdout.write(result.summary())
        for tally in result.run.tallies.order_by("programme__slug", "record_type", "outcome"):
            self.stdout.write(
                f"  {tally.programme.slug}  {tally.record_type}  {tally.rule or '-'}  "
                f"{tally.get_outcome_display()}{f' ({tally.reason})' if tally.reason else ''}: "
                f"{tally.count}"
            )
        waiting = PaperFile.objects.filter(
            destruction_due_since__isnull=False, destroyed_on__isnull=True
        ).select_related("programme")
        if programme:
            waiting = waiting.filter(programme=programme)
        if waiting and not options["dry_run"]:
            self.stdout.write("Paper files to destroy (confirm each at /retention/):")
            for paper in waiting.order_by("programme__slug", "destruction_due_since", "pk"):
                self.stdout.write(
                    f"  {paper.programme.slug}  {paper.reference}  {paper.location}  "
                    f"(due since {paper.destruction_due_since:%d %B %Y})"
                )
        if result.failed:
            raise CommandError(
                f"{result.failed} records could not be disposed of; they are unchanged and the "
                "log names their type (see the application log for the error)."
            )
