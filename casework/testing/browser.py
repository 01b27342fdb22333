"""Pytest plugin (loaded by the root conftest): Playwright driving Debian's Chromium (never a
downloaded browser), with axe-core injected
from the pinned npm package. A missing Chromium fails these tests; it never skips them."""

import functools
import os
import re
import shutil
import sys
import threading
import time
import traceback
from collections import deque
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Locator, Page, expect, sync_playwright

from casework.testing.auth import sign_in

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Auto-waiting assertions wait up to 15 s, not Playwright's 5: on a loaded 2-core machine (both
# test processes, PostgreSQL and Chromium sharing the cores) the page after a form's POST was
# once not there after 5 s, the page before it still showing. A passing assertion waits no
# longer (decision 0228).
expect.set_options(timeout=15_000)


def _once_loaded(action):
    """The action, once the page it acts on has finished loading (its `load` event: its scripts
    run, its images in). Playwright clicks as soon as the element is visible and stable, which
    can be before the page's module script has run; GOV.UK Frontend's initAll then moves the
    page (on a phone the menu folds away and every element rises 145 px). A click whose mouse
    went down before the move and up after it lands on neither element, and nothing follows it:
    a possible cause of four browser failures under load, none of them reproduced. On a loaded
    page this costs one message to Playwright's driver (decision 0228)."""

    @functools.wraps(action)
    def acted(self, *args, **kwargs):
        page = self if isinstance(self, Page) else self.page
        page.wait_for_load_state("load")
        return action(self, *args, **kwargs)

    return acted


# A locator's actions and the page's shortcuts for them (`page.click(selector)`) alike.
for _owner in (Locator, Page):
    for _pointer_action in ("click", "dblclick", "tap", "check", "uncheck", "set_checked"):
        setattr(_owner, _pointer_action, _once_loaded(getattr(_owner, _pointer_action)))

# Playwright's sync API runs an event loop in this thread; Django's async-safety check would
# otherwise refuse the database calls the fixtures make.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path() -> str:
    for candidate in ("/usr/bin/chromium", "/usr/lib/chromium/chromium"):
        if Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    if not found:
        pytest.fail(
            "Debian's Chromium is not installed: run `make chromium` (apt-get install chromium)"
        )
    return found


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# The pages the running test opened, each with its last network and navigation events, for the
# failure report (pytest_runtest_makereport below).
_OPEN_PAGES: list[tuple[object, deque, dict]] = []


# What the page's own listeners saw of each click: the element under the pointer at mousedown,
# mouseup and click, and the scroll position; a click Playwright made that led nowhere shows here.
_INPUT_LOG = r"""
for (const type of ["mousedown", "mouseup", "click", "submit"]) {
  window.addEventListener(type, (event) => {
    const el = event.target instanceof Element ? event.target : null;
    const what = el ? el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " '" +
      (el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 40) + "'" : String(event.target);
    console.debug(`[input] ${type} on ${what} at y=${Math.round(window.scrollY)}`);
  }, {capture: true});
}
"""


def _static(url: str) -> bool:
    """A static file: its finish alone is logged, since CI's log shows only a few lines."""
    return "/static/" in url


