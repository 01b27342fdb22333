"""Jobs the worker's tests schedule: one that notes each call, one that fails with a message
holding personal data (which must never be stored)."""

import datetime

CALLS: list[tuple[str, datetime.datetime]] = []
SECRET = "Ada Lovelace QQ123456C"


def note(*, now: datetime.datetime) -> str:
    CALLS.append(("note", now))
    return f"Noted   at\n{now:%H:%M}."


def fail(*, now: datetime.datetime) -> str:
    CALLS.append(("fail", now))
    raise ValueError(f"Could not process {SECRET}")


def not_a_summary(*, now: datetime.datetime) -> int:
    return 3
