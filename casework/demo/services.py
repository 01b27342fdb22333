"""Loads the demo programme, organisations, staff and synthetic participants. Idempotent: every
record has a natural key, and a second run creates nothing."""

import datetime
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from casework.demo import data, intake
from casework.demo import profiles as demo_profiles
from casework.demo.groupwork import load_group_sessions
from casework.journey import services as journey_services
from casework.participants import services as participant_services
from casework.participants.models import ExitReason, Gender, Participant
from casework.programmes.models import (
    Organisation,
    OrganisationRole,
    Programme,
    ProgrammeOrganisation,
    Team,
)
from casework.register import services as register_services
from casework.staff import services as staff_services
from casework.staff.models import Membership, Role, StaffUser

_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def load_programmes() -> Programme:
    """Loads the reference programme configurations (a new register version only when a file
    changed) and returns the programme the demo staff and participants belong to."""
    for name in data.PROGRAMME_FILES:
        register_services.load_programme(path=Path(settings.CASEWORK_PROGRAMMES_DIR) / name)
    return Programme.objects.get(slug=data.DEMO_PROGRAMME)


@transaction.atomic
def load_staff(programme: Programme) -> list[StaffUser]:
    users = []
    for local_part, first, last, organisation_name, role in data.STAFF:
        organisation = Organisation.objects.get(name=organisation_name)
        user = StaffUser.objects.filter(email=data.staff_email(local_part)).first()
        if user is None:
            user = StaffUser.objects.create_user(
                data.staff_email(local_part),
                data.DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                organisation=organisation,
            )
        _train(user, due_soon=local_part in data.TRAINING_DUE_SOON)
        _give_authenticator_app(user)
        team = None
        if organisation_name in data.TEAMS and role != Role.REFERRER:
            team, _ = Team.objects.get_or_create(
                programme=programme, organisation=organisation, name=data.TEAMS[organisation_name]
            )
        Membership.objects.get_or_create(
            user=user, programme=programme, defaults={"role": role, "team": team}
        )
        users.append(user)
    return users


def _train(user: StaffUser, *, due_soon: bool) -> None:
    """Demo staff are trained and bound, so `make run` opens every page."""
    if user.data_protection_training_expires_on and user.confidentiality_acknowledged_at:
        return
    today = timezone.localdate()
    completed_on = today - datetime.timedelta(days=351 if due_soon else 60)
    staff_services.record_training(actor=None, user=user, completed_on=completed_on)
    staff_services.acknowledge_confidentiality(user=user)


def _give_authenticator_app(user: StaffUser) -> None:
    """Demo users sign in with the published demo key (README, 'Demo logins')."""
    if not settings.CASEWORK_ALLOW_EXAMPLE_NINOS:
        raise RuntimeError("Demo second factors need demo or test settings")
    TOTPDevice.objects.get_or_create(
        user=user,
        name="Demo authenticator app",
        defaults={"key": data.DEMO_TOTP_KEY_HEX, "confirmed": True},
    )


def _nino(rng: random.Random, used: set[str]) -> str:
    while True:
        nino = f"QQ{rng.randrange(10**6):06d}{rng.choice('ABCD')}"
        if nino not in used:
            used.add(nino)
            return nino


def _postcode(rng: random.Random, outward_codes: list[str]) -> str:
    inward = f"{rng.randrange(10)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
    return f"{rng.choice(outward_codes)} {inward}"


