"""Management information: how many people each delivery partner referred, started, helped into
work and kept in work, counted in the database. Counts only: no participant's name, identifier
or any field of their record leaves these functions (docs/decisions/0070-management-reports.md).

Who sees which partners: roles with `see reports`. A team leader sees their own organisation's
figures; so does anyone at a delivery partner. The accountable body (and the government
department, which receives the programme's returns) sees every partner of the programme.

Every figure is one aggregate query over the programme, whatever the number of participants.
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from casework.access.permissions import Action, roles_with
from casework.journey.models import Job, Milestone
from casework.journey.programme_rules import rules_for
from casework.participants.models import ExitReason, Participant, Status, StatusChange
from casework.programmes.models import (
    Organisation,
    OrganisationRole,
    Programme,
    ProgrammeOrganisation,
)
from casework.referrals.models import Referral
from casework.reports.models import DailyFigure, FiguresKept
from casework.rights.selectors import only_restricted, without_restricted
from casework.staff.models import Membership, Role

DELIVERY_ROLES = (OrganisationRole.JOINT_CONTROLLER, OrganisationRole.COMMISSIONED_PROVIDER)
# Organisations that answer for the whole programme, so see every partner's figures.
WHOLE_PROGRAMME_ROLES = (
    OrganisationRole.ACCOUNTABLE_BODY,
    OrganisationRole.GOVERNMENT_DEPARTMENT,
)
# Statuses of people on the programme today (referred but not started, and exited, are not).
ON_PROGRAMME = (Status.ENROLLED, Status.IN_WORK)
NO_PARTNER_LABEL = "No delivery partner for the area"
# The kept count of people on the programme at the moment the figures were counted.
ON_PROGRAMME_MEASURE = "on_programme"
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class ReportScope:
    programme: Programme
    # None: every partner of the programme; otherwise the organisations whose figures they see.
    organisation_ids: frozenset[int] | None
    # Whose records count, by their processing's restriction (Art 18): "unrestricted" for every
    # report; "everyone" for the kept daily figures, and "restricted" for what a report takes
    # back out of them, so that a restriction (or its lifting) shows at once (decision 0176).
    restriction: str = "unrestricted"

    @property
    def whole_programme(self) -> bool:
        return self.organisation_ids is None


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str


@dataclass
class PartnerFigures:
    organisation_id: int | None
    name: str
    referrals: int = 0
    starts: int = 0
    job_starts: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    exits: dict[str, int] = field(default_factory=dict)
    on_programme: int = 0

    @property
    def exits_total(self) -> int:
        return sum(self.exits.values())


@dataclass(frozen=True)
class MonthFigures:
    month: datetime.date
    starts: int
    job_starts: int


@dataclass
class PartnerReport:
    scope: ReportScope
    start: datetime.date
    end: datetime.date
    outcomes: list[Outcome]
    exit_reasons: list[tuple[str, str]]
    partners: list[PartnerFigures]
    total: PartnerFigures
    months: list[MonthFigures]


def programmes_reported_to(user) -> QuerySet[Programme]:
    """The programmes in which the user's role allows `see reports`."""
    if not (user and user.is_authenticated and user.is_active and user.organisation_id):
        return Programme.objects.none()
    return Programme.objects.filter(
        pk__in=Membership.objects.filter(
            user=user, role__in=roles_with(Action.VIEW_REPORTS)
        ).values("programme_id")
    ).order_by("name")


def report_scope(user, programme: Programme) -> ReportScope | None:
    """Whose figures the user sees in `programme`, or None if they see no report there."""
    roles = set(
        Membership.objects.filter(
            user=user, programme=programme, role__in=roles_with(Action.VIEW_REPORTS)
        ).values_list("role", flat=True)
    )
    if not roles or not user.organisation_id:
        return None
    answers_for_programme = ProgrammeOrganisation.objects.filter(
        programme=programme, organisation_id=user.organisation_id, role__in=WHOLE_PROGRAMME_ROLES
    ).exists()
    if answers_for_programme and roles - {Role.TEAM_LEADER}:
        return ReportScope(programme, None)
    return ReportScope(programme, frozenset({user.organisation_id}))


def partners_in_scope(scope: ReportScope) -> list[Organisation]:
    """The delivery partners the scope covers, by name."""
    partners = Organisation.objects.filter(
        programme_roles__programme=scope.programme, programme_roles__role__in=DELIVERY_ROLES
    )
    if not scope.whole_programme:
        partners = Organisation.objects.filter(pk__in=scope.organisation_ids)
    return list(partners.distinct().order_by("name"))


