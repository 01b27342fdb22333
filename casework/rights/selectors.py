"""What the disclosure gate (and, later, reports and exports) asks about a participant's rights.
These answer a yes/no about one participant already read through the caller's scope; they show
nothing themselves."""

from django.db.models import Exists, OuterRef, QuerySet

from casework.rights.models import Objection, ObjectionDecision, Restriction

# An objection stops the processing while it waits for a decision (Art 18(1)(d)) and once upheld.
_STOPPING = (ObjectionDecision.PENDING, ObjectionDecision.UPHELD)


def is_restricted(participant) -> bool:
    return Restriction.objects.filter(participant=participant, lifted_at__isnull=True).exists()


def restriction_in_force(participant) -> Restriction | None:
    """The restriction in force on the participant (the latest started, if several). A record
    read by participants.selectors.find_participant carries it (its id and start), so it is
    not asked again: the restriction comes back with its other fields deferred."""
    if "restriction_in_force_id" in participant.__dict__:
        if participant.restriction_in_force_id is None:
            return None
        return Restriction.from_db(
            participant._state.db,
            ["id", "participant_id", "started_at"],
            [
                participant.restriction_in_force_id,
                participant.pk,
                participant.restriction_in_force_since,
            ],
        )
    return Restriction.objects.filter(participant=participant, lifted_at__isnull=True).first()


def _ids(participant_ids):
    """Ids given as a list, or as a queryset of them (a subquery: never read into Python)."""
    return participant_ids if isinstance(participant_ids, QuerySet) else list(participant_ids)


def restricted_among(participant_ids) -> set:
    """The ids, of those given, of participants whose processing is restricted now."""
    return set(
        Restriction.objects.filter(
            participant_id__in=_ids(participant_ids), lifted_at__isnull=True
        ).values_list("participant_id", flat=True)
    )


def objected_purposes(participant) -> set[str]:
    """The purpose keys the participant has objected to, pending a decision or upheld."""
    return set(
        Objection.objects.filter(participant=participant, decision__in=_STOPPING).values_list(
            "purpose", flat=True
        )
    )


def objecting_to(purpose: str, participant_ids) -> set:
    """The ids, of those given, of participants who object to `purpose` (pending or upheld)."""
    return set(
        Objection.objects.filter(
            participant_id__in=_ids(participant_ids), purpose=purpose, decision__in=_STOPPING
        ).values_list("participant_id", flat=True)
    )


def without_restricted(queryset: QuerySet, path: str = "") -> QuerySet:
    """`queryset` without the rows of participants whose processing is restricted now (Art 18):
    the one query-level filter every report, return, extract, export, register print-out and
    disclosure applies. `path` leads from the queryset's model to its participant, e.g.
    "participant__" for jobs; "" when the queryset is of participants."""
    participant = OuterRef(f"{path}pk")
    restricted = Restriction.objects.filter(participant_id=participant, lifted_at__isnull=True)
    return queryset.filter(~Exists(restricted))


def only_restricted(queryset: QuerySet, path: str = "") -> QuerySet:
    """The complement of `without_restricted`: the rows of participants restricted now (for
    taking them back out of figures kept before their restriction)."""
    participant = OuterRef(f"{path}pk")
    restricted = Restriction.objects.filter(participant_id=participant, lifted_at__isnull=True)
    return queryset.filter(Exists(restricted))


def without_objecting(queryset: QuerySet, purpose: str, path: str = "") -> QuerySet:
    """`queryset` without the rows of participants who object to `purpose` (pending or upheld,
    Art 21): evaluation extracts, survey contact and the like apply it for their purpose."""
    participant = OuterRef(f"{path}pk")
    objecting = Objection.objects.filter(
        participant_id=participant, purpose=purpose, decision__in=_STOPPING
    )
    return queryset.filter(~Exists(objecting))


# The purpose kinds (casework.register.config.PurposeKind) that mean evaluation and research,
# and contact for surveys: an evaluation extract or a survey list applies
# without_objecting_to_kinds(queryset, programme, EVALUATION_KINDS) (decision 0150).
EVALUATION_KINDS = ("evaluation", "research", "statistics")
SURVEY_CONTACT_KINDS = ("service_improvement", "research", "evaluation", "updates_and_marketing")


