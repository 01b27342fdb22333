"""Art 18: a restricted participant is left out of every report, return, extract, export and
register print-out until the restriction is lifted, and every page of their record says so.

The walk takes every named URL from the resolver that looks like something leaving Casework or
printed (its name or path says csv, xlsx, pdf, json, print, export, extract, report, return,
register, download or matching) and requires each to be in WALKED (fetched with the participant
present, restricted, then lifted) or in NOT_ABOUT_PARTICIPANTS with the reason it holds no
participant's data to leave out. A new export in neither table fails, naming it."""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from casework.groupwork.testing import session_with
from casework.register.selectors import current_config
from casework.rights import services
from casework.testing.auth import sign_in
from casework.testing.registers import publish_register

pytestmark = pytest.mark.django_db

LEAVES = re.compile(
    r"csv|xlsx|pdf|json|print|export|extract|report|return|register|download|matching", re.I
)

DATA_MATCHING = {
    "key": "national-fraud-initiative",
    "description": "The Cabinet Office's National Fraud Initiative",
    "type": "statutory_data_matching",
    "consent_needed": False,
    "legal_gateway": "Local Audit and Accountability Act 2014, Schedule 9",
}


def _routes(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _routes(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, prefix + str(pattern.pattern)


def leaving_routes() -> set[str]:
    return {
        name
        for name, path in _routes()
        if not name.startswith("admin:") and LEAVES.search(f"{name} {path}")
    }


@dataclass(frozen=True)
class Walk:
    user: str
    fetch: Callable  # (client, participant) -> response
    # "named": the participant's surname is in it when present; "counted": the figures move.
    kind: str = "named"


def _get(name, **kwargs):
    def fetch(client, participant):
        return client.get(reverse(name, kwargs=kwargs or None))

    return fetch


def _session_url(name):
    def fetch(client, participant):
        session = session_with(participant).session_id
        return client.get(reverse(name, args=[session]))

    return fetch


def _reports(name):
    def fetch(client, participant):
        today = timezone.localdate()
        query = {"programme": participant.programme.slug}
        for part in ("start", "end"):
            day = participant.referred_on if part == "start" else today
            query |= {f"{part}-day": day.day, f"{part}-month": day.month, f"{part}-year": day.year}
        return client.get(reverse(name), query)

    return fetch


def _data_matching(client, participant):
    return client.post(
        reverse("disclosures:data-matching", args=[participant.programme.slug]),
        {
            "recipient": "national-fraud-initiative",
            "fields_shared": ["participants.Participant.last_name"],
        },
    )


WALKED: dict[str, Walk] = {
    "reports:partners": Walk("manager", _reports("reports:partners"), "counted"),
    "reports:partners-csv": Walk("manager", _reports("reports:partners-csv"), "counted"),
    "groupwork:register": Walk("team_leader_a", _session_url("groupwork:register")),
    "groupwork:register-print": Walk("team_leader_a", _session_url("groupwork:register-print")),
    "groupwork:register-csv": Walk("team_leader_a", _session_url("groupwork:register-csv")),
    "disclosures:data-matching": Walk("dpo", _data_matching),
}

NOT_ABOUT_PARTICIPANTS: dict[str, str] = {
    "register:notice": "the programme's privacy notice",
    "register:notice-pdf": "the programme's privacy notice",
    "register:notice-versions": "the programme's privacy notice",
    "register:notice-version": "the programme's privacy notice",
    "register:notice-version-pdf": "the programme's privacy notice",
    "register:record-of-processing-csv": "the Art 30 record: purposes and categories, no person",
    "register:record-of-processing-xlsx": "the Art 30 record: purposes and categories, no person",
    "api:programme-register": "the programme's register, no person",
    "api:programme-fideslang": "the programme's register, no person",
    "audit:report": "counts of each member of staff's actions: about staff, no participant",
    "dataprotection:reports": "counts of complaints and breaches, no participant",
    "breaches:report": "the statutory report of a breach to the ICO (Art 33): a legal "
    "obligation, counting people affected without naming them",
    "register:who-to-tell": "people to tell of a new privacy notice: telling the person is "
    "what Art 18 leaves allowed (and Art 18(3) requires)",
    "register:notice-given": "a page of the participant's own record (it shows the banner)",
    "subjectaccess:download": "the person's own subject access pack, given to them: their "
    "right of access (Art 15), which a restriction does not stop",
    "documents:download": "a document on the participant's own record, opened from it",
    "disclosures:log-csv": "the disclosure log: the controller's accountability record of "
    "what was shared (Art 5(2)); leaving rows out would falsify it",
}

# Files without names (pseudonymised or de-identified), so the walk has nothing to look for: the
# test named beside each builds one with a restricted participant and checks they are absent.
WALKED_IN_THEIR_APP: dict[str, str] = {
    **dict.fromkeys(
        (
            "returns:list",
            "returns:build",
            "returns:report",
            "returns:findings-csv",
            "returns:differences",
            "returns:release",
            "returns:released",
            "returns:download",
        ),
        "casework.returns.tests.test_returns.test_a_restricted_participant_is_left_out",
    ),
    # Building again runs the same build, which leaves restricted and objecting people out.
    "evaluation:rebuild": "casework.evaluation.tests.test_extract."
    "test_restricted_and_objecting_people_are_absent",
    "evaluation:report": "casework.evaluation.tests.test_extract."
    "test_restricted_and_objecting_people_are_absent",
    "evaluation:release": "casework.evaluation.tests.test_extract."
    "test_restricted_and_objecting_people_are_absent",
    "evaluation:download": "casework.evaluation.tests.test_extract."
    "test_restricted_and_objecting_people_are_absent",
}


def test_an_export_walked_in_its_own_app_names_a_test_that_exists():
    import importlib

    for route, test in WALKED_IN_THEIR_APP.items():
        module, name = test.rsplit(".", 1)
        assert callable(getattr(importlib.import_module(module), name, None)), (route, test)


def test_every_export_is_walked_or_says_why_it_holds_no_participant():
    routes = leaving_routes()
    unclassified = routes - set(WALKED) - set(NOT_ABOUT_PARTICIPANTS) - set(WALKED_IN_THEIR_APP)
    assert not unclassified, (
        f"Exports not walked with a restricted participant: {sorted(unclassified)}. Leave "
        "restricted participants out (casework.rights.selectors.without_restricted) and add "
        "them to WALKED, or say in NOT_ABOUT_PARTICIPANTS why they hold no participant's data"
    )
    walked_elsewhere = set(WALKED_IN_THEIR_APP)
    assert not (set(WALKED) | set(NOT_ABOUT_PARTICIPANTS) | walked_elsewhere) - routes, "stale"


def _text(response) -> str:
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    return response.content.decode("utf-8-sig")


def _partner_a_row(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text)))
    return next((row for row in rows if row and row[0] == "Partner A Council"), rows)