# The single place saying which participants count. A participant whose processing is restricted
# (UK GDPR Art 18) is left out, through the rights app's one query-level filter.
def _by_restriction(queryset: QuerySet, scope: ReportScope, prefix: str) -> QuerySet:
    if scope.restriction == "unrestricted":
        return without_restricted(queryset, prefix)
    if scope.restriction == "restricted":
        return only_restricted(queryset, prefix)
    return queryset


def _counted(queryset: QuerySet, scope: ReportScope, prefix: str = "participant__") -> QuerySet:
    queryset = _by_restriction(queryset, scope, prefix)
    queryset = queryset.filter(**{f"{prefix}programme": scope.programme})
    if not scope.whole_programme:
        queryset = queryset.filter(
            **{f"{prefix}responsible_organisation_id__in": scope.organisation_ids}
        )
    return queryset


def _referrals(scope: ReportScope) -> QuerySet:
    """Referral records with the partner answering for them: the accepted participant's
    responsible organisation, or else the delivery partner responsible for the referral's area.
    (Participants added without a referral record count as referred on their `referred_on`.)"""
    area_partner = ProgrammeOrganisation.objects.filter(
        programme_id=OuterRef("programme_id"), areas=OuterRef("area_id"), role__in=DELIVERY_ROLES
    ).order_by("organisation__name")
    referrals = _by_restriction(
        Referral.objects.filter(programme=scope.programme), scope, "participant__"
    ).annotate(
        partner=Coalesce(
            F("participant__responsible_organisation_id"),
            Subquery(area_partner.values("organisation_id")[:1]),
            output_field=IntegerField(),
        )
    )
    if not scope.whole_programme:
        referrals = referrals.filter(partner__in=scope.organisation_ids)
    return referrals


def _starts(scope: ReportScope) -> QuerySet:
    """Enrolments: a referred participant starting on the programme. A re-engagement after an
    exit is the same person's start continuing, not a new start."""
    return _counted(StatusChange.objects, scope).filter(
        to_status=Status.ENROLLED, from_status=Status.REFERRED
    )


def _job_starts(scope: ReportScope) -> QuerySet:
    """Paid jobs only: volunteering and work experience are WorkPlacements, never counted."""
    return _counted(Job.objects, scope)


ORGANISATION = "participant__responsible_organisation_id"


@dataclass(frozen=True)
class Measure:
    """One counted figure: its records, the date that puts a record in a period, and what the
    count is grouped by (the partner; then an outcome's key and label, or an exit reason)."""

    records: Callable[[ReportScope], QuerySet]
    day: str
    partner: str
    # When the record was entered (set once, at creation): what the kept figures are cut by.
    recorded: str
    key: str = ""
    label: str = ""


MEASURES = {
    # A referral's `received_at` is the moment it was entered (referrals.services, read-only).
    "referrals": Measure(_referrals, "received_at__date", "partner", "received_at"),
    # People added straight onto the programme (no referral record): referred on `referred_on`.
    "referred_directly": Measure(
        lambda scope: _counted(Participant.objects, scope, prefix="").filter(
            referrals__isnull=True
        ),
        "referred_on",
        "responsible_organisation_id",
        "created_at",
    ),
    "starts": Measure(_starts, "on", ORGANISATION, "changed_at"),
    "job_starts": Measure(_job_starts, "started_on", ORGANISATION, "recorded_at"),
    "outcomes": Measure(
        lambda scope: _counted(Milestone.objects, scope),
        "achieved_on",
        ORGANISATION,
        "recorded_at",
        "outcome_key",
        "label",
    ),
    "exits": Measure(
        lambda scope: _counted(StatusChange.objects, scope).filter(to_status=Status.EXITED),
        "on",
        ORGANISATION,
        "changed_at",
        "exit_reason",
    ),
}


def live_counts(
    name: str,
    scope: ReportScope,
    start,
    end,
    *,
    by_day: bool = False,
    month: bool = False,
    recorded_after: datetime.datetime | None = None,
    recorded_to: datetime.datetime | None = None,
):
    """(partner, key, label[, day], n) counted from the records themselves, of the days `start`
    to `end` (None: every day); only those entered after `recorded_after` and up to
    `recorded_to`, when given. With month=True, (month, n) for the whole scope."""
    measure = MEASURES[name]
    queryset = measure.records(scope)
    if start is not None:
        queryset = queryset.filter(_in_period(measure, start, end))
    if recorded_after is not None:
        queryset = queryset.filter(**{f"{measure.recorded}__gt": recorded_after})
    if recorded_to is not None:
        queryset = queryset.filter(**{f"{measure.recorded}__lte": recorded_to})
    if month:
        queryset = queryset.annotate(m=TruncMonth(measure.day.removesuffix("__date")))
        return list(queryset.order_by().values_list("m").annotate(n=Count("id")))
    groups = [measure.partner, measure.key or Value(""), measure.label or Value("")]
    if by_day:
        day = measure.day.removesuffix("__date")
        queryset = queryset.annotate(_day=TruncDate(day) if day != measure.day else F(day))
        groups.append("_day")
    return list(queryset.order_by().values_list(*groups).annotate(n=Count("id")))


