"""When a record's retention period ends under a programme's retention rule: the date each rule's
anchor gives, plus the rule's years and months. The participant's exit date (set by the exit
service, cleared by re-engagement) is the anchor of rules "after the participant leaves"; a
participant still on the programme has no end date under such a rule yet. The retention job (a
later issue) deletes or anonymises what these dates say is due."""

import calendar
import datetime

from casework.register.config import Anchor, RetentionRule


def add_period(day: datetime.date, years: int, months: int = 0) -> datetime.date:
    """`day` moved on by whole years and months; 29 February and month ends clamp to the
    month's last day."""
    month_index = day.month - 1 + months
    year = day.year + years + month_index // 12
    month = month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _term_ends_on(
    term, *, programme_ends_on, exited_on, created_on, born_on, disabled
) -> datetime.date | None:
    anchor = {
        Anchor.FIXED_DATE: term.date,
        Anchor.PROGRAMME_END: programme_ends_on,
        Anchor.PARTICIPANT_EXIT: exited_on,
        Anchor.RECORD_CREATION: created_on,
        Anchor.PARTICIPANT_AGE: born_on,
    }[term.anchor]
    if anchor is None:
        return None
    if term.anchor == Anchor.FIXED_DATE:
        return anchor
    if term.anchor == Anchor.PARTICIPANT_AGE:
        # From the date of birth in one step: born on 29 February, kept until a 29 February.
        return add_period(anchor, term.age_for(disabled=disabled) + term.years, term.months)
    return add_period(anchor, term.years, term.months)


def retention_ends_on(
    rule: RetentionRule,
    *,
    programme_ends_on: datetime.date,
    exited_on: datetime.date | None = None,
    created_on: datetime.date | None = None,
    born_on: datetime.date | None = None,
    disabled: bool = False,
) -> datetime.date | None:
    """The last day the record is kept under `rule`, or None while an anchor has not happened
    (a participant who has not left, for a rule anchored on the exit) or is not known (no date
    of birth, for a rule anchored on reaching an age: nothing is deleted on a guessed date).
    A "whichever is later" rule keeps the record until the latest of its periods, so it has no
    end date until every period's anchor has happened."""
    ends = [
        _term_ends_on(
            term,
            programme_ends_on=programme_ends_on,
            exited_on=exited_on,
            created_on=created_on,
            born_on=born_on,
            disabled=disabled,
        )
        for term in rule.terms
    ]
    return None if None in ends else max(ends)


def participant_retention_ends_on(rule: RetentionRule, participant) -> datetime.date | None:
    """`retention_ends_on` for a participant's record, anchored on their programme's end, their
    exit, the day they were referred and their date of birth."""
    return retention_ends_on(
        rule,
        programme_ends_on=participant.programme.ends_on,
        exited_on=participant.exited_on,
        created_on=participant.referred_on,
        born_on=participant.date_of_birth,
        disabled=is_disabled(participant.disability),
    )


def is_disabled(answer: str) -> bool:
    """Whether a participant's answer to 'considers themselves disabled' is yes."""
    return answer == "yes"
