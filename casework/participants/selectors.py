"""Every read of participants' personal data goes through here, scoped to the acting user
(casework.access.selectors)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from casework.access.selectors import (
    break_glass_reach,
    live_break_glass_expiry,
    participant_scope,
    participants_visible_to,
)
from casework.access.services import record_access_event
from casework.participants.models import Participant, Status
from casework.participants.services import nino_index_for
from casework.participants.validators import normalise_nino

SEARCH_LIMIT = 50
_NINO_LIKE = re.compile(r"^[A-Z]{2}[0-9]{6}[A-D]$")
_DATE_LIKE = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")


def _with_relations(queryset: QuerySet[Participant]) -> QuerySet[Participant]:
    return queryset.select_related(
        "programme", "area", "responsible_organisation", "assigned_specialist"
    )


def caseload(user) -> QuerySet[Participant]:
    """The user's own assigned participants who are still being supported, next contact first."""
    return (
        _with_relations(participants_visible_to(user))
        .filter(assigned_specialist=user)
        .exclude(status=Status.EXITED)
        .order_by("next_contact_on", "last_name", "first_name")
    )


def parse_search(query: str) -> tuple[str, object]:
    """What a search box entry means: ('nino', index), ('dob', date) or ('name', words)."""
    text = (query or "").strip()
    nino = normalise_nino(text)
    if _NINO_LIKE.match(nino):
        return "nino", nino_index_for(nino)
    date_match = _DATE_LIKE.match(text)
    if date_match:
        day, month, year = (int(g) for g in date_match.groups())
        try:
            return "dob", datetime.date(year, month, day)
        except ValueError:
            return "invalid_date", text
    return "name", text.split()


def search(user, query: str) -> QuerySet[Participant]:
    kind, value = parse_search(query)
    visible = _with_relations(participants_visible_to(user))
    if kind == "nino":
        return visible.filter(nino_index=value)[:SEARCH_LIMIT]
    if kind == "dob":
        return visible.filter(date_of_birth=value)[:SEARCH_LIMIT]
    if kind == "invalid_date" or not value:
        return visible.none()
    condition = Q()
    for word in value:
        condition &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    return visible.filter(condition)[:SEARCH_LIMIT]


def get_participant(user, participant_id) -> Participant:
    """One participant in the user's scope; 404 otherwise, recorded as a denial (a guessed or
    stale id, or another organisation's participant, all look the same to the user)."""
    try:
        return _with_relations(participants_visible_to(user)).get(pk=participant_id)
    except (Participant.DoesNotExist, ValueError, TypeError, ValidationError):
        record_access_event(
            actor=user, action="participant.not_in_scope", participant=str(participant_id)
        )
        raise Http404("No participant found") from None


def break_glass_until(user, participant: Participant):
    """When the user's break-glass access to `participant` ends, if that is how they see it."""
    in_scope = Participant.objects.filter(participant_scope(user, break_glass=False))
    if in_scope.filter(pk=participant.pk).exists():
        return None
    return live_break_glass_expiry(user, participant)


def list_for_api(user) -> QuerySet[Participant]:
    return _with_relations(participants_visible_to(user)).order_by("last_name", "first_name", "id")


def find_for_break_glass(
    user, *, nino: str = "", first_name: str = "", last_name: str = "", date_of_birth=None
) -> list[Participant]:
    """Participants outside the user's scope whose record they may open by breaking glass: only
    by an exact identifier (National Insurance number, or full name and date of birth), never
    by browsing. Returns at most a few; none for a partial or missing identifier."""
    reach = Participant.objects.filter(break_glass_reach(user)).exclude(participant_scope(user))
    nino = normalise_nino(nino or "")
    if nino:
        if not _NINO_LIKE.match(nino):
            return []
        return list(reach.filter(nino_index=nino_index_for(nino))[:1])
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if not (first_name and last_name and date_of_birth):
        return []
    return list(
        reach.filter(
            first_name__iexact=first_name,
            last_name__iexact=last_name,
            date_of_birth=date_of_birth,
        ).select_related("area")[:5]
    )