def load_participants(
    programme: Programme, *, progress: Callable[[int, int], None] | None = None
) -> int:
    """Creates the synthetic participants that do not exist yet; returns how many it created."""
    if not settings.CASEWORK_ALLOW_EXAMPLE_NINOS:
        raise RuntimeError("Demo data needs CASEWORK_ALLOW_EXAMPLE_NINOS (a demo or test setting)")
    existing = set(
        Participant.objects.filter(
            programme=programme, local_authority_identifier__startswith="DEMO-"
        ).values_list("local_authority_identifier", flat=True)
    )
    fake = Faker("en_GB")
    fake.seed_instance(data.SEED)
    rng = random.Random(data.SEED)
    today = timezone.localdate()
    manager = StaffUser.objects.get(email=data.staff_email("manager"))
    specialists_by_org: dict[int, list[StaffUser]] = {}
    for m in Membership.objects.filter(
        programme=programme, role=Role.EMPLOYMENT_SPECIALIST
    ).select_related("user"):
        specialists_by_org.setdefault(m.user.organisation_id, []).append(m.user)
    controllers = {
        area.code: link.organisation
        for link in ProgrammeOrganisation.objects.filter(
            programme=programme, role=OrganisationRole.JOINT_CONTROLLER
        ).prefetch_related("areas", "organisation")
        for area in link.areas.all()
    }
    areas = {a.code: a for a in programme.areas.all()}
    # Areas with demo staff get most participants, so every caseload is realistic (20-40).
    weighted_codes = (
        ["E06000032"] * 3 + ["E06000042"] * 3 + ["E06000062"] * 2 + list(data.OUTWARD_CODES)
    )
    used_ninos: set[str] = set()
    created = 0
    for i in range(data.PARTICIPANT_COUNT):
        identifier = f"DEMO-{i + 1:04d}"
        # Draw every random value even for existing rows, so the sequence stays the same.
        code = rng.choice(weighted_codes)
        gender = rng.choice(
            [Gender.WOMAN, Gender.MAN, Gender.WOMAN, Gender.MAN, Gender.NON_BINARY, Gender.NOT_SAID]
        )
        first = fake.first_name_female() if gender == Gender.WOMAN else fake.first_name_male()
        last = fake.last_name()
        dob = fake.date_of_birth(minimum_age=18, maximum_age=64)
        nino = _nino(rng, used_ninos) if rng.random() < 0.9 else ""
        postcode = _postcode(rng, data.OUTWARD_CODES[code])
        street = fake.street_address()
        phone = fake.phone_number() if rng.random() < 0.85 else ""
        email = f"{first}.{last}{rng.randrange(100)}@example.com".lower().replace("'", "")
        referred_days_ago = rng.randrange(1, 400)
        stage = rng.random()
        next_contact = today + datetime.timedelta(days=rng.randrange(-5, 21))
        if identifier in existing:
            continue
        organisation = controllers[code]
        specialists = specialists_by_org.get(organisation.pk, [])
        specialist = specialists[i % len(specialists)] if specialists else None
        referred_on = today - datetime.timedelta(days=referred_days_ago)
        with transaction.atomic():
            participant = participant_services.create_participant(
                actor=manager,
                programme=programme,
                referred_on=referred_on,
                area=areas[code],
                responsible_organisation=organisation,
                assigned_specialist=specialist,
                first_name=first,
                last_name=last,
                preferred_name="",
                date_of_birth=dob,
                gender=gender,
                email=email if rng.random() < 0.8 else "",
                phone=phone,
                address_line_1=street,
                address_line_2="",
                town=data.TOWNS[code],
                postcode=postcode,
                national_insurance_number=nino,
                local_authority_identifier=identifier,
                next_contact_on=next_contact,
            )
            _advance(manager, participant, stage, referred_on, today)
        created += 1
        if progress:
            progress(i + 1, data.PARTICIPANT_COUNT)
    load_group_sessions(programme, manager=manager, seed=data.SEED)
    return created


