"""The one place that decides which participants a member of staff may see.

A user sees a participant only through their organisation's role in that participant's
programme: the accountable body sees the whole programme; a joint controller or commissioned
provider sees the areas it is responsible for. Caseload-bound roles (employment specialists)
further see only the participants assigned to them; team leaders see their team's caseloads
and the participants not yet assigned to anyone. Roles without the `view participant` action
(referrers, report-only) see none. Everything outside the scope answers 404, so a guessed id
reveals nothing.
"""

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, models, router
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from casework.access.models import BreakGlassGrant
from casework.access.permissions import Action, memberships_of_user, per_request, roles_with
from casework.participants.models import Participant
from casework.programmes.models import OrganisationRole, ProgrammeOrganisation
from casework.staff.models import CASELOAD_BOUND_ROLES, TEAM_BOUND_ROLES, Membership

_AREA_RESPONSIBLE_ROLES = (
    OrganisationRole.JOINT_CONTROLLER,
    OrganisationRole.COMMISSIONED_PROVIDER,
)


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.organisation_id)


def _memberships_with(user, action) -> list[Membership]:
    """The user's memberships whose role allows `action` (all of them read once per request)."""
    roles = roles_with(action)
    return [m for m in memberships_of_user(user) if m.role in roles]


def _parties(user) -> dict[int, list[tuple[str, int | None]]]:
    """The user's organisation's parts in every programme, as (role, area id) per programme id
    (an accountable body has no areas: one row with None), read once per request in one query
    for the scope, the area scope and break-glass alike."""

    def read() -> dict[int, list[tuple[str, int | None]]]:
        # By hand (decision 0230): every page asks, and the ORM's building of this small read
        # cost more than the read. In one order (programme, role, area), so the scope's SQL is
        # the same from one request to the next.
        parts: dict[int, list[tuple[str, int | None]]] = {}
        connection = connections[router.db_for_read(ProgrammeOrganisation)]
        quote = connection.ops.quote_name
        party = quote(ProgrammeOrganisation._meta.db_table)
        areas = quote(ProgrammeOrganisation.areas.through._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {party}.programme_id, {party}.role, {areas}.area_id FROM {party} "  # noqa: S608
                f"LEFT OUTER JOIN {areas} ON {areas}.programmeorganisation_id = {party}.id "
                f"WHERE {party}.organisation_id = %s "
                f"ORDER BY {party}.programme_id, {party}.role, {areas}.area_id",
                [user.organisation_id],
            )
            for programme_id, role, area_id in cursor.fetchall():
                parts.setdefault(programme_id, []).append((role, area_id))
        return parts

    return per_request(("parties", user.pk, user.organisation_id), read)


def _geography(user, membership: Membership) -> Q | None:
    """The participants the user's organisation answers for in the membership's programme: the
    whole programme for the accountable body, its areas for a delivery partner; None if none.
    Worked out once per request and programme (the scope and the area scope both ask)."""
    return per_request(
        ("geography", user.pk, membership.programme_id), lambda: _geography_of(user, membership)
    )


def _geography_of(user, membership: Membership) -> Q | None:
    parts = _parties(user).get(membership.programme_id, [])
    in_programme = Q(programme_id=membership.programme_id)
    if any(role == OrganisationRole.ACCOUNTABLE_BODY for role, _ in parts):
        return in_programme
    area_ids = [a for role, a in parts if role in _AREA_RESPONSIBLE_ROLES and a is not None]
    if not area_ids:
        return None
    return in_programme & Q(area_id__in=area_ids)


def _delivering_areas(user, programme_id) -> Q | None:
    """The areas where the user's own organisation is the controller (or provider) that
    delivers the programme: a joint controller's or commissioned provider's listed areas. The
    accountable body's oversight of the whole programme is not delivery."""
    area_ids = [
        a
        for role, a in _parties(user).get(programme_id, [])
        if role in _AREA_RESPONSIBLE_ROLES and a is not None
    ]
    if not area_ids:
        return None
    return Q(programme_id=programme_id, area_id__in=area_ids)


