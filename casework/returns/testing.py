"""A built programme for the returns' tests and the access matrix: participants with journeys
(eligibility, a job, a milestone, an exit), one with inconsistent records, one restricted."""

import datetime
import json
from decimal import Decimal

from django.utils import timezone

from casework.eligibility.models import Decision, EligibilityAssessment
from casework.journey.models import Job, Milestone
from casework.participants.models import Status
from casework.rights.models import Restriction
from casework.testing import factories

OCTOBER = datetime.date(2026, 10, 1)


def eligible(participant, *, strand="out_of_work", groups=("disabled",), on=None):
    return EligibilityAssessment.objects.create(
        participant=participant,
        assessed_on=on or participant.referred_on,
        lives_in_area=True,
        right_to_work=True,
        on_other_dwp_programme=False,
        qualifying_groups=json.dumps(sorted(groups)),
        strand=strand,
        advice="[]",
        decision=Decision.ELIGIBLE,
    )


def job(participant, started_on, *, hours="16", pay="12.50"):
    return Job.objects.create(
        participant=participant,
        employer="Acme Foods",
        job_title="Packer",
        employment_type="employed",
        hours_per_week=Decimal(hours),
        hourly_pay=Decimal(pay),
        started_on=started_on,
    )


def milestone(participant, achieved_on, key="sustained_13_weeks"):
    return Milestone.objects.create(
        participant=participant,
        outcome_key=key,
        label="13 weeks in work",
        achieved_on=achieved_on,
        evidence={},
    )


def person(world, **fields):
    defaults = {
        "programme": world.programme,
        "area": world.area_a,
        "responsible_organisation": world.org_a,
        "date_of_birth": datetime.date(1990, 5, 17),
        "gender": "woman",
        "disability": "yes",
        "ethnicity": "White British",
        "referred_on": datetime.date(2026, 6, 2),
    }
    return factories.ParticipantFactory(**{**defaults, **fields})


def built_programme(world) -> dict:
    """Four people referred by October 2026 and one after it; one restricted."""
    in_work = person(
        world,
        first_name="Ines",
        last_name="Inwork",
        status=Status.IN_WORK,
        enrolled_on=datetime.date(2026, 6, 10),
        in_work_on=datetime.date(2026, 7, 1),
    )
    eligible(in_work)
    job(in_work, datetime.date(2026, 7, 1))
    milestone(in_work, datetime.date(2026, 10, 1))
    # A job start before the programme start, a milestone without a job: inconsistent.
    muddled = person(
        world,
        first_name="Mo",
        last_name="Muddle",
        status=Status.ENROLLED,
        enrolled_on=datetime.date(2026, 8, 1),
        gender="",
    )
    eligible(muddled, strand="in_work_retention", groups=("carer", "veteran"))
    job(muddled, datetime.date(2026, 7, 20), hours="95")
    other = person(
        world,
        first_name="Olu",
        last_name="Other",
        area=world.area_b,
        responsible_organisation=world.org_b,
        status=Status.EXITED,
        enrolled_on=datetime.date(2026, 6, 5),
        exited_on=datetime.date(2026, 9, 30),
        exit_reason="moved_away",
        disability="",
    )
    milestone(other, datetime.date(2026, 9, 1))
    restricted = person(world, first_name="Rae", last_name="Restricted")
    Restriction.objects.create(
        participant=restricted, reason="Accuracy contested", started_at=timezone.now()
    )
    later = person(
        world, first_name="Lee", last_name="Later", referred_on=datetime.date(2026, 11, 3)
    )
    return {
        "in_work": in_work,
        "muddled": muddled,
        "other": other,
        "restricted": restricted,
        "later": later,
    }


def matrix_kwargs(participant) -> dict:
    """For the access matrix: a released return of the participant's programme, with its files
    (made once per programme, without the services: the matrix tests who reaches the pages)."""
    from casework.disclosures.models import Disclosure
    from casework.documents import chunked as files
    from casework.register.selectors import current_version
    from casework.returns.models import (
        BuildState,
        FileKind,
        MonthlyReturn,
        ReturnFile,
        ReturnRelease,
    )

    programme = participant.programme
    found = ReturnRelease.objects.filter(programme=programme).first()
    if found is None:
        version = current_version(programme)
        now = timezone.now()
        monthly_return = MonthlyReturn.objects.create(
            programme=programme,
            month=OCTOBER,
            register_version=version,
            definition_version="matrix",
            columns=[],
            state=BuildState.RELEASED,
            row_count=1,
            requested_at=now,
            finished_at=now,
        )
        for kind in FileKind.values:
            writer = files.EncryptedWriter()
            writer.write(b"Participant reference\r\nmatrix\r\n")
            name, sha, size = writer.close()
            ReturnFile.objects.create(
                monthly_return=monthly_return, kind=kind, storage_name=name, sha256=sha, size=size
            )
        disclosure = Disclosure.objects.create(
            programme=programme,
            register_version=version,
            kind="extract",
            participant_count=1,
            recipient_key="government-departments",
            recipient_type="government_department",
            recipient_description="DWP",
            purpose="reporting",
            basis="agreement",
            content_sha256=sha,
            delivery="download",
            status="handed_over",
            disclosed_at=now,
        )
        found = ReturnRelease.objects.create(
            monthly_return=monthly_return,
            programme=programme,
            month=OCTOBER,
            definition_version="matrix",
            disclosure=disclosure,
            recipient_key="dwp",
            recipient_description="DWP",
            row_count=1,
            rows_with_findings=0,
            findings_total=0,
            csv_sha256=sha,
            xlsx_sha256=sha,
            released_at=now,
        )
    return {"build_id": found.monthly_return_id, "release_id": found.pk, "kind": "csv"}
