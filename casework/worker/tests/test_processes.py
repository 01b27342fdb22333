"""The real processes: `manage.py worker` stops cleanly on SIGTERM, two workers started at once
run each slot once, and `manage.py run_casework` (make run) starts the web server and the
worker, prints the address it serves and stops both on Ctrl-C. Each waits for what it needs
(a line of output, an open port) with a deadline, never for a fixed time."""

import os
import queue
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from casework.worker import launcher
from casework.worker.schedule import SCHEDULE

# The children always run on an SQLite file of their own (`environment` drops DATABASE_URL),
# whatever database the suite runs on: the same test on PostgreSQL repeated the SQLite one, its
# migration included (about 35 s of a test process). It runs once, in make test's SQLite phase;
# the worker's claims on PostgreSQL are test_worker.py's, in both phases.
pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the children run on SQLite whatever the suite's database: run in the SQLite phase",
)

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
DEADLINE = 120  # seconds: generous, for a loaded machine


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """An SQLite database with every migration applied, copied for each test."""
    path = tmp_path_factory.mktemp("worker-db") / "template.sqlite3"
    subprocess.run(  # noqa: S603
        [sys.executable, MANAGE, "migrate", "-v0"],
        env=environment(path),
        check=True,
        timeout=DEADLINE,
    )
    return path


@pytest.fixture
def database(migrated, tmp_path) -> Path:
    path = tmp_path / "casework.sqlite3"
    shutil.copy(migrated, path)
    return path


def environment(database: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="casework.settings.test",
        DATABASE_URL=f"sqlite:///{database}",
        PYTHONUNBUFFERED="1",
        PYTHONFAULTHANDLER="1",  # a stuck child prints its stacks on SIGABRT (see `stopped`)
    )
    return env


class Output:
    """A child's output, read by a thread, so a test can wait for a line with a deadline."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        self._queue: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, args=(process.stdout,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, pattern: str, timeout: float = DEADLINE) -> re.Match:
        deadline = time.monotonic() + timeout
        for line in self.lines:
            if match := re.search(pattern, line):
                return match
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=remaining)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"No line matching {pattern!r} in:\n" + "\n".join(self.lines))

    def rest(self, timeout: float = DEADLINE) -> str:
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=remaining)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
        return "\n".join(self.lines)


def start(database: Path, *args: str) -> tuple[subprocess.Popen, Output]:
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, MANAGE, *args],
        env=environment(database),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, Output(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(timeout=DEADLINE)


def runs(database: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT job, outcome FROM worker_jobrun ORDER BY job").fetchall()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_worker_runs_what_is_due_and_stops_cleanly_on_sigterm(database):
    process, output = start(database, "worker", "--poll", "1")
    try:
        output.wait_for(r"Worker .* started: \d+ scheduled jobs\.")
        output.wait_for(r"session-clean-up: succeeded\. 0 expired sessions removed\.")
        process.send_signal(signal.SIGTERM)
        assert stopped(process, output) == 0, output.rest(5)
    finally:
        stop(process)
    assert "Worker stopped." in output.rest()
    assert sorted(runs(database)) == sorted((job.name, "ok") for job in SCHEDULE)


def stopped(process: subprocess.Popen, output: Output) -> int:
    """The exit status, or a failure that shows where the worker was stuck: once, under load in
    make test (2026-12-01 20:31 UTC), it did not stop within DEADLINE of SIGTERM; not seen
    again in isolation or beside three busy loops. SIGABRT makes faulthandler print every
    thread's stack (PYTHONFAULTHANDLER in `environment`)."""
    try:
        return process.wait(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
        process.wait(timeout=30)
        raise AssertionError(
            f"The worker did not stop within {DEADLINE} s of SIGTERM:\n" + output.rest(5)
        ) from None


def test_two_workers_started_at_once_run_each_slot_once(database):
    first, first_output = start(database, "worker", "--once")
    second, second_output = start(database, "worker", "--once")
    try:
        assert first.wait(timeout=DEADLINE) == 0
        assert second.wait(timeout=DEADLINE) == 0
    finally:
        stop(first)
        stop(second)
    printed = first_output.rest() + "\n" + second_output.rest()
    assert printed.count("Claimed ") == len(SCHEDULE)
    assert sorted(runs(database)) == sorted((job.name, "ok") for job in SCHEDULE)
    with sqlite3.connect(database) as db:
        statuses = db.execute("SELECT status FROM django_tasks_database_dbtaskresult").fetchall()
    assert statuses == [("SUCCESSFUL",)] * len(SCHEDULE)


def test_make_runs_launcher_serves_the_site_beside_the_worker_and_ctrl_c_stops_both(database):
    process, output = start(database, "run_casework", "--port", "0", "--noreload")
    try:
        web_pid = int(output.wait_for(r"Started the web server \(process (\d+)\)").group(1))
        worker_pid = int(output.wait_for(r"Started the worker \(process (\d+)\)").group(1))
        address = output.wait_for(r"Casework is serving (http://127\.0\.0\.1:(\d+)/) ")
        url, port = address.group(1), int(address.group(2))
        with pytest.raises(urllib.error.HTTPError) as refused:
            # Served by Django: the anonymous visitor is sent to sign in.
            opener = urllib.request.build_opener(NoRedirect)
            opener.open(url + "scheduled-jobs", timeout=30)
        assert refused.value.code == 302 and "/sign-in" in refused.value.headers["Location"]
        output.wait_for(r"audit-alerts: succeeded\.")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=DEADLINE) == 0
    finally:
        stop(process)
    rest = output.rest()
    assert "Worker stopped." in rest
    assert not alive(web_pid) and not alive(worker_pid)
    assert launcher.port_is_free("127.0.0.1", port)


def test_a_busy_port_asked_for_is_refused_with_a_way_out(database):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process, output = start(database, "run_casework", "--port", str(port), "--noreload")
        try:
            assert process.wait(timeout=DEADLINE) != 0
        finally:
            stop(process)
    printed = output.rest()
    assert f"Port {port} on 127.0.0.1 is in use by another program" in printed
    assert f"make run PORT={port + 1}" in printed
    assert "Started the" not in printed


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
