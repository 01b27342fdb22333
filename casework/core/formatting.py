import datetime

from django.utils import timezone


def uk_date(value: datetime.date | None, empty: str = "") -> str:
    """'3 March 2026', the GOV.UK style."""
    if value is None:
        return empty
    return f"{value.day} {value:%B %Y}"


def uk_datetime(value: datetime.datetime | None, empty: str = "") -> str:
    """'3 March 2026 at 2:05pm' in the service's time zone, the GOV.UK style."""
    if value is None:
        return empty
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    return f"{uk_date(local.date())} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def format_nino(value: str | None) -> str:
    """'QQ123456C' -> 'QQ 12 34 56 C'."""
    if not value:
        return ""
    v = value.replace(" ", "").upper()
    if len(v) != 9:
        return value
    return f"{v[0:2]} {v[2:4]} {v[4:6]} {v[6:8]} {v[8]}"
