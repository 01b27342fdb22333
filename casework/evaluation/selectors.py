"""Reads of evaluation extracts: their definitions, risk reports and the release log hold
counts and thresholds only, never a person; each list and report read is still audited."""

from django.http import Http404

from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.evaluation.models import EvaluationExtract, ExtractRelease


def extracts(user, programme):
    record_event(actor=user, action=AuditAction.EXPORT, purpose="evaluation.extract.list")
    return list(
        EvaluationExtract.objects.filter(programme=programme)
        .select_related("series", "requested_by")
        .order_by("-requested_at")[:200]
    )


def releases(programme):
    return list(ExtractRelease.objects.filter(programme=programme).select_related("released_by"))


def extract_for(user, programme, extract_id, *, audit: bool = True) -> EvaluationExtract:
    extract = (
        EvaluationExtract.objects.filter(programme=programme, pk=extract_id)
        .select_related("series", "requested_by")
        .first()
    )
    if extract is None:
        raise Http404("No such extract")
    if audit:
        record_event(actor=user, action=AuditAction.EXPORT, purpose="evaluation.extract.report")
    return extract
