"""Every read of participants' personal data goes through here, scoped to the acting user
(casework.access.selectors), and each read writes one audit event (casework.audit)."""

import datetime
import functools
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Q, QuerySet
from django.http import Http404

from casework.access.selectors import (
    break_glass_reach,
    live_break_glass_expiry,
    participant_scope,
    participant_scope_sql,
    participants_visible_to,
)
from casework.audit.models import Action, Purpose
from casework.audit.services import record_event
from casework.core import rows
from casework.participants.models import Participant, Status
from casework.participants.validators import (
    is_postcode,
    nino_index_for,
    normalise_nino,
    normalise_postcode,
)
from casework.rights.models import Restriction

# A page of search results, and the most matches listed: more than that, and the page asks for
# a first name, a date of birth or a postcode instead (decision 0220).
RESULTS_PER_PAGE = 20
MATCHES_LISTED = 100
_NINO_LIKE = re.compile(r"^[A-Z]{2}[0-9]{6}[A-D]$")
_DATE_LIKE = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")


def _with_relations(queryset: QuerySet[Participant]) -> QuerySet[Participant]:
    return queryset.select_related(
        "programme", "area", "responsible_organisation", "assigned_specialist"
    )


# A list of people shows names, status and dates, never these: they stay encrypted, unread
# (each is decrypted only if something asks for it, which costs a query: tests count them).
NOT_LISTED = (
    "national_insurance_number",
    "health_conditions",
    "disability",
    "ethnicity",
    "religion_or_belief",
    "sexual_orientation",
    "offending_history",
)


def caseload(user) -> list[Participant]:
    """The user's own assigned participants who are still being supported, next contact first."""
    participants = list(
        # The page shows each person's area; their programme gives the milestones. The
        # specialist is the user and the responsible organisation is not shown: not joined.
        participants_visible_to(user)
        .select_related("programme", "area")
        .defer(*NOT_LISTED)
        .filter(assigned_specialist=user)
        .exclude(status=Status.EXITED)
        .order_by("next_contact_on", "last_name", "first_name")
    )
    if participants:
        record_listed(user, participants, purpose=Purpose.CASELOAD)
    return participants


def parse_search(query: str) -> tuple[str, object]:
    """What a search box entry means: ('nino', index), ('dob', date) or ('name', words). A name
    may be narrowed by a date of birth or a postcode among its words ("Sam Bates 14/02/1990",
    "Bates LU1 1AA"); a word with a digit in it is never part of a name."""
    text = (query or "").strip()
    nino = normalise_nino(text)
    if _NINO_LIKE.match(nino):
        return "nino", nino_index_for(nino)
    date_match = _DATE_LIKE.match(text)
    if date_match:
        date = _date(date_match)
        return ("dob", date) if date else ("invalid_date", text)
    words = text.split()
    if any(_DATE_LIKE.match(w) and not _date(_DATE_LIKE.match(w)) for w in words):
        return "invalid_date", text
    return "name", words


def _date(match) -> datetime.date | None:
    day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _narrowing(words: list[str]) -> tuple[list[str], Q]:
    """The name's words, and what the others narrow it to (a date of birth, a postcode)."""
    names = [w for w in words if not any(c.isdigit() for c in w)]
    others = [w for w in words if any(c.isdigit() for c in w)]
    if not names or not others:
        return words, Q()
    condition, postcode = Q(), []
    for word in others:
        match = _DATE_LIKE.match(word)
        if match:
            condition &= Q(date_of_birth=_date(match))
        else:
            postcode.append(word)
    if postcode:
        compact = "".join(postcode).upper()
        full = normalise_postcode(compact)
        condition &= (
            Q(postcode__iexact=full)
            if is_postcode(full)
            else Q(postcode__istartswith=f"{compact} ")
        )
    return names, condition


def _search_results(user, query: str) -> QuerySet[Participant]:
    kind, value = parse_search(query)
    visible = _with_relations(participants_visible_to(user))
    if kind == "nino":
        return visible.filter(nino_index=value)
    if kind == "dob":
        return visible.filter(date_of_birth=value)
    if kind == "invalid_date" or not value:
        return visible.none()
    names, condition = _narrowing(value)
    for word in names:
        condition &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    return visible.filter(condition)


@dataclass(frozen=True)
class SearchPage:
    """One page of a search's matches. `matches` is exact up to MATCHES_LISTED; beyond that
    `too_many` is set, nothing is listed and the page asks for more detail (decision 0220)."""

    results: list[Participant]
    number: int
    pages: int
    matches: int
    too_many: bool

    @property
    def first_shown(self) -> int:
        return (self.number - 1) * RESULTS_PER_PAGE + 1 if self.results else 0

    @property
    def last_shown(self) -> int:
        return self.first_shown + len(self.results) - 1 if self.results else 0


