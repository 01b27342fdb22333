"""Demo vocational profiles: every demo participant past referral has one, filled in through the
profile services as their specialist would (so each write is validated and audited). Its own
random generator, seeded by the participant, so the rest of the demo draws the same values."""

import datetime
import random
from decimal import Decimal

from casework.access.permissions import Action, has_permission
from casework.demo import data
from casework.participants.models import Participant
from casework.profiles import services as profile_services

_PAST_EMPLOYERS = [
    "Dunstable Distribution",
    "Bedford Borough Hospital",
    "Northampton Shoe Works",
    "High Street Pharmacy",
    "Milton Keynes Call Centre",
    "Greenway Supermarket",
    "County Hotel",
    "Vale Cleaning Services",
]
_PAST_ROLES = [
    "Sales assistant",
    "Warehouse picker",
    "Hospital porter",
    "Call centre adviser",
    "Housekeeper",
    "Kitchen assistant",
    "Machine operator",
    "Office junior",
]
_WORK_WANTED = [
    "Warehouse or delivery work",
    "Retail, ideally in a small shop",
    "Care work, days only",
    "Office or admin work",
    "Outdoor work, gardening or grounds",
    "Kitchen or café work",
]
_SUPPORT = [
    "Citizens Advice helped with debts last year.",
    "Has a housing officer at the council.",
    "Went on a Jobcentre confidence course.",
    "Talking therapies (NHS) in the past year.",
]
_BARRIER_DETAIL = [
    "Anxiety on crowded buses makes early starts hard.",
    "Back pain after standing for long periods; needs a chance to sit.",
    "Low mood in winter; short shifts help.",
]


def fill_profile(actor, participant: Participant) -> None:
    """Employment history, qualifications, barriers, support, caring, benefits and job goals for
    `participant`, recorded by their specialist (or `actor`)."""
    rng = random.Random(f"{data.SEED}-profile-{participant.local_authority_identifier}")
    specialist = participant.assigned_specialist or actor
    referred_on = participant.referred_on
    adult_from = participant.date_of_birth.year + 16
    # Earlier jobs, newest first, each ending some months before the next began.
    end = referred_on.replace(day=1) - datetime.timedelta(days=30 * rng.randrange(2, 30))
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
        start = end - datetime.timedelta(days=30 * rng.randrange(6, 60))
        if start.year < adult_from:
            break
        profile_services.add_employment_entry(
            actor=specialist,
            participant=participant,
            employer=rng.choice(_PAST_EMPLOYERS),
            role=rng.choice(_PAST_ROLES),
            started_on=start.replace(day=1),
            ended_on=end.replace(day=1),
            hours_per_week=Decimal(rng.choice([8, 16, 20, 25, 30, 37.5, 40])),
            reason_left=rng.choice(["contract_ended", "resigned", "redundant", "caring", "moved"]),
        )
        end = start - datetime.timedelta(days=30 * rng.randrange(1, 24))
    if rng.random() < 0.8:
        profile_services.add_qualification(
            actor=specialist,
            participant=participant,
            title=rng.choice(["GCSEs including English", "GCSE Maths", "Functional Skills"]),
            level=rng.choice(["1", "2", "2", "entry"]),
            institution=rng.choice(["", "Local secondary school", "Adult learning centre"]),
            year_achieved=min(adult_from, referred_on.year),
        )
    if rng.random() < 0.3:
        profile_services.add_qualification(
            actor=specialist,
            participant=participant,
            title=rng.choice(["Forklift licence", "Food hygiene certificate", "CSCS card"]),
            level="none",
            in_progress=True,
        )
    caring = rng.choice(["yes", "no", "no", "no", ""])
    changes = {
        "barriers": rng.sample(
            ["transport", "childcare", "confidence", "digital_skills", "basic_skills", "debt"],
            rng.randrange(0, 4),
        ),
        "support_received": rng.choice(["", "", *_SUPPORT]),
        "caring_responsibilities": caring,
        "caring_detail": "Looks after a parent most afternoons" if caring == "yes" else "",
        "benefits": rng.choice(
            [["universal_credit"], ["universal_credit", "pip"], ["esa"], ["none"], ["not_said"]]
        ),
        "work_wanted": rng.choice(_WORK_WANTED),
        "hours_wanted": rng.choice([None, 8, 16, 20, 30, 37]),
        "travel_distance": rng.choice(["1", "5", "5", "10", "20", "home"]),
    }
    if has_permission(specialist, Action.VIEW_SPECIAL_CATEGORY, participant.programme):
        changes["health_barriers"] = rng.choice(
            [[], [], ["health_condition"], ["disability"], ["health_condition", "disability"]]
        )
        if changes["health_barriers"]:
            changes["barriers_detail"] = rng.choice(_BARRIER_DETAIL)
    profile_services.update_profile(actor=specialist, participant=participant, **changes)
