"""What each column of the evaluation extract holds and how it is generalised: its source field
(the reference the disclosure log records), its data category (from the register) and its
generalisation hierarchy, finest level first, the top level releasing nothing ("*").

Which columns a programme releases, which are quasi-identifiers and which are sensitive comes
from its file (`evaluation:` in programmes/*.yaml); this module only says what each one is."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from casework.register.config import EvaluationColumn as C

NOT_RECORDED = "Not recorded"
ANY = "*"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    field: str  # Participant's model field the value comes from
    # base(raw, context) -> the finest value kept in the spool (a string)
    kind: str  # "age", "month" or "category"

    @property
    def reference(self) -> str:
        return f"participants.Participant.{self.field}"


COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column(C.AGE, "Age band", "date_of_birth", "age"),
        Column(C.GENDER, "Gender", "gender", "category"),
        Column(C.AREA, "Local authority", "area", "category"),
        Column(C.REFERRED_MONTH, "Month referred", "referred_on", "month"),
        Column(C.ENROLLED_MONTH, "Month enrolled", "enrolled_on", "month"),
        Column(C.IN_WORK_MONTH, "Month in work", "in_work_on", "month"),
        Column(C.EXITED_MONTH, "Month left", "exited_on", "month"),
        Column(C.STATUS, "Status", "status", "category"),
        Column(C.EXIT_REASON, "Reason for leaving", "exit_reason", "category"),
        Column(C.DISABILITY, "Considers themselves disabled", "disability", "category"),
        Column(C.ETHNICITY, "Ethnicity", "ethnicity", "category"),
    )
}
DEFAULT_QUASI_IDENTIFIERS = (
    C.AGE,
    C.GENDER,
    C.AREA,
    C.REFERRED_MONTH,
    C.ENROLLED_MONTH,
    C.IN_WORK_MONTH,
    C.EXITED_MONTH,
)
DEFAULT_SENSITIVE = (C.DISABILITY, C.ETHNICITY)


def age_on(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def base_value(
    column: Column, raw, *, as_of: datetime.date, labels: dict, age_band: int = 5
) -> str:
    """The finest value of a column that may leave: an age in the narrowest band ("25-29", as
    at `as_of`), a month (YYYY-MM), or a category's words (`labels` maps codes to words)."""
    if raw in (None, ""):
        return NOT_RECORDED
    if column.kind == "age":
        low = age_on(raw, as_of) // age_band * age_band
        return f"{low}-{low + age_band - 1}"
    if column.kind == "month":
        return raw.strftime("%Y-%m")
    return labels.get(raw, str(raw))


def converter(
    column: Column, *, as_of: datetime.date, labels: dict, age_band: int = 5
) -> Callable[[object], str]:
    """`base_value` for one column, remembering each raw value's answer (dates of birth, months
    and categories repeat: a few thousand distinct values for half a million people)."""
    memo: dict = {}

    def convert(raw) -> str:
        found = memo.get(raw)
        if found is None:
            found = memo[raw] = base_value(
                column, raw, as_of=as_of, labels=labels, age_band=age_band
            )
        return found

    return convert


def hierarchy(column: Column, age_bands: list[int]) -> Callable[[str], list[str]]:
    """base value -> its value at each level, finest first, the last always "*"."""
    if column.kind == "age":

        def levels(value: str) -> list[str]:
            if value == NOT_RECORDED:
                return [NOT_RECORDED] * len(age_bands) + [ANY]
            age = int(value.split("-")[0])
            out = []
            for width in age_bands:
                low = age // width * width
                out.append(f"{low}-{low + width - 1}")
            return [*out, ANY]

        return levels
    if column.kind == "month":

        def levels(value: str) -> list[str]:
            if value == NOT_RECORDED:
                return [NOT_RECORDED] * 3 + [ANY]
            year, month = value.split("-")
            return [value, f"{year}-Q{(int(month) - 1) // 3 + 1}", year, ANY]

        return levels
    return lambda value: [value, ANY]


def height(column: Column, age_bands: list[int]) -> int:
    """The number of generalisation steps above the finest level (the top is '*')."""
    return {"age": len(age_bands), "month": 3}.get(column.kind, 1)
