"""`manage.py evaluation_extract build --programme SLUG --series NAME --user EMAIL [--as-of DATE]`
requests and builds an evaluation extract with a progress bar and prints its risk report;
`manage.py evaluation_extract build-requested` builds the ones asked for from the page."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from casework.evaluation import services
from casework.evaluation.models import EvaluationExtract, ExtractStatus
from casework.programmes.models import Programme
from casework.staff.models import StaffUser


class Command(BaseCommand):
    help = "Build de-identified evaluation extracts (k-anonymity and l-diversity)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build")
        build.add_argument("--programme", required=True)
        build.add_argument("--series", required=True, help="release series (pseudonym key)")
        build.add_argument("--user", required=True, help="email of the DPO building it")
        build.add_argument("--as-of", type=datetime.date.fromisoformat, default=None)
        sub.add_parser("build-requested")

    def handle(self, *args, action, **options):
        if action == "build-requested":
            for extract in EvaluationExtract.objects.filter(status=ExtractStatus.REQUESTED):
                self._build(extract)
            return
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme {options['programme']!r}")
        user = StaffUser.objects.filter(email__iexact=options["user"]).first()
        if user is None:
            raise CommandError(f"No member of staff {options['user']!r}")
        try:
            extract = services.request_extract(
                by=user, programme=programme, series_name=options["series"], as_of=options["as_of"]
            )
        except services.ExtractRefused as refused:
            raise CommandError(refused.message) from None
        self._build(extract)

    def _build(self, extract):
        def progress(done, total):
            width = 40
            filled = int(width * done / total) if total else width
            self.stdout.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}", ending=""
            )
            self.stdout.flush()

        extract = services.build_extract(extract, progress=progress)
        self.stdout.write("")
        report = extract.report
        if extract.status == ExtractStatus.REFUSED:
            raise CommandError(f"Refused: {extract.refusal}")
        self.stdout.write(
            f"{extract}: {extract.get_status_display()}. {report['released']:,} rows released, "
            f"{report['suppressed']:,} suppressed, {report['restricted_left_out']} restricted "
            f"and {report['objecting_left_out']} objecting left out; k={report['k']}, "
            f"l={report['l']}; levels {report['level_names']}; precision loss "
            f"{report['precision_loss']:.3f}; SHA-256 {extract.sha256}"
        )
