"""Caseload bands from the IPS fidelity scale (item 1, caseload size): 20 or fewer people per
employment specialist scores best. The programme configuration may later set its own."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Band:
    up_to: int | None  # inclusive upper bound; None for "and above"
    score: int
    label: str
    tag: str  # GOV.UK tag colour


IPS_CASELOAD_BANDS = (
    Band(20, 5, "20 or fewer: best", "govuk-tag--green"),
    Band(40, 4, "21 to 40", "govuk-tag--yellow"),
    Band(60, 3, "41 to 60", "govuk-tag--orange"),
    Band(80, 2, "61 to 80", "govuk-tag--red"),
    Band(None, 1, "81 or more", "govuk-tag--red"),
)


def band_for(size: int, bands=IPS_CASELOAD_BANDS) -> Band:
    for band in bands:
        if band.up_to is None or size <= band.up_to:
            return band
    raise ValueError("bands must end with an open band")
