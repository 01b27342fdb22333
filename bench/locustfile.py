"""Issue 16.4: two hundred signed-in staff at once, against the production server (gunicorn) on
the national dataset (bench/dataset.py). Run with the load generator's own venv, never the
project's (bench/requirements-locust.txt; how to run it: bench/README.md, "Load test").

Each simulated user is one specialist of the dataset (bench.specialist<n>, given an authenticator
app by bench/loadtest_users.py), signs in through the real two steps (password, then the code
the app would show now), and then works their day's pages: their caseload, one of their
participants, that participant's timeline, a search by name (a POST, the words never in a URL),
and the referral list.

    LOAD_WAIT=0       no think time (saturation)
    LOAD_WAIT=10,30   a page every 10-30 s each (a working pace; the default)
    LOAD_SKIP=referrals  leave the referral list out (it takes seconds at 500,000: bench/README.md)
    LOAD_FIRST=0      the first specialist's number: give each run its own staff, since an
                      authenticator code is accepted once (django-otp refuses a replay)

Loopback only: the host must be 127.0.0.1 or localhost.
"""

import hashlib
import hmac
import itertools
import os
import random
import re
import struct
import time
from urllib.parse import urlparse

import requests
from locust import HttpUser, between, constant, events, task
from locust.exception import StopUser

PASSWORD = "casework-demo-2026"  # noqa: S105 - the demo's (casework/demo/data.py); the dataset copies it
TOTP_KEY = bytes.fromhex("3132333435363738393031323334353637383930")  # DEMO_TOTP_KEY_HEX
DOMAIN = "casework.example"
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies"]

_numbers = itertools.count()
_csrf = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_participant = re.compile(r'href="/participants/([0-9a-f-]{36})/"')


@events.init.add_listener
def _loopback_only(environment, **_kwargs):
    host = urlparse(environment.host or "").hostname
    if host not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"The load test runs against loopback only, not {host!r}")


def totp_now() -> str:
    """RFC 6238 with django-otp's defaults (SHA-1, 30 s steps, 6 digits)."""
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(TOTP_KEY, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def _wait():
    spec = os.environ.get("LOAD_WAIT", "10,30")
    if spec in ("", "0"):
        return constant(0)
    low, high = (float(x) for x in spec.split(","))
    return between(low, high)


class Specialist(HttpUser):
    wait_time = _wait()

    def on_start(self):
        """Sign in outside the figures (its own session, cookies handed over): the password's
        argon2 hash is deliberately slow, and the figures are the day's pages."""
        self.number = int(os.environ.get("LOAD_FIRST", "0")) + next(_numbers)
        self.participants: list[str] = []
        session = requests.Session()
        page = session.get(f"{self.host}/sign-in")
        session.post(
            f"{self.host}/sign-in",
            {
                "username": f"bench.specialist{self.number}@{DOMAIN}",
                "password": PASSWORD,
                "csrfmiddlewaretoken": self._token(page.text),
            },
        )
        page = session.get(f"{self.host}/sign-in/second-factor")
        response = session.post(
            f"{self.host}/sign-in/second-factor",
            {"token": totp_now(), "csrfmiddlewaretoken": self._token(page.text)},
        )
        if urlparse(response.url).path != "/caseload":
            events.request.fire(
                request_type="POST",
                name="sign-in (failed)",
                response_time=0,
                response_length=0,
                exception=RuntimeError(f"not signed in: ended at {response.url}"),
            )
            raise StopUser
        self.client.cookies.update(session.cookies)
        self.participants = _participant.findall(response.text)

    @staticmethod
    def _token(html: str) -> str:
        match = _csrf.search(html)
        return match.group(1) if match else ""

    def _one_of_mine(self) -> str | None:
        return random.choice(self.participants) if self.participants else None

    @task(3)
    def caseload(self):
        response = self.client.get("/caseload", name="caseload")
        self.participants = _participant.findall(response.text) or self.participants

    @task(3)
    def participant(self):
        if pid := self._one_of_mine():
            self.client.get(f"/participants/{pid}/", name="participant")

    @task(2)
    def timeline(self):
        if pid := self._one_of_mine():
            self.client.get(f"/participants/{pid}/timeline", name="timeline")

    @task(1)
    def search(self):
        page = self.client.get("/participants/search", name="search form")
        self.client.post(
            "/participants/search",
            {"q": random.choice(SURNAMES), "csrfmiddlewaretoken": self._token(page.text)},
            name="search (POST, then results)",
        )

    @task(1)
    def referrals(self):
        if "referrals" in os.environ.get("LOAD_SKIP", ""):
            return
        self.client.get("/referrals/", name="referral list")
