"""Fixtures for other apps' tests (the access matrix): a released extract of the programme, its
file stored, made directly (no build, no disclosure)."""

import secrets

from django.utils import timezone

from casework.documents import chunked
from casework.evaluation.models import EvaluationExtract, ExtractStatus, ReleaseSeries


def released_extract(programme) -> EvaluationExtract:
    found = EvaluationExtract.objects.filter(programme=programme).first()
    if found:
        return found
    series, _ = ReleaseSeries.objects.get_or_create(
        programme=programme, name="Matrix", defaults={"key": secrets.token_urlsafe(32)}
    )
    content = b"\xef\xbb\xbfPseudonym,Local authority\r\nab12,Luton\r\n"
    writer = chunked.EncryptedWriter()
    writer.write(content)
    file_name, _, _ = writer.close()
    return EvaluationExtract.objects.create(
        programme=programme,
        series=series,
        version=1,
        status=ExtractStatus.RELEASED,
        as_of=timezone.localdate(),
        recipient_key="government-departments",
        purpose_key="evaluation",
        file_name=file_name,
        size=len(content),
        rows=5,
        report={
            "population": 5,
            "released": 5,
            "suppressed": 0,
            "suppressed_share": 0.0,
            "restricted_left_out": 0,
            "objecting_left_out": 0,
            "k": 5,
            "l": {},
            "thresholds": {"k": 5, "l": 2, "max_suppression": 0.05},
            "column_loss": {"area": 0.0},
            "level_names": {"area": "as recorded"},
            "precision_loss": 0.0,
            "discernibility_normalised": 0.0,
        },
    )


def matrix_kwargs(participant) -> dict:
    return {"extract_id": released_extract(participant.programme).pk}
