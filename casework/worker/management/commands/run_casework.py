"""`manage.py run_casework` (what `make run` runs): the web server and the worker together in
the foreground; Ctrl-C stops both. Honours PORT= (default 8000, or the next free port if 8000
is busy; PORT=0 for any free port) and prints the address really served."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from casework.worker.launcher import Launcher, PortBusy, choose_port


class Command(BaseCommand):
    help = "Run the web server and the scheduled-jobs worker together; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--port", default=None, help="Default: $PORT, else 8000 (or the next free port)."
        )
        parser.add_argument(
            "--noreload",
            action="store_true",
            help="Do not restart the web server when the code changes.",
        )

    def handle(self, *args, host: str, port: str | None, noreload: bool, **options):
        requested = port if port is not None else os.environ.get("PORT")
        try:
            chosen, why = choose_port(host, requested)
        except PortBusy as error:
            raise CommandError(str(error)) from None
        if why:
            self.stdout.write(f"Serving on port {chosen}: {why}.")
        launcher = Launcher(
            host=host,
            port=chosen,
            manage=Path(settings.BASE_DIR) / "manage.py",
            reload=not noreload,
            say=self._say,
        )
        status = launcher.run()
        if status:
            raise CommandError(f"Stopped: exit status {status}.", returncode=status)

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
