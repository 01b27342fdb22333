"""Who counts as the same person, for duplicate checks before someone is added: the same
National Insurance number, or the same last name and date of birth, on the same programme."""

from django.db.models import Q

POSSIBLE_DUPLICATE = (
    "Someone with this last name and date of birth is already on the programme. Search for them "
    "first: if this is someone else, tick the box to say so"
)


# For someone whose possible duplicate is out of their sight: it must not say that the person is
# known, where, or to whom (issue 9.1; docs/decisions/0080).
NEEDS_PROGRAMME_CHECK = (
    "These details need a check by the programme team before a record can be added. Keep the "
    "referral or the person's details, and ask your programme manager to check them"
)


def same_person(programme, *, nino_index: str, last_name: str, date_of_birth) -> Q:
    # Without a date of birth (a programme that does not collect it), a last name alone is no
    # match: only the same National Insurance number is.
    match = (
        Q(last_name__iexact=last_name.strip(), date_of_birth=date_of_birth)
        if date_of_birth
        else Q(pk__in=[])
    )
    if nino_index:
        match |= Q(nino_index=nino_index)
    return Q(programme=programme) & match
