"""`manage.py worker`: run the schedule (casework/worker/schedule.py) until SIGTERM or Ctrl-C.
`manage.py worker --once`: run what is due now, then exit (for cron and tests); exits 1 if a
job failed."""

from django.core.management.base import BaseCommand, CommandError

from casework.worker.checks import schedule_problems
from casework.worker.models import Outcome
from casework.worker.runner import DEFAULT_POLL_SECONDS, Worker


class Command(BaseCommand):
    help = "Run Casework's scheduled jobs: claim each due slot once, run it, record the result."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run the jobs that are due now, then exit."
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=DEFAULT_POLL_SECONDS,
            help="At most this many seconds between looks at the schedule and the queue.",
        )

    def handle(self, *args, once: bool, poll: float, **options):
        problems = schedule_problems()
        if problems:
            raise CommandError("The schedule is wrong:\n" + "\n".join(problems))
        worker = Worker(poll_seconds=poll, report=self._report)
        if not once:
            worker.forever()
            return
        runs = worker.run_once()
        if not runs:
            self.stdout.write("Nothing is due.")
        failed = [run.job for run in runs if run.outcome == Outcome.FAILED]
        if failed:
            raise CommandError(f"Failed: {', '.join(failed)} (see /scheduled-jobs).")

    def _report(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
