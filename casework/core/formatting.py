import datetime

from django.utils import timezone


def uk_date(value: datetime.date | None, empty: str = "") -> str:
    """'3 March 2026', the GOV.UK style."""
    if value is None:
        return empty
    return f"{value.day} {value:%B %Y}"


def hours(value) -> str:
    """Decimal('30.00') -> '30', Decimal('22.50') -> '22.5'."""
    return f"{value.normalize():f}" if value is not None else ""


def format_nino(value: str | None) -> str:
    """'QQ123456C' -> 'QQ 12 34 56 C'."""
    if not value:
        return ""
    v = value.replace(" ", "").upper()
    if len(v) != 9:
        return value
    return f"{v[0:2]} {v[2:4]} {v[4:6]} {v[6:8]} {v[8]}"


# Timeline kinds recorded with a date only (no time of day).
_DATE_ONLY_KINDS = frozenset(
    {"status", "job_start", "job_end", "support", "placement", "milestone", "notice", "consent"}
)


def uk_datetime(value: datetime.datetime | None, kind: str = "") -> str:
    """'3 March 2026 at 14:30' in local time, or just the date for date-only events."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    if kind in _DATE_ONLY_KINDS:
        return uk_date(local.date())
    return f"{uk_date(local.date())} at {local:%H:%M}"