def participant_scope(user, *, break_glass: bool = True) -> Q:
    """A filter for the participants `user` may see. Matches nothing for anonymous or
    inactive users and for users without a membership. A live break-glass grant adds its one
    participant, but never beyond the user's organisation's geography. Worked out once per
    request, with and without break-glass from the same parts (grants stay a subquery, so one
    opened during the request still counts)."""
    if not _signed_in(user):
        return Q(pk__in=[])
    own, glass = per_request(("scope", user.pk), lambda: _scope_parts(user))
    return own | glass if break_glass and glass is not None else own


def _scope_parts(user) -> tuple[Q, Q | None]:
    """The user's own scope (their organisation's geography, limited to their caseload or team
    where their role is bound) and what a live break-glass grant adds to it (None: nothing)."""
    own = Q(pk__in=[])
    glass = None
    for membership in _memberships_with(user, Action.VIEW_PARTICIPANT):
        reach = _geography(user, membership)
        if reach is None:
            continue
        if membership.role in CASELOAD_BOUND_ROLES:
            bound = Q(assigned_specialist_id=user.pk)
        elif membership.role in TEAM_BOUND_ROLES:
            bound = _team_caseloads(user, membership)
        else:
            bound = None
        own |= reach & bound if bound is not None else reach
        if bound is not None and membership.role in roles_with(Action.BREAK_GLASS):
            delivering = _delivering_areas(user, membership.programme_id)
            if delivering is not None:
                grant = delivering & Q(pk__in=_live_break_glass(user))
                glass = grant if glass is None else glass | grant
    return own, glass


def _geographies(user, action) -> Q:
    """The user's organisation's geography in each programme where their role allows `action`.
    Worked out once per request (a page such as the referral inbox asks for it several times)."""
    nothing = Q(pk__in=[])
    if not _signed_in(user):
        return nothing
    return per_request(("geographies", user.pk, action), lambda: _geographies_of(user, action))


def _geographies_of(user, action) -> Q:
    reach = Q(pk__in=[])
    for membership in _memberships_with(user, action):
        geography = _geography(user, membership)
        if geography is not None:
            reach |= geography
    return reach


def break_glass_reach(user) -> Q:
    """Where the user may break glass: in each programme where their role allows it, the areas
    where their own organisation delivers (break-glass lifts the caseload or team limit of a
    bound role, and nothing else: a specialist of the accountable body does not reach every
    council's participants through it)."""
    nothing = Q(pk__in=[])
    if not _signed_in(user):
        return nothing
    reach = nothing
    for membership in _memberships_with(user, Action.BREAK_GLASS):
        delivering = _delivering_areas(user, membership.programme_id)
        if delivering is not None:
            reach |= delivering
    return reach


def area_scope(user) -> Q:
    """The programmes and areas the user's organisation answers for, whatever their caseload:
    for records not yet on anyone's caseload, such as referrals waiting for a decision."""
    return _geographies(user, Action.VIEW_PARTICIPANT)


