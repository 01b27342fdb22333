"""The worker's job: builds the evaluation extracts asked for (from the page or the command)."""

import datetime

from casework.evaluation import services
from casework.evaluation.models import EvaluationExtract, ExtractStatus


def build_requested_extracts(*, now: datetime.datetime) -> str:
    """Builds every extract waiting to be built. Safe to run twice: a build claims its extract
    first, and one already built is left alone. A build whose worker stopped is not retaken
    here (one that kills its worker would loop): the risk report offers to build it again."""
    built = refused = 0
    for extract in EvaluationExtract.objects.filter(status=ExtractStatus.REQUESTED):
        extract = services.build_extract(extract)
        built += extract.status == ExtractStatus.BUILT
        refused += extract.status == ExtractStatus.REFUSED
    return f"{built} evaluation extracts built, {refused} refused."
