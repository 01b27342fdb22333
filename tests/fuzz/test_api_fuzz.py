"""Issue 9.6: schemathesis over the OpenAPI schema (/api/schema/), in process through Django's
WSGI application, as a signed-in user of each kind: no answer is a 5xx, and every answer
matches the schema. Bounded (a fixed number of examples per operation, no deadline, the same
examples every run) so that it adds about a minute to the suite."""

import logging

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from casework.testing import factories
from casework.testing.auth import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = (
    "specialist_a",
    "team_leader_a",
    "manager",
    "dpo",
    "auditor_a",
    "referrer",
    "report_only",
)
CSRF = "fuzzcsrftokenfuzzcsrftokenfuzz32"  # any 32 letters: cookie and header agree


@pytest.fixture
def signed_in(world):
    """A session cookie for each kind of user (password and second factor, as staff sign in),
    and records for the fuzzer to find: one participant on specialist A's caseload."""
    factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a"),
    )
    headers = {}
    for name in ROLES:
        client = Client()
        sign_in(client, world.user(name))
        headers[name] = {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}
    return headers


@pytest.fixture
def api_schema(signed_in):
    # The schema as /api/schema/ serves it, drawn in process (first: Django's test client
    # reconnects the signal handlers below when it finishes a request).
    manager = Client(enforce_csrf_checks=True)
    manager.cookies.load(signed_in["manager"])
    served = manager.get("/api/schema/?format=json")
    assert served.status_code == 200
    loaded = schemathesis.openapi.from_dict(served.json())
    loaded.app = get_wsgi_application()
    # Django's test client keeps database connections open across a request; so must we, or
    # the first request would close the test's transaction (PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)  # thousands of 4xx warnings otherwise; a 5xx still logs
    try:
        yield loaded
    finally:
        request_log.setLevel(level)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


FUZZ_SETTINGS = settings(
    max_examples=4,  # per operation and mode: about a minute a database
    deadline=None,
    derandomize=True,  # the same examples every run: a failure is reproducible
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def test_the_api_never_fails_and_answers_as_its_schema_says(api_schema, signed_in):
    """Every operation, in positive and negative (invalid-input) modes, as each kind of user.
    (Schemathesis's own pytest plugin is not used: its lazy loader does not work with this
    pytest; the operations are walked with the same strategies.)"""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @FUZZ_SETTINGS
            @given(case=operation.as_strategy(generation_mode=mode))
            def fuzz(case):
                for name in ROLES:
                    case.call_and_validate(
                        cookies=signed_in[name],
                        headers={"X-CSRFToken": CSRF},
                        checks=[not_a_server_error, response_schema_conformance],
                    )

            try:
                fuzz()
            except Unsatisfiable:
                # No invalid input can be made for it (nothing to get wrong): nothing to test.
                assert mode == GenerationMode.NEGATIVE, operation.label