def _advance(actor, participant: Participant, stage: float, referred_on, today) -> None:
    """Moves a participant along the journey so the demo shows every status, recording the
    support, jobs and milestones that go with each stage through the journey services."""
    specialist = participant.assigned_specialist or actor
    if stage < 0.2:
        # Referred, not yet enrolled; a few found not eligible or referred elsewhere.
        if stage < 0.04:
            intake.decide_eligibility(
                specialist,
                participant,
                referred_on,
                decision="not_eligible" if stage < 0.02 else "referred_elsewhere",
            )
        return
    rng = random.Random(f"{data.SEED}-{participant.local_authority_identifier}")
    enrolled_on = min(today, referred_on + datetime.timedelta(days=14))
    intake.enrol(specialist, participant, enrolled_on)
    intake.add_documents(specialist, participant)
    demo_profiles.fill_profile(specialist, participant)
    exits = stage >= 0.9
    exited_on = min(today, enrolled_on + datetime.timedelta(days=200))
    _support(specialist, participant, rng, enrolled_on, exited_on if exits else today, today)
    if 0.5 <= stage < 0.65 or (exits and rng.random() < 0.3):
        intake.volunteer(specialist, participant, enrolled_on + datetime.timedelta(days=21), today)
    if stage < 0.65:
        return
    job_from = min(today, enrolled_on + datetime.timedelta(days=60))
    if not exits or rng.random() < 0.5:
        job = journey_services.record_job_start(
            actor=specialist,
            participant=participant,
            employer=rng.choice(data.EMPLOYERS),
            job_title=rng.choice(data.JOB_TITLES),
            employment_type=rng.choice(["employed"] * 6 + ["self_employed", "apprenticeship"]),
            hours_per_week=Decimal(rng.choice([8, 12, 16, 20, 25, 30, 37.5])),
            hourly_pay=Decimal(rng.choice(["12.21", "12.50", "13.10", "14.75", "16.20"])),
            started_on=job_from,
        )
        if exits and rng.random() < 0.5 and exited_on > job_from:
            journey_services.record_job_end(
                actor=specialist, job=job, ended_on=exited_on, end_reason="contract_ended"
            )
        intake.support_in_work(specialist, job, exited_on if exits else today)
        journey_services.record_achieved_milestones(actor=specialist, participant=participant)
    if not exits:
        return
    participant_services.exit_participant(
        actor=actor,
        participant=participant,
        reason=ExitReason.COMPLETED if stage < 0.95 else ExitReason.MOVED_AWAY,
        on=exited_on,
    )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _support(specialist, participant, rng, from_day, until, today) -> None:
    """Appointments (past ones with attendance, one booked ahead while the case is open), an
    action plan with a step or two overdue for some, and case notes."""
    earliest = today - datetime.timedelta(days=360)
    for offset in (0, 14, 28, 56):
        day = from_day + datetime.timedelta(days=offset)
        if day < earliest or day >= until:
            continue
        appointment = journey_services.book_appointment(
            actor=specialist,
            participant=participant,
            starts_at=_at(day, rng.choice([9, 10, 11, 14, 15])),
            kind=rng.choice(["in_person", "in_person", "phone", "video"]),
        )
        journey_services.record_attendance(
            actor=specialist,
            appointment=appointment,
            attendance=rng.choice(
                ["attended"] * 5 + ["did_not_attend", "cancelled_by_participant"]
            ),
        )
    goal = journey_services.add_goal(
        actor=specialist, participant=participant, description=rng.choice(data.GOALS)
    )
    due_days = (-rng.randrange(1, 10), rng.randrange(3, 21))
    for description, due_in in zip(data.STEPS, due_days, strict=True):
        step = journey_services.add_action_step(
            actor=specialist,
            goal=goal,
            description=description,
            due_on=today + datetime.timedelta(days=due_in),
        )
        if due_in < 0 and rng.random() < 0.6:
            journey_services.complete_action_step(actor=specialist, step=step)
    journey_services.add_case_note(
        actor=specialist,
        participant=participant,
        text=rng.choice(data.NOTES),
        contains_third_party_information=rng.random() < 0.15,
    )
    if until >= today:
        journey_services.book_appointment(
            actor=specialist,
            participant=participant,
            starts_at=_at(today + datetime.timedelta(days=rng.randrange(1, 15)), 10),
            kind="in_person",
        )
