"""Shared fixtures: a programme with two delivery partners (A and B) each responsible for one
area and each with one team, an accountable body, the DWP (report-only), and staff in every
role."""

import os
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, settings

from casework.programmes.models import OrganisationRole
from casework.staff.models import Role
from casework.testing import factories

pytest_plugins = ["casework.testing.browser"]

# Property tests on a loaded machine (two test processes under pytest-xdist, other work beside
# them): no time limit per example and no "too slow" health check, so a busy core never fails a
# test; and no example database shared between the processes (a failure prints its seed and the
# example to reproduce it). HYPOTHESIS_PROFILE=default restores Hypothesis's own settings.
settings.register_profile(
    "casework",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "casework"))


@dataclass
class World:
    programme: object
    area_a: object
    area_b: object
    org_a: object
    org_b: object
    accountable_body: object
    users: dict = field(default_factory=dict)

    def user(self, name: str):
        return self.users[name]


@pytest.fixture
def world(db) -> World:
    programme = factories.ProgrammeFactory(slug="test-programme", name="Test Connect to Work")
    area_a = factories.AreaFactory(code="E06000032", name="Luton")
    area_b = factories.AreaFactory(code="E06000042", name="Milton Keynes")
    programme.areas.add(area_a, area_b)
    org_a = factories.OrganisationFactory(name="Partner A Council")
    org_b = factories.OrganisationFactory(name="Partner B Council")
    body = factories.OrganisationFactory(name="Accountable Body Council")
    referral = factories.OrganisationFactory(name="Jobcentre Plus Test")
    dwp = factories.OrganisationFactory(name="Department for Work and Pensions Test")
    for org, area in ((org_a, area_a), (org_b, area_b)):
        link = factories.ProgrammeOrganisationFactory(
            programme=programme, organisation=org, role=OrganisationRole.JOINT_CONTROLLER
        )
        link.areas.add(area)
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=body, role=OrganisationRole.ACCOUNTABLE_BODY
    )
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=referral, role=OrganisationRole.REFERRAL_PARTNER
    )
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=dwp, role=OrganisationRole.GOVERNMENT_DEPARTMENT
    )
    w = World(programme, area_a, area_b, org_a, org_b, body)
    team_a = factories.TeamFactory(programme=programme, organisation=org_a, name="Team A")
    team_b = factories.TeamFactory(programme=programme, organisation=org_b, name="Team B")

    def member(name, org, role, team=None):
        user = factories.StaffUserFactory(email=f"{name}@council.example", organisation=org)
        factories.MembershipFactory(user=user, programme=programme, role=role, team=team)
        w.users[name] = user

    member("specialist_a", org_a, Role.EMPLOYMENT_SPECIALIST, team_a)
    member("specialist_a2", org_a, Role.EMPLOYMENT_SPECIALIST, team_a)
    member("team_leader_a", org_a, Role.TEAM_LEADER, team_a)
    member("auditor_a", org_a, Role.AUDITOR)
    member("specialist_b", org_b, Role.EMPLOYMENT_SPECIALIST, team_b)
    member("team_leader_b", org_b, Role.TEAM_LEADER, team_b)
    member("manager", body, Role.PROGRAMME_MANAGER)
    member("dpo", body, Role.DATA_PROTECTION_OFFICER)
    member("referrer", referral, Role.REFERRER)
    member("report_only", dwp, Role.REPORT_ONLY)
    return w


@pytest.fixture
def participant_a(world):
    """A participant in partner A's area, on specialist_a's caseload."""
    return factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_a,
        responsible_organisation=world.org_a,
        assigned_specialist=world.user("specialist_a"),
        first_name="Alice",
        last_name="Archer",
    )


@pytest.fixture
def participant_b(world):
    """A participant in partner B's area, on specialist_b's caseload."""
    return factories.ParticipantFactory(
        programme=world.programme,
        area=world.area_b,
        responsible_organisation=world.org_b,
        assigned_specialist=world.user("specialist_b"),
        first_name="Bob",
        last_name="Baker",
    )


def pytest_collection_modifyitems(items):
    """The tests marked slow first, the rest in their order: the parallel test processes start
    on the longest tests, and no 30-70 s test is handed out last to hold up the end of the run
    (decision 0225). The same order in every process, as pytest-xdist requires."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_terminal_summary(terminalreporter):
    """The access matrix's size and leaks over all its parts (casework/access/tests/test_matrix.py
    runs in parts spread over the test processes; each part records its counts)."""
    cases = leaks = parts = 0
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get(
        "failed", []
    ):
        if report.when != "call":
            continue
        properties = dict(report.user_properties)
        if "access_matrix_cases" in properties:
            parts += 1
            cases += properties["access_matrix_cases"]
            leaks += properties["access_matrix_leaks"]
    if parts:
        terminalreporter.write_line(
            f"access matrix: {cases} cases in {parts} parts, leaks: {leaks}"
        )