def search_page(user, query: str, page_number=1) -> SearchPage:
    """A page of RESULTS_PER_PAGE matches, alphabetical ignoring case, of at most
    MATCHES_LISTED: the matches are found through the trigram indexes and read only as far as
    MATCHES_LISTED + 1 (their ids and names, nothing decrypted), then the page's rows are loaded.
    So a page costs the same whether a surname matches 19 people or 952. The search is audited
    with the participants it showed; the words searched for are not recorded (they may be a
    National Insurance number)."""
    # Sorted here, not by the database: a sort in SQL needs every match first, and walking the
    # name index from "A" hoping to meet the matches read 31,000 rows for "Bates" (0175).
    keys = list(
        _search_results(user, query)
        .order_by()
        .values_list("pk", "last_name", "first_name")[: MATCHES_LISTED + 1]
    )
    if len(keys) > MATCHES_LISTED:
        record_event(
            actor=user, action=Action.PARTICIPANT_SEARCH, participants=[], purpose=Purpose.SEARCH
        )
        return SearchPage([], 1, 1, len(keys), too_many=True)
    keys.sort(key=lambda k: (k[1].lower(), k[2].lower(), str(k[0])))
    pages = max(1, -(-len(keys) // RESULTS_PER_PAGE))
    try:
        number = min(max(int(page_number), 1), pages)
    except (TypeError, ValueError):
        number = 1
    ids = [k[0] for k in keys[(number - 1) * RESULTS_PER_PAGE : number * RESULTS_PER_PAGE]]
    rows = _with_relations(Participant.objects.filter(pk__in=ids)).defer(*NOT_LISTED)
    loaded = {p.pk: p for p in rows} if ids else {}
    results = [loaded[pk] for pk in ids if pk in loaded]
    record_event(
        actor=user, action=Action.PARTICIPANT_SEARCH, participants=results, purpose=Purpose.SEARCH
    )
    return SearchPage(results, number, pages, len(keys), too_many=False)


def search(user, query: str) -> list[Participant]:
    """The first page of a search (for the pages that pick a participant by searching)."""
    return search_page(user, query).results


def find_participant(user, participant_id, *, purpose: str) -> Participant:
    """The participant if `user` may see them, WITHOUT recording a read (the caller records
    what it then shows). A participant who exists outside the user's scope answers 404 like a
    missing one, and the attempt is recorded as a permission denial.

    Every page of a record makes this read, so it is one hand-written statement (decision 0230):
    the ORM spent twice the statement's own time building and compiling it. The scope in its
    WHERE is the ORM's compiling of casework.access.selectors.participant_scope; the record
    comes back as `_with_relations` reads it (programme, area, organisation and specialist
    attached), with whether the user sees them without break-glass and the restriction in force
    (its id and start, for the banner on every page of the record), as before."""
    row = _read_in_scope(user, participant_id)
    if row is None:
        if _exists(participant_id):
            record_event(
                actor=user,
                action=Action.PERMISSION_DENIED,
                participant=participant_id,
                purpose=purpose,
            )
        raise Http404("No participant found")
    return row


@functools.cache
def _record_read(using: str):
    """The statement and the row reader of find_participant (built once per process)."""
    quote = connections[using].ops.quote_name
    record = rows.Joined(Participant, _RECORD_RELATIONS, using)
    participants = quote(Participant._meta.db_table)
    restrictions = quote(Restriction._meta.db_table)
    live_restriction = (
        f"FROM {restrictions} r WHERE r.participant_id = {participants}.id AND r.lifted_at IS NULL "
        "ORDER BY r.started_at DESC, r.id DESC LIMIT 1"
    )
    # Table and column names from the models; the values are parameters.
    sql = (
        f"SELECT {record.sql}, CASE WHEN {{own}} THEN 1 ELSE 0 END, "  # noqa: S608
        f"(SELECT r.id {live_restriction}), (SELECT r.started_at {live_restriction}) "
        f"FROM {participants} {record.joins} WHERE {participants}.id = %s AND {{every}}"
    )
    return sql, record


_RECORD_RELATIONS = ("programme", "area", "responsible_organisation", "assigned_specialist")


def _read_in_scope(user, participant_id) -> Participant | None:
    key = Participant._meta.pk
    using = router.db_for_read(Participant)
    connection = connections[using]
    try:
        value = key.get_db_prep_value(key.to_python(participant_id), connection)
    except (ValueError, TypeError, ValidationError):
        return None
    own, own_params = participant_scope_sql(user, break_glass=False)
    every, every_params = participant_scope_sql(user)
    template, record = _record_read(using)
    with connection.cursor() as cursor:
        cursor.execute(template.format(own=own, every=every), [*own_params, value, *every_params])
        row = cursor.fetchone()
    if row is None:
        return None
    participant, start = record.build(row), record.width
    participant.seen_without_break_glass = bool(row[start])
    participant.restriction_in_force_id = row[start + 1]
    participant.restriction_in_force_since = rows.convert(
        Restriction._meta.get_field("started_at"), row[start + 2], using
    )
    return participant


def get_participant(user, participant_id, *, purpose: str = Purpose.CASE_MANAGEMENT) -> Participant:
    """One participant the user may see, audited as a read for `purpose`."""
    participant = find_participant(user, participant_id, purpose=purpose)
    record_event(
        actor=user, action=Action.PARTICIPANT_READ, participant=participant, purpose=purpose
    )
    return participant


def _exists(participant_id) -> bool:
    try:
        return Participant.objects.filter(pk=participant_id).exists()
    except (ValueError, TypeError, ValidationError):
        return False


def break_glass_until(user, participant: Participant):
    """When the user's break-glass access to `participant` ends, if that is how they see it."""
    seen_without = getattr(participant, "seen_without_break_glass", None)
    if seen_without is None:  # not read by find_participant: ask
        in_scope = Participant.objects.filter(participant_scope(user, break_glass=False))
        seen_without = in_scope.filter(pk=participant.pk).exists()
    if seen_without:
        return None
    return live_break_glass_expiry(user, participant)


def list_for_api(user) -> QuerySet[Participant]:
    """Not yet read: the API pages it and records each page with `record_listed`."""
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


def record_listed(user, participants, *, purpose: str) -> None:
    """Audit one list of participants shown to `user` (a page of the API, a caseload)."""
    record_event(
        actor=user, action=Action.PARTICIPANT_READ, participants=participants, purpose=purpose
    )
