"""The demo programme, modelled on the South Midlands Connect to Work privacy notice
(../shared/programmes/south-midlands.txt). Organisations are real councils; people are synthetic
(Faker en_GB), and every National Insurance number has the QQ example prefix, which is never
allocated to a person."""

import datetime

from casework.staff.models import Role

DEMO_PASSWORD = "casework-demo-2026"  # noqa: S105  (printed for local demo use only)
EMAIL_DOMAIN = "casework.example"
PARTICIPANT_COUNT = 300
SEED = 20250801

PROGRAMME = {
    "slug": "south-midlands",
    "name": "South Midlands Connect to Work",
    "starts_on": datetime.date(2025, 4, 1),
    "ends_on": datetime.date(2030, 3, 31),
    "delivery_models": ["IPS", "SEQF"],
}

# ONS GSS codes; outward postcodes used when generating addresses in each area.
AREAS = {
    "E06000055": ("Bedford", ["MK40", "MK41", "MK42", "MK43", "MK44"]),
    "E06000056": ("Central Bedfordshire", ["LU5", "LU6", "LU7", "SG17", "SG18", "SG19"]),
    "E06000032": ("Luton", ["LU1", "LU2", "LU3", "LU4"]),
    "E06000042": ("Milton Keynes", ["MK1", "MK3", "MK5", "MK6", "MK8", "MK9", "MK10", "MK13"]),
    "E06000061": ("North Northamptonshire", ["NN8", "NN9", "NN10", "NN14", "NN15", "NN16"]),
    "E06000062": ("West Northamptonshire", ["NN1", "NN2", "NN3", "NN4", "NN5", "NN11", "NN12"]),
}
TOWNS = {
    "E06000055": "Bedford",
    "E06000056": "Dunstable",
    "E06000032": "Luton",
    "E06000042": "Milton Keynes",
    "E06000061": "Kettering",
    "E06000062": "Northampton",
}

ACCOUNTABLE_BODY = "West Northamptonshire Council"
JOINT_CONTROLLERS = {
    "Bedford Borough Council": ["E06000055"],
    "Central Bedfordshire Council": ["E06000056"],
    "Luton Borough Council": ["E06000032"],
    "Milton Keynes City Council": ["E06000042"],
    "North Northamptonshire Council": ["E06000061"],
    "West Northamptonshire Council": ["E06000062"],
}
GOVERNMENT_DEPARTMENT = "Department for Work and Pensions"
REFERRAL_PARTNER = "Jobcentre Plus Luton"

TEAMS = {
    "Luton Borough Council": "Luton IPS team",
    "Milton Keynes City Council": "Milton Keynes supported employment team",
    "West Northamptonshire Council": "Northampton employment team",
}

# (email local part, first name, last name, organisation, role)
STAFF = [
    ("specialist.luton", "Amira", "Hussain", "Luton Borough Council", Role.EMPLOYMENT_SPECIALIST),
    ("specialist2.luton", "Tom", "Gallagher", "Luton Borough Council", Role.EMPLOYMENT_SPECIALIST),
    ("teamleader.luton", "Grace", "Okafor", "Luton Borough Council", Role.TEAM_LEADER),
    ("specialist.mk", "Daniel", "Price", "Milton Keynes City Council", Role.EMPLOYMENT_SPECIALIST),
    ("specialist2.mk", "Priya", "Shah", "Milton Keynes City Council", Role.EMPLOYMENT_SPECIALIST),
    ("teamleader.mk", "Owen", "Hughes", "Milton Keynes City Council", Role.TEAM_LEADER),
    (
        "specialist.northampton",
        "Lucy",
        "Brennan",
        "West Northamptonshire Council",
        Role.EMPLOYMENT_SPECIALIST,
    ),
    ("manager", "Helen", "Carter", "West Northamptonshire Council", Role.PROGRAMME_MANAGER),
    ("dpo", "Martin", "Ellis", "West Northamptonshire Council", Role.DATA_PROTECTION_OFFICER),
    ("auditor", "Sophie", "Turner", "West Northamptonshire Council", Role.AUDITOR),
    ("referrer", "Kwame", "Mensah", "Jobcentre Plus Luton", Role.REFERRER),
]


def staff_email(local_part: str) -> str:
    return f"{local_part}@{EMAIL_DOMAIN}"


# The participant journey: fictional employers and plain, invented notes.
EMPLOYERS = [
    "Riverside Logistics",
    "Chiltern Care Homes",
    "Market Street Bakery",
    "Ouse Valley Garden Centre",
    "Northgate Leisure Centre",
    "Brook Lane Garage",
    "Lantern Café",
    "Midshires Warehousing",
]
JOB_TITLES = [
    "Warehouse operative",
    "Care assistant",
    "Kitchen porter",
    "Retail assistant",
    "Cleaner",
    "Administrative assistant",
    "Delivery driver",
    "Grounds maintenance assistant",
]
GOALS = [
    "Find part-time work close to home",
    "Return to work in retail",
    "Build confidence for interviews",
    "Find work that fits around caring",
]
STEPS = ["Update CV with the specialist", "Apply for two jobs from the shortlist"]
NOTES = [
    "First meeting went well. Talked about the kind of work they would like and travel to work.",
    "Worked on the CV together. Agreed to look at two local vacancies before next week.",
    "Practised interview questions. Feeling more confident about the next step.",
    "Phoned to check in. Would prefer morning appointments from now on.",
]