def live_break_glass_expiry(user, participant):
    """The latest expiry of the user's live grants on `participant`, or None."""
    grant = (
        BreakGlassGrant.objects.filter(
            user=user, participant=participant, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )
    return grant.expires_at if grant else None


def _live_break_glass(user):
    return BreakGlassGrant.objects.filter(user=user, expires_at__gt=timezone.now()).values(
        "participant_id"
    )


def _team_caseloads(user, membership: Membership) -> Q:
    """The team leader's own caseload, their team's caseloads, and nobody's caseload yet."""
    caseload_holders = [user.pk]
    if membership.team_id:
        caseload_holders += Membership.objects.filter(
            programme_id=membership.programme_id, team_id=membership.team_id
        ).values_list("user_id", flat=True)
    return Q(assigned_specialist_id__in=caseload_holders) | Q(assigned_specialist__isnull=True)


def participants_visible_to(user) -> QuerySet[Participant]:
    return Participant.objects.filter(participant_scope(user))


def participant_scope_sql(user, *, break_glass: bool = True) -> tuple[str, list]:
    """`participant_scope(user)` as a SQL condition and its parameters, for a hand-written read
    of participants (decision 0230): the ORM's own compiling of the same filter, over the
    participants table under its own name, so the rule stays written once, here. Compiled once
    per request. A scope that needed a join would name a table the caller's statement does not
    have, so it is refused here rather than risk a condition that means something else."""
    if not _signed_in(user):
        return "1 = 0", []
    return per_request(
        ("scope-sql", user.pk, break_glass), lambda: _compiled_scope(user, break_glass)
    )


def visible_participant_ids(user) -> RawSQL:
    """The ids of the participants `user` may see, for `participant__in=` in a read of their
    records: the same rule as `participants_visible_to(user)`, from the condition compiled once
    per request, so a page's several reads do not each build and compile it again (0.7 ms a
    read on the timeline, decision 0230). The subquery reads the participants table under its
    own name, so the condition's columns are its own whatever the outer query joins."""
    connection = connections[router.db_for_read(Participant)]
    table = connection.ops.quote_name(Participant._meta.db_table)
    key = connection.ops.quote_name(Participant._meta.pk.column)
    scope, params = participant_scope_sql(user)
    return RawSQL(f"SELECT {table}.{key} FROM {table} WHERE {scope}", params)  # noqa: S608, S611


def area_scope_sql(user, model) -> tuple[str, list]:
    """`area_scope(user)` as a SQL condition on `model`'s table under its own name (a model with
    a programme and an area: participants, referrals), compiled by the ORM once per request,
    for a hand-written read (decision 0230)."""
    if not _signed_in(user):
        return "1 = 0", []
    return per_request(
        ("area-scope-sql", user.pk, model._meta.label),
        lambda: _compiled(model, area_scope(user)),
    )


def _compiled_scope(user, break_glass: bool) -> tuple[str, list]:
    return _compiled(Participant, participant_scope(user, break_glass=break_glass))


def _compiled(model, rule: Q) -> tuple[str, list]:
    """`rule` compiled by the ORM into a condition on `model`'s table under its own name."""
    query = model.objects.filter(rule).query
    connection = connections[router.db_for_read(model)]
    compiler = query.get_compiler(connection=connection)
    try:
        sql, params = compiler.compile(query.where)
    except EmptyResultSet:
        return "1 = 0", []
    except FullResultSet:
        return "1 = 1", []
    joined = [
        alias for alias, uses in query.alias_refcount.items() if uses and alias != query.base_table
    ]
    if joined:
        raise ValueError(f"The rule on {model._meta.label} needs a join: read it through the ORM.")
    return f"({sql})", list(params)


def memberships_of(user) -> list[Membership]:
    """The user's memberships with their programmes and teams (read once per request)."""
    return memberships_of_user(user)


def break_glass_grants_to_review(user) -> QuerySet[BreakGlassGrant]:
    """Grants in the programmes where the user reviews break-glass access, unreviewed first."""
    programmes = Membership.objects.filter(
        user=user, role__in=roles_with(Action.REVIEW_BREAK_GLASS)
    ).values("programme_id")
    if not _signed_in(user):
        return BreakGlassGrant.objects.none()
    return (
        BreakGlassGrant.objects.filter(participant__programme_id__in=programmes)
        .select_related("user", "user__organisation", "participant", "reviewed_by")
        .order_by(models.F("reviewed_at").desc(nulls_first=True), "-granted_at")
    )


def programme_to_record_in(user, action: Action, slug: str | None = None):
    """The programme a new record (a complaint, a breach, a rights request) goes in: the one
    named by `slug` among those where the user may `action`, else the first of them by name;
    404 when there is none (so another programme's slug looks like a missing one)."""
    from django.http import Http404

    from casework.access.permissions import programmes_where
    from casework.programmes.models import Programme

    programmes = Programme.objects.filter(pk__in=programmes_where(user, action))
    if slug:
        programmes = programmes.filter(slug=slug)
    programme = programmes.order_by("name").first()
    if programme is None:
        raise Http404("No such programme")
    return programme
