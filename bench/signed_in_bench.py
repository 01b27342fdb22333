"""What reading the signed-in user with their authenticator app in one statement saves a page
(decision 0226), measured in one process, the two ways alternating request by request, so the
VM's drift (a third, run to run) falls on both alike.

Two clients sign in as the same specialist of the national dataset. One session names Django's
ModelBackend, which reads the user and then django-otp reads the device (two statements, as
before decision 0226); the other names casework.staff.signed_in.StaffBackend (one statement).
Both open the same participant's record BENCH_RUNS times each (default 201).

    BENCH_SIZE=500000 nice .venv/bin/python bench/signed_in_bench.py

Figures go in bench/README.md; they are never test assertions.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dataset import SETTINGS, ensure_dataset  # noqa: E402
from bench.page_bench import bench_specialist_and_participant  # noqa: E402


def main() -> None:
    size = int(os.environ.get("BENCH_SIZE", "10000"))
    os.environ["DATABASE_URL"] = ensure_dataset(size)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY

    from casework.testing.auth import authenticator_app

    settings.DEBUG = False
    runs = int(os.environ.get("BENCH_RUNS", "201"))
    specialist, participant = bench_specialist_and_participant()
    url = reverse("participants:detail", args=[participant.pk])
    clients = {}
    for name, backend in (
        (
            "two statements (ModelBackend, then the device)",
            "django.contrib.auth.backends.ModelBackend",
        ),
        ("one statement (StaffBackend)", "casework.staff.signed_in.StaffBackend"),
    ):
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(specialist, backend=backend)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = authenticator_app(specialist).persistent_id
        session.save()
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
        for _ in range(5):
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        clients[name] = (client, len(queries.captured_queries), [])
    for _ in range(runs):
        for client, _, times in clients.values():
            began = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - began) * 1000)
    print(
        f"participant page at {size:,}, {runs} requests each, alternating (load "
        f"{os.getloadavg()[0]:.1f}):"
    )
    for name, (_, queries, times) in clients.items():
        print(f"  {name}: {queries} queries, median {statistics.median(times):.2f} ms")
    (_, _, a), (_, _, b) = clients.values()
    diffs = [x - y for x, y in zip(a, b, strict=True)]
    print(
        f"  saved per request (median of the paired differences): {statistics.median(diffs):.2f} ms"
    )


if __name__ == "__main__":
    main()
