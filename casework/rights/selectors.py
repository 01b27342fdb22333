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
    return Restriction.objects.filter(participant=participant, lifted_at__isnull=True).first()


def restricted_among(participant_ids) -> set:
    """The ids, of those given, of participants whose processing is restricted now."""
    return set(
        Restriction.objects.filter(
            participant_id__in=list(participant_ids), lifted_at__isnull=True
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
            participant_id__in=list(participant_ids), purpose=purpose, decision__in=_STOPPING
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
