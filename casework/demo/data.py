"""The demo programme, modelled on the South Midlands Connect to Work privacy notice
(../shared/programmes/south-midlands.txt). Organisations are real councils; people are synthetic
(Faker en_GB), and every National Insurance number has the QQ example prefix, which is never
allocated to a person."""

from casework.staff.models import Role

DEMO_PASSWORD = "casework-demo-2026"  # noqa: S105  (printed for local demo use only)
EMAIL_DOMAIN = "casework.example"
PARTICIPANT_COUNT = 300
SEED = 20250801

# The demo loads every reference programme through the configuration loader, exactly as a
# council would onboard one (programmes/<slug>.yaml). Staff and participants are added to
# South Midlands; its controllers, areas and organisations come from its configuration.
PROGRAMME_FILES = ["south-midlands.yaml", "kent-and-medway.yaml", "local-london.yaml"]
DEMO_PROGRAMME = "south-midlands"

# Outward postcodes and a town used when generating addresses in each area (ONS GSS codes).
OUTWARD_CODES = {
    "E06000055": ["MK40", "MK41", "MK42", "MK43", "MK44"],
    "E06000056": ["LU5", "LU6", "LU7", "SG17", "SG18", "SG19"],
    "E06000032": ["LU1", "LU2", "LU3", "LU4"],
    "E06000042": ["MK1", "MK3", "MK5", "MK6", "MK8", "MK9", "MK10", "MK13"],
    "E06000061": ["NN8", "NN9", "NN10", "NN14", "NN15", "NN16"],
    "E06000062": ["NN1", "NN2", "NN3", "NN4", "NN5", "NN11", "NN12"],
}
TOWNS = {
    "E06000055": "Bedford",
    "E06000056": "Dunstable",
    "E06000032": "Luton",
    "E06000042": "Milton Keynes",
    "E06000061": "Kettering",
    "E06000062": "Northampton",
}

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
    ("dwp", "Ruth", "Adeyemi", "Department for Work and Pensions", Role.REPORT_ONLY),
]
# Every demo user's authenticator app shares this published key (RFC 4226's test key,
# "12345678901234567890"), printed by `manage.py demo_logins`; `manage.py demo_code` prints the
# current code. Demo data only: load_demo refuses to run outside demo and test settings.
DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"

# Demo staff whose data protection training falls due soon, so the programme manager's
# "Training due" page has something to show.
TRAINING_DUE_SOON = {"specialist2.mk"}


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
IN_WORK_NOTES = [
    "Checked in after the first week. Settling in; asked about changing shift times.",
    "Met the line manager with the participant to agree a phased start.",
    "Phoned: going well, would like more hours after the probation period.",
    "Helped prepare for a review meeting at work.",
]
VOLUNTEERING = ["Luton Foodbank", "MK Community Garden", "Northampton Hospice Shop", "Age UK"]
REFERRAL_NEEDS = [
    "Long-term back condition; would like part-time office work.",
    "Anxiety since leaving the army; wants to get back into driving work.",
    "Caring for a parent; looking for school-hours work.",
    "Left care two years ago; wants help with a first job.",
    "",
]