def _in_period(measure: Measure, start: datetime.date, end: datetime.date) -> Q:
    """The measure's records of the days `start` to `end`. A moment's day (`received_at__date`)
    is asked as a range of moments, from local midnight to local midnight, so that the index on
    the moment serves it (the `__date` lookup wraps the column in a conversion)."""
    if not measure.day.endswith("__date"):
        return Q(**{f"{measure.day}__range": (start, end)})
    moment = measure.day.removesuffix("__date")

    def midnight(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))

    return Q(**{f"{moment}__gte": midnight(start), f"{moment}__lt": midnight(end + ONE_DAY)})


def kept_to(programme) -> datetime.datetime | None:
    """The moment the programme's figures were counted: every record entered up to it is in
    the kept figures (None: nothing kept yet)."""
    return (
        FiguresKept.objects.filter(programme=programme)
        .values_list("refreshed_at", flat=True)
        .first()
    )


def counted(name: str, scope: ReportScope, start, end, *, kept=None, month: bool = False):
    """(partner, key, label, n) for `start`..`end`: the kept daily figures of those days (every
    record entered up to the moment they were counted), less the records among them of whoever
    is restricted now, plus a live count of the records entered since (docs/decisions/0176,
    0190). With month=True, (month, n) for the whole scope."""
    if kept is None:
        kept = kept_to(scope.programme)
    if kept is None:
        return [tuple(row) for row in live_counts(name, scope, start, end, month=month)]
    totals: dict[tuple, int] = defaultdict(int)
    rows = DailyFigure.objects.filter(_kept_days(name, start, end), programme=scope.programme)
    if not scope.whole_programme:
        rows = rows.filter(organisation_id__in=scope.organisation_ids)
    if month:
        rows = rows.annotate(m=TruncMonth("day")).order_by().values_list("m").annotate(n=Sum("n"))
    else:
        rows = rows.order_by().values_list("organisation_id", "key", "label").annotate(n=Sum("n"))
    for *group, n in rows:
        totals[tuple(_as_date(g) for g in group)] += n
    # The kept figures count everyone; take back out whoever is restricted now.
    restricted = dataclasses.replace(scope, restriction="restricted")
    for *group, n in live_counts(name, restricted, start, end, month=month, recorded_to=kept):
        totals[tuple(_as_date(g) for g in group)] -= n
    for *group, n in live_counts(name, scope, start, end, month=month, recorded_after=kept):
        totals[tuple(_as_date(g) for g in group)] += n
    return [(*group, n) for group, n in totals.items() if n]


def month_measure(name: str) -> str:
    """The kept figures of a whole calendar month (day: its first), beside the daily ones."""
    return f"{name}/month"


def _kept_days(name: str, start: datetime.date, end: datetime.date) -> Q:
    """The kept rows of `start`..`end`: whole calendar months from the month rows, the days
    before the first and after the last whole month from the daily rows (so a period of years
    reads a few hundred rows, not partners x days)."""
    first = start if start.day == 1 else _next_month(start)
    after = _next_month(end) if _next_month(end) - ONE_DAY == end else end.replace(day=1)
    if first >= after:  # no whole month in the period
        return Q(measure=name, day__range=(start, end))
    return (
        Q(measure=name, day__gte=start, day__lt=first)
        | Q(measure=month_measure(name), day__gte=first, day__lt=after)
        | Q(measure=name, day__gte=after, day__lte=end)
    )


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _on_programme_now(scope: ReportScope) -> QuerySet:
    return (
        _counted(Participant.objects, scope, prefix="")
        .filter(status__in=ON_PROGRAMME)
        .order_by()
        .values_list("responsible_organisation_id")
        .annotate(n=Count("id"))
    )


