"""Eligibility: the programme's rules advise, with reasons; a person decides and is recorded."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from casework.eligibility import services
from casework.eligibility.models import EligibilityAssessment
from casework.eligibility.rules import Evidence, assess
from casework.register.config import Eligibility, QualifyingGroup
from casework.testing.auth import sign_in

ON = datetime.date(2026, 11, 23)


def evidence(**overrides) -> Evidence:
    values = {
        "date_of_birth": datetime.date(1990, 1, 1),
        "assessed_on": ON,
        "lives_in_area": True,
        "right_to_work": True,
        "on_other_dwp_programme": False,
        "qualifying_groups": ("health_condition",),
        "strand": "out_of_work",
    }
    values.update(overrides)
    return Evidence(**values)


def failed_rules(advice) -> set[str]:
    return {r.rule for r in advice.results if not r.passed}


def test_everything_met():
    advice = assess(Eligibility(), evidence())
    assert advice.all_passed
    assert len(advice.results) == 6


@pytest.mark.parametrize(
    ("overrides", "rule"),
    [
        ({"lives_in_area": False}, "Lives in the programme's area"),
        ({"right_to_work": False}, "Right to work in the UK"),
        ({"on_other_dwp_programme": True}, "Not on another DWP employment programme"),
        (
            {"qualifying_groups": ()},
            "Disabled, health condition or a specified disadvantaged group",
        ),
        ({"strand": "nonsense"}, "Strand"),
    ],
)
def test_each_rule_fails_alone_with_its_reason(overrides, rule):
    assert failed_rules(assess(Eligibility(), evidence(**overrides))) == {rule}


def test_sixteen_and_seventeen_year_olds_need_an_exceptional_reason():
    seventeen = datetime.date(2009, 6, 1)
    advice = assess(Eligibility(), evidence(date_of_birth=seventeen))
    assert failed_rules(advice) == {"Age"}
    assert "exceptional cases" in advice.results[0].reason
    advice = assess(
        Eligibility(), evidence(date_of_birth=seventeen, exceptional_age_reason="Care leaver")
    )
    assert advice.all_passed
    fifteen = datetime.date(2011, 6, 1)
    assert failed_rules(assess(Eligibility(), evidence(date_of_birth=fifteen))) == {"Age"}


def test_a_programme_can_narrow_the_groups_and_strands():
    rules = Eligibility(qualifying_groups=["disabled"], strands=["out_of_work"])
    assert "Strand" in failed_rules(
        assess(rules, evidence(qualifying_groups=("disabled",), strand="in_work_retention"))
    )
    assert failed_rules(assess(rules, evidence())) == {
        "Disabled, health condition or a specified disadvantaged group"
    }


@given(st.sets(st.sampled_from(list(QualifyingGroup))))
def test_any_one_qualifying_group_is_enough(groups):
    advice = assess(Eligibility(), evidence(qualifying_groups=tuple(groups)))
    assert advice.all_passed == bool(groups)


def test_configuration_refuses_an_exceptional_age_above_the_minimum():
    with pytest.raises(ValueError, match="exceptional_minimum_age"):
        Eligibility(minimum_age=18, exceptional_minimum_age=19)


# The decision -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_decision_is_a_persons_and_a_refusal_needs_a_reason(world, participant_a):
    actor = world.user("specialist_a")
    with pytest.raises(ValidationError, match="Enter the reason"):
        services.record_decision(
            actor=actor,
            participant=participant_a,
            evidence=evidence(lives_in_area=False),
            right_to_work_evidence="",
            decision="not_eligible",
            decision_reason="",
        )
    assessment = services.record_decision(
        actor=actor,
        participant=participant_a,
        evidence=evidence(lives_in_area=False),
        right_to_work_evidence="Passport",
        decision="referred_elsewhere",
        decision_reason="Lives in Bedford: referred to the Bedford service",
    )
    assert assessment.decided_by == actor
    advice = json.loads(assessment.advice)
    assert [r["passed"] for r in advice].count(False) == 1
    # A person may decide against the advice: the rules only advise.
    overruled = services.record_decision(
        actor=actor,
        participant=participant_a,
        evidence=evidence(right_to_work=False),
        right_to_work_evidence="",
        decision="eligible",
        decision_reason="",
    )
    assert overruled.decision == "eligible"


@pytest.mark.django_db
def test_read_only_roles_cannot_decide(world, participant_a):
    with pytest.raises(PermissionDenied):
        services.record_decision(
            actor=world.user("auditor_a"),
            participant=participant_a,
            evidence=evidence(),
            right_to_work_evidence="",
            decision="eligible",
            decision_reason="",
        )


@pytest.mark.django_db
def test_the_page_checks_then_records(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    url = reverse("eligibility:eligibility", args=[participant_a.pk])
    data = {
        "assessed_on-day": "20",
        "assessed_on-month": "11",
        "assessed_on-year": "2026",
        "lives_in_area": "yes",
        "right_to_work": "yes",
        "on_other_dwp_programme": "yes",
        "qualifying_groups": ["carer"],
        "strand": "out_of_work",
    }
    html = client.post(url, {**data, "action": "check"}).content.decode()
    assert "Not on another DWP employment programme" in html
    assert "Not met" in html
    assert EligibilityAssessment.objects.count() == 0
    html = client.post(
        url, {**data, "action": "decide", "decision": "not_eligible"}
    ).content.decode()
    assert "Enter the reason for your decision" in html
    response = client.post(
        url,
        {**data, "action": "decide", "decision": "not_eligible", "decision_reason": "On Restart"},
    )
    assert response.status_code == 302
    assert "Not eligible (On Restart)" in client.get(url).content.decode()


@pytest.mark.django_db
def test_other_partners_get_404(client, world, participant_a):
    sign_in(client, world.user("team_leader_b"))
    assert (
        client.get(reverse("eligibility:eligibility", args=[participant_a.pk])).status_code == 404
    )