def _watch(page) -> None:
    events: deque = deque(maxlen=40)
    pending: dict = {}  # the requests sent and not yet finished or failed

    def note(*what) -> None:
        events.append((time.monotonic(), " ".join(str(w) for w in what)))

    def sent(request) -> None:
        pending[request] = time.monotonic()
        if not _static(request.url):
            note("request", request.method, request.url)

    def answered(response) -> None:
        if not _static(response.url):
            note("response", response.status, response.url)

    def logged(message) -> None:
        if message.text.startswith("[input]"):
            note(message.text)

    def ended(request, how: str, *why) -> None:
        pending.pop(request, None)
        note(how, request.method, request.url, *why)

    page.on("request", sent)
    page.on("requestfinished", lambda r: ended(r, "finished"))
    page.on("requestfailed", lambda r: ended(r, "failed", r.failure))
    page.on("response", answered)
    page.on("framenavigated", lambda f: note("navigated", f.url) if f == page.main_frame else None)
    page.on("domcontentloaded", lambda _: note("domcontentloaded"))
    page.on("load", lambda _: note("load"))
    page.on("crash", lambda _: note("crash"))
    page.on("console", logged)
    _OPEN_PAGES.append((page, events, pending))


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def make(*, user=None, viewport=None):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport or {"width": 1200, "height": 900},
            bypass_csp=True,  # lets the test inject axe-core; the app's own CSP is tested elsewhere
        )
        if user is not None:
            client = Client()
            sign_in(client, user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        contexts.append(context)
        page = context.new_page()
        page.add_init_script(_INPUT_LOG)
        _watch(page)
        return page

    yield make
    _OPEN_PAGES.clear()
    for context in contexts:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, what its pages last did (requests, responses, navigations),
    and what the live server's threads and the database's other sessions were doing at that
    moment, in the report. Failures under load (a page that had not come after 5 and 15 s) left
    nothing to go on but a blank page; this is for the next one (decision 0228)."""
    report = yield
    if report.when == "call" and report.failed and item.get_closest_marker("browser"):
        report.sections.append(("browser pages at the failure", _page_events()))
        report.sections.append(("live server threads at the failure", _thread_stacks()))
        report.sections.append(("database sessions at the failure", _database_sessions()))
    return report


def _page_events() -> str:
    """Each page's address and its last events, newest first, with how many seconds before now
    each came. The page the test opened last comes first: CI's log keeps only a section's first
    lines, so what the failing page last did must be there."""
    now = time.monotonic()
    lines = []
    for number, (page, events, pending) in reversed(list(enumerate(_OPEN_PAGES, start=1))):
        lines.append(f"--- page {number} of {len(_OPEN_PAGES)}: {page.url}")
        waiting = [f"{r.method} {r.url} ({now - when:.2f} s)" for r, when in pending.items()]
        lines.append(f"  still waiting for: {', '.join(waiting) or 'nothing'}")
        lines += [f"  {now - when:6.2f} s ago  {what}" for when, what in reversed(events)]
    return "\n".join(lines) or "no page"


def _thread_stacks() -> str:
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    here = threading.get_ident()
    stacks = []
    for ident, frame in sys._current_frames().items():
        if ident == here:
            continue
        stack = "".join(traceback.format_stack(frame))
        stacks.append(f"--- thread {names.get(ident, ident)}\n{stack}")
    return "\n".join(stacks) or "no other thread"


def _database_sessions() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        return f"({connection.vendor}: not asked)"
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, state, wait_event_type, wait_event, now() - query_start, "
                "left(query, 200) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            rows = cursor.fetchall()
    except Exception as error:  # noqa: BLE001 (evidence for a failure already reported)
        return f"could not ask: {error!r}"
    return "\n".join(" | ".join(str(value) for value in row) for row in rows) or "none"


# The rules every page is checked against, and the check (bench/axe_bench.py times the same).
# Only the violations are read, so only they are worked out in full (axe's `resultTypes`: passes
# and the rest keep one node each). The same violations in about half the time: 260 against
# 484 ms for a participant's page, 0.7 against 1.6 s for a caseload (decision 0228).
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_RUN = "async (rules) => await axe.run(document, {runOnly: rules, resultTypes: ['violations']})"


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `make install` (npm ci)")
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(AXE_RUN, AXE_RULES)
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in_through_the_page(page, base_url: str, user, password: str) -> None:
    """Signs in as a person does: email and password, then the code their authenticator app
    shows (the app must already be set up: casework.testing.auth.authenticator_app)."""
    from casework.testing.auth import authenticator_app, current_code

    device = authenticator_app(user)
    # An authenticator code works once; a test may sign the same user in twice in 30 seconds.
    type(device).objects.filter(pk=device.pk).update(last_t=-1)
    page.goto(base_url + "/sign-in")
    page.fill("#username", user.email)
    page.fill("#password", password)
    page.get_by_role("button", name="Sign in").click()
    page.fill("#token", current_code(device))
    page.get_by_role("button", name="Continue").click()
    # Waits for the page the sign-in leads to, so the next step never races the redirect.
    # (The sign-out form is on every signed-in page, inside the menu a phone folds away.)
    expect(page.locator("form[action$='/sign-out']").first).to_be_attached()
    expect(page).not_to_have_url(re.compile(r"/sign-in"))