def purpose_keys_of_kinds(programme, kinds) -> set[str]:
    """The programme's purpose keys (its register's) whose kind is one of `kinds`."""
    from casework.register.selectors import current_config

    config = current_config(programme)
    wanted = set(kinds)
    return {p.key for p in config.purposes if str(p.kind) in wanted} if config else set()


def without_objecting_to_kinds(queryset: QuerySet, programme, kinds, path: str = "") -> QuerySet:
    """`queryset` without the rows of participants objecting (pending or upheld) to any of the
    programme's purposes of those kinds: one Exists over all of them."""
    participant = OuterRef(f"{path}pk")
    objecting = Objection.objects.filter(
        participant_id=participant,
        purpose__in=sorted(purpose_keys_of_kinds(programme, kinds)),
        decision__in=_STOPPING,
    )
    return queryset.filter(~Exists(objecting))


# --- The register of rights requests -------------------------------------------------------------

DUE_SOON_DAYS = 7


def can_manage_requests(user, programme=None) -> bool:
    from casework.access.permissions import Action, has_permission

    return has_permission(user, Action.MANAGE_REQUESTS, programme)


def require_manager(user) -> None:
    from django.core.exceptions import PermissionDenied

    from casework.access.permissions import Action

    if not can_manage_requests(user):
        raise PermissionDenied(f"Your role does not allow you to {Action.MANAGE_REQUESTS.label}.")


def requests_visible_to(user) -> QuerySet:
    """Rights requests of the programmes where the user manages them (others answer 404)."""
    from casework.access.permissions import Action, programmes_where
    from casework.rights.models import RightsRequest

    return RightsRequest.objects.filter(
        programme_id__in=programmes_where(user, Action.MANAGE_REQUESTS)
    ).select_related("programme", "participant")


def _record(user, request, what: str, participants=None) -> None:
    from casework.audit.models import Action as AuditAction
    from casework.audit.services import record_event

    if participants is not None:
        record_event(
            actor=user,
            action=AuditAction.RIGHTS_REQUEST,
            participants=participants,
            purpose=f"rights.request.{what}",
        )
    else:
        record_event(
            actor=user,
            action=AuditAction.RIGHTS_REQUEST,
            participant=request.participant_id,
            purpose=f"rights.request.{what}",
        )


def get_request(user, request_id, *, audit: bool = True):
    """One rights request for its programme's DPO; 404 for any other. Opening it is audited."""
    from django.core.exceptions import ValidationError
    from django.http import Http404

    from casework.rights.models import RightsRequest

    require_manager(user)
    try:
        request = requests_visible_to(user).get(pk=request_id)
    except (RightsRequest.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404("No rights request found") from None
    if audit:
        _record(user, request, "read")
    return request


def record_listed(user, requests) -> None:
    """A list of requesters shown is a read: one event, with the participants it names."""
    requests = list(requests)
    if requests:
        _record(user, None, "list", [r.participant_id for r in requests if r.participant_id])


def open_requests(user, *, today) -> dict:
    """Open requests by due date: overdue, due within a week, paused (no deadline while
    waiting), and the rest; with counts by kind and by controller."""
    import datetime
    from collections import Counter

    from casework.rights.models import RequestStatus

    waiting = list(
        requests_visible_to(user)
        .filter(status=RequestStatus.OPEN)
        .order_by("due_on", "received_on")
    )
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return {
        "overdue": [r for r in waiting if r.due_on is not None and r.due_on < today],
        "due_soon": [r for r in waiting if r.due_on is not None and today <= r.due_on <= soon],
        "later": [r for r in waiting if r.due_on is not None and r.due_on > soon],
        "paused": [r for r in waiting if r.due_on is None],
        "extended": [r for r in waiting if r.extended_on is not None],
        "by_kind": sorted(Counter(r.get_kind_display() for r in waiting).items()),
        "by_controller": sorted(Counter(r.controller for r in waiting).items()),
        "count": len(waiting),
    }
