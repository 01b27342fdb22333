from django.core.management.base import BaseCommand
from django.utils import timezone

from casework.audit.context import unit_of_work
from casework.demo import dataprotection, intake, services
from casework.demo.disclosures import load_disclosures


class Command(BaseCommand):
    help = (
        "Loads the three reference programmes, demo staff and 300 synthetic participants. "
        "Safe to run twice."
    )

    def handle(self, *args, **options):
        programme = services.load_programmes()
        staff = services.load_staff(programme)

        def progress(done: int, total: int) -> None:
            if done % 50 == 0 or done == total:
                self.stdout.write(f"  participants: {done}/{total}")

        # The programmes, the staff and their memberships are in place and do not change from
        # here on: each member of staff's permissions are worked out once for the participants,
        # referrals and disclosures that follow, not on every call (unit_of_work).
        with unit_of_work():
            created = services.load_participants(programme, progress=progress)
            waiting = intake.load_waiting_referrals(programme, timezone.localdate())
            disclosures = load_disclosures(programme)
            dataprotection.load_complaints_and_breach(programme, timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {programme.name}, {len(staff)} staff, "
                f"{created} participants, {waiting} waiting referrals and {disclosures} "
                "disclosures added this run."
            )
        )
