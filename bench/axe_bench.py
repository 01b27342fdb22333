"""What an axe-core check costs in the browser tests, and what `resultTypes` saves (decision 0228).

    CASEWORK_LOCAL_KEYS=var/local-keys.json nice .venv/bin/python bench/axe_bench.py

The specialist's caseload and a participant's page come from the 10,000 dataset (make
bench-data SIZE=10000) through Django's test client. Debian's Chromium gets each page, with
Casework's CSS and scripts, from memory. Then, BENCH_RUNS times (8 by default), it times the
injection of axe-core and `axe.run` with the suite's rules twice: as the suite ran it before
decision 0228, and with `resultTypes: ['violations']`. Both runs must find the same violations.
Prints the medians. The figures go in bench/README.md.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dataset import SETTINGS, ensure_dataset  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# The check as the suite ran it before decision 0228 (the suite's own is AXE_RUN).
FULL = "async (rules) => await axe.run(document, {runOnly: rules})"


def pages() -> dict[str, bytes]:
    os.environ["DATABASE_URL"] = ensure_dataset(10_000)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    from bench.page_bench import bench_specialist_and_participant
    from casework.testing.auth import sign_in

    specialist, participant = bench_specialist_and_participant()
    client = Client(SERVER_NAME="127.0.0.1")
    sign_in(client, specialist)
    urls = {
        "participant": reverse("participants:detail", args=[participant.pk]),
        "caseload": reverse("participants:caseload"),
    }
    return {name: client.get(url).content for name, url in urls.items()}


def server_of(body: bytes):
    """A route handler answering the page with `body` and /static/ from build/static."""

    def serve(route):
        path = route.request.url.split("casework.test", 1)[1]
        if path.startswith("/static/"):
            found = ROOT / "build" / path.lstrip("/")
            if found.exists():
                return route.fulfill(path=str(found))
            return route.fulfill(status=404, body="")
        return route.fulfill(body=body, content_type="text/html")

    return serve


def main() -> None:
    from playwright.sync_api import sync_playwright

    runs = int(os.environ.get("BENCH_RUNS", "8"))
    html = pages()  # sets Django up, which casework.testing.browser needs
    from casework.testing.browser import AXE, AXE_RULES, AXE_RUN, CHROMIUM_ARGS, chromium_path

    axe = AXE.read_text()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for name, body in html.items():
            context = browser.new_context(bypass_csp=True)
            page = context.new_page()
            page.route("http://casework.test/**", server_of(body))
            spent: dict[str, list[float]] = {"inject": [], "full": [], "violations only": []}
            for _ in range(runs):
                page.goto("http://casework.test/page")
                began = time.perf_counter()
                page.add_script_tag(content=axe)
                spent["inject"].append(time.perf_counter() - began)
                began = time.perf_counter()
                full = page.evaluate(FULL, AXE_RULES)
                spent["full"].append(time.perf_counter() - began)
                began = time.perf_counter()
                only = page.evaluate(AXE_RUN, AXE_RULES)
                spent["violations only"].append(time.perf_counter() - began)
                found = [(v["id"], len(v["nodes"])) for v in full["violations"]]
                assert found == [(v["id"], len(v["nodes"])) for v in only["violations"]], name
            context.close()
            medians = ", ".join(
                f"{what} {statistics.median(times) * 1000:.0f} ms" for what, times in spent.items()
            )
            print(f"{name} ({len(body):,} bytes): {medians}; violations (any impact): {found}")
        browser.close()


if __name__ == "__main__":
    main()
