from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from casework.access.selectors import participants_visible_to
from casework.caseloads.selectors import overseeing_membership, specialists_overseen
from casework.participants import services as participant_services


@transaction.atomic
def reallocate(*, actor, participant_ids, to_specialist) -> int:
    """Moves participants to another specialist's caseload. All or none."""
    membership = overseeing_membership(actor)
    if membership is None:
        raise PermissionDenied("Only team leaders and programme managers reallocate caseloads.")
    if not participant_ids:
        raise ValidationError({"participants": ["Select at least one participant to move"]})
    if (
        to_specialist is None
        or not specialists_overseen(actor, membership).filter(pk=to_specialist.pk).exists()
    ):
        raise ValidationError({"to_specialist": ["Choose a specialist in your team"]})
    participants = list(
        participants_visible_to(actor).select_for_update().filter(pk__in=participant_ids)
    )
    if len(participants) != len(set(participant_ids)):
        raise ValidationError(
            {"participants": ["Some of the selected participants are not yours to move"]}
        )
    for participant in participants:
        participant_services.update_participant(
            actor=actor, participant=participant, assigned_specialist=to_specialist
        )
    return len(participants)