def on_programme(scope: ReportScope, *, kept=None, live: bool = False) -> dict[int | None, int]:
    """People on the programme today, by partner: the count kept with the figures (everyone,
    at that moment), moved on by every status change entered since, less whoever is restricted
    now (decision 0190). Every change of status is a StatusChange (participants.services)."""
    if kept is None and not live:
        kept = kept_to(scope.programme)
    if kept is None:
        return dict(_on_programme_now(scope))
    totals: dict[int | None, int] = defaultdict(int)
    rows = DailyFigure.objects.filter(programme=scope.programme, measure=ON_PROGRAMME_MEASURE)
    if not scope.whole_programme:
        rows = rows.filter(organisation_id__in=scope.organisation_ids)
    for organisation_id, n in rows.values_list("organisation_id", "n"):
        totals[organisation_id] += n
    everyone = dataclasses.replace(scope, restriction="everyone")
    moves = (
        _counted(StatusChange.objects, everyone)
        .filter(changed_at__gt=kept)
        .order_by()
        .values_list(ORGANISATION)
        .annotate(
            n=Sum(
                Case(When(to_status__in=ON_PROGRAMME, then=1), default=0)
                - Case(When(from_status__in=ON_PROGRAMME, then=1), default=0)
            )
        )
    )
    for organisation_id, n in moves:
        totals[organisation_id] += n
    restricted = dataclasses.replace(scope, restriction="restricted")
    for organisation_id, n in _on_programme_now(restricted):
        totals[organisation_id] -= n
    return {o: n for o, n in totals.items() if n}


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def partner_report(
    scope: ReportScope,
    *,
    start: datetime.date,
    end: datetime.date,
    partner_id: int | None = None,
) -> PartnerReport:
    """The figures for each partner in the scope between `start` and `end` (inclusive), with
    the monthly series for the scope (or for one partner in it)."""
    kept = kept_to(scope.programme)

    def by_partner(name):
        return {o: n for o, _, _, n in counted(name, scope, start, end, kept=kept)}

    referrals = by_partner("referrals")
    referred_directly = by_partner("referred_directly")
    starts = by_partner("starts")
    job_starts = by_partner("job_starts")
    outcomes_counted = counted("outcomes", scope, start, end, kept=kept)
    exits_counted = [(o, key, n) for o, key, _, n in counted("exits", scope, start, end, kept=kept)]
    on_programme_today = on_programme(scope, kept=kept)

    outcomes = [Outcome(d.key, d.label) for d in rules_for(scope.programme).outcome_definitions]
    rows: dict[int | None, PartnerFigures] = {
        o.pk: PartnerFigures(o.pk, o.name) for o in partners_in_scope(scope)
    }

    def row(organisation_id) -> PartnerFigures:
        if organisation_id not in rows:
            rows[organisation_id] = PartnerFigures(organisation_id, "")
        return rows[organisation_id]

    for organisation_id, n in referrals.items():
        row(organisation_id).referrals = n
    for organisation_id, n in referred_directly.items():
        row(organisation_id).referrals += n
    for organisation_id, n in starts.items():
        row(organisation_id).starts = n
    for organisation_id, n in job_starts.items():
        row(organisation_id).job_starts = n
    for organisation_id, n in on_programme_today.items():
        row(organisation_id).on_programme = n
    for organisation_id, key, label, n in outcomes_counted:
        if key not in {o.key for o in outcomes}:
            outcomes.append(Outcome(key, label))
        row(organisation_id).outcomes[key] = n
    for organisation_id, reason, n in exits_counted:
        row(organisation_id).exits[reason] = n

    unnamed = [pk for pk, r in rows.items() if not r.name and pk is not None]
    for organisation in Organisation.objects.filter(pk__in=unnamed):
        rows[organisation.pk].name = organisation.name
    if None in rows:
        rows[None].name = NO_PARTNER_LABEL
    partners = sorted(rows.values(), key=lambda r: (r.organisation_id is None, r.name))

    total = PartnerFigures(None, "All delivery partners")
    for r in partners:
        total.referrals += r.referrals
        total.starts += r.starts
        total.job_starts += r.job_starts
        total.on_programme += r.on_programme
        for key, n in r.outcomes.items():
            total.outcomes[key] = total.outcomes.get(key, 0) + n
        for reason, n in r.exits.items():
            total.exits[reason] = total.exits.get(reason, 0) + n

    return PartnerReport(
        scope=scope,
        start=start,
        end=end,
        outcomes=outcomes,
        exit_reasons=list(ExitReason.choices),
        partners=partners,
        total=total,
        months=monthly_series(scope, start=start, end=end, partner_id=partner_id),
    )


def monthly_series(
    scope: ReportScope, *, start: datetime.date, end: datetime.date, partner_id: int | None = None
) -> list[MonthFigures]:
    """Starts and job starts in each calendar month of the period (every month, zero or not)."""
    if partner_id is not None:  # one partner, never beyond the scope
        ids = {partner_id} if scope.whole_programme else scope.organisation_ids & {partner_id}
        scope = ReportScope(scope.programme, frozenset(ids))
    counts: dict[str, dict[datetime.date, int]] = defaultdict(dict)
    kept = kept_to(scope.programme)
    for name in ("starts", "job_starts"):
        for month, n in counted(name, scope, start, end, kept=kept, month=True):
            counts[name][month] = n
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(
            MonthFigures(month, counts["starts"].get(month, 0), counts["job_starts"].get(month, 0))
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months