def _main(html: str) -> str:
    """The page's main content: its figures, without the per-response nonce and token."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'(nonce|value)="[^"]*"', "", main)


@pytest.fixture
def restricted_world(world, participant_a):
    config = current_config(publish_register(world.programme).programme)
    publish_register(
        world.programme,
        recipients=[*(r.model_dump(mode="json") for r in config.recipients), DATA_MATCHING],
    )
    session_with(participant_a)
    return world


@pytest.mark.parametrize("name", sorted(WALKED))
def test_a_restricted_participant_is_left_out_until_the_restriction_is_lifted(
    client, restricted_world, participant_a, name
):
    walk = WALKED[name]
    sign_in(client, restricted_world.user(walk.user))
    dpo = restricted_world.user("dpo")
    surname = participant_a.last_name

    before = _text(walk.fetch(client, participant_a))
    restriction = services.restrict(actor=dpo, participant=participant_a, reason="Contested")
    during = _text(walk.fetch(client, participant_a))
    services.lift_restriction(
        actor=dpo, restriction=restriction, told_on=timezone.localdate(), told_how="Letter"
    )
    after = _text(walk.fetch(client, participant_a))

    if walk.kind == "named":
        assert surname in before and surname not in during and surname in after
    else:
        figures = _partner_a_row if name.endswith("csv") else _main
        before, during, after = map(figures, (before, during, after))
        assert during != before and after == before


def test_every_page_of_a_restricted_record_shows_the_banner(client, world, participant_a):
    """Every GET page with only the participant in its address, as the DPO and as the
    specialist whose caseload it is: a banner on each HTML page that answers."""
    publish_register(world.programme)
    services.restrict(actor=world.user("dpo"), participant=participant_a, reason="Contested")
    pages = [
        name
        for name, path in _routes()
        if set(re.findall(r"<(?:\w+:)?(\w+)>", path)) == {"participant_id"}
        and not name.startswith(("api:", "admin:"))
    ]
    assert "participants:detail" in pages and "rights_record:overview" in pages
    checked = []
    for user in ("dpo", "specialist_a"):
        sign_in(client, world.user(user))
        for name in pages:
            response = client.get(reverse(name, args=[participant_a.pk]))
            html = response.get("Content-Type", "").startswith("text/html")
            if response.status_code == 200 and html:
                assert b"data-restriction-banner" in response.content, (user, name)
                checked.append(name)
    assert len(set(checked)) >= 10
