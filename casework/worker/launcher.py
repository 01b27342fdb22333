"""`make run`'s launcher: the web server and the worker as two child processes in the
foreground. Ctrl-C (SIGINT) or SIGTERM stops both; if either stops by itself, the other is
stopped too and the launcher exits with its status. No process manager needed.

Each child runs in its own process group, so a terminal's Ctrl-C reaches only the launcher,
which then asks each child's group to stop (SIGTERM), waits, and kills what is left.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

DEFAULT_PORT = 8000
FALLBACK_PORTS = range(8001, 8100)
READY_SECONDS = 120
STOP_SECONDS = 15


class PortBusy(Exception):
    pass


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the web server binds (SO_REUSEADDR): a port left in TIME_WAIT counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def any_free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def choose_port(host: str, requested: str | None) -> tuple[int, str]:
    """The port to serve on and, if it is not the one asked for, why. PORT=N is honoured or
    refused (never silently changed); PORT=0 takes any free port; without PORT, 8000 or the
    first free port after it."""
    if requested not in (None, ""):
        try:
            port = int(requested)
        except ValueError:
            raise PortBusy(f"PORT must be a number from 0 to 65535, not {requested!r}.") from None
        if not 0 <= port <= 65535:
            raise PortBusy(f"PORT must be a number from 0 to 65535, not {requested!r}.")
        if port == 0:
            return any_free_port(host), ""
        if not port_is_free(host, port):
            raise PortBusy(
                f"Port {port} on {host} is in use by another program. Choose another, such as "
                f"`make run PORT={port + 1}`, or `make run PORT=0` for any free port."
            )
        return port, ""
    if port_is_free(host, DEFAULT_PORT):
        return DEFAULT_PORT, ""
    for port in FALLBACK_PORTS:
        if port_is_free(host, port):
            return port, f"port {DEFAULT_PORT} is in use"
    raise PortBusy(f"Ports {DEFAULT_PORT} to {FALLBACK_PORTS[-1]} are all in use: set PORT=.")


class Launcher:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        manage: Path,
        reload: bool = True,
        say: Callable[[str], None] = print,
    ):
        self.host, self.port, self.manage, self.reload, self.say = host, port, manage, reload, say
        self.stopping = threading.Event()
        self.children: dict[str, subprocess.Popen] = {}

    @property
    def address(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def commands(self) -> dict[str, list[str]]:
        web = [sys.executable, str(self.manage), "runserver", f"{self.host}:{self.port}"]
        if not self.reload:
            web.append("--noreload")
        return {"web server": web, "worker": [sys.executable, str(self.manage), "worker"]}

    def run(self) -> int:
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)
        try:
            for name, command in self.commands().items():
                # Own process group: a terminal's Ctrl-C reaches the launcher, not the children.
                self.children[name] = subprocess.Popen(command, start_new_session=True)  # noqa: S603
                self.say(f"Started the {name} (process {self.children[name].pid}).")
            if self._wait_until_serving():
                self.say(
                    f"Casework is serving {self.address} with the worker beside it. "
                    "Ctrl-C stops both."
                )
            return self._watch()
        finally:
            self._stop_children()

    def _on_signal(self, signum, frame) -> None:
        if self.stopping.is_set():
            self._kill_children()  # a second Ctrl-C: no more waiting
            os._exit(1)
        self.stopping.set()

    def _wait_until_serving(self) -> bool:
        deadline = time.monotonic() + READY_SECONDS
        while not self.stopping.is_set() and time.monotonic() < deadline:
            if self.children["web server"].poll() is not None:
                return False
            try:
                with socket.create_connection((self.host, self.port), timeout=1):
                    return True
            except OSError:
                self.stopping.wait(0.2)
        return False

    def _watch(self) -> int:
        while not self.stopping.is_set():
            for name, child in self.children.items():
                status = child.poll()
                if status is not None:
                    self.say(f"The {name} stopped (exit status {status}); stopping the rest.")
                    return status or 1
            self.stopping.wait(0.5)
        self.say("Stopping the web server and the worker…")
        return 0

    def _signal_children(self, signum: int) -> None:
        # The whole group: the web server's autoreloader runs the server as its own child.
        for child in self.children.values():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.pid, signum)

    def _stop_children(self) -> None:
        self._signal_children(signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for child in self.children.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
        self._kill_children()

    def _kill_children(self) -> None:
        self._signal_children(signal.SIGKILL)
        for child in self.children.values():
            child.wait()
