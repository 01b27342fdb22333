"""Reads for the subject access pages: the participant through the access scope (404 outside
it), for roles that manage rights requests only (403 for the rest), each read recorded."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from casework.access.permissions import Action, has_permission, require_permission
from casework.audit.models import Action as AuditAction
from casework.audit.services import record_event
from casework.participants.selectors import find_participant
from casework.subjectaccess.models import PackRedaction, SubjectAccessPack


def require_request_manager(user) -> None:
    if not has_permission(user, Action.MANAGE_REQUESTS):
        require_permission(user, Action.MANAGE_REQUESTS)


def may_manage(user, participant) -> bool:
    return has_permission(user, Action.MANAGE_REQUESTS, participant.programme)


def participant_for_packs(user, participant_id, *, purpose="subject_access.list"):
    """The participant, if the user may manage rights requests in their programme."""
    require_request_manager(user)
    participant = find_participant(user, participant_id, purpose=purpose)
    require_permission(user, Action.MANAGE_REQUESTS, participant.programme)
    return participant


def packs_of(user, participant_id):
    participant = participant_for_packs(user, participant_id)
    record_event(
        actor=user,
        action=AuditAction.PARTICIPANT_READ,
        participant=participant,
        purpose="subject_access.list",
    )
    packs = list(
        SubjectAccessPack.objects.filter(participant=participant).select_related(
            "prepared_by", "released_by"
        )
    )
    return participant, packs


def get_pack(user, pack_id, *, purpose: str, record: bool = False) -> SubjectAccessPack:
    """A pack of a participant the user may manage requests for (404 otherwise); the read is
    recorded when `record` (the services record their own)."""
    require_request_manager(user)
    try:
        pack = SubjectAccessPack.objects.select_related("participant__programme").get(pk=pack_id)
    except (SubjectAccessPack.DoesNotExist, ValueError, ValidationError):
        raise Http404("No pack found") from None
    participant = find_participant(user, pack.participant_id, purpose=purpose)
    if not may_manage(user, participant):
        raise PermissionDenied("Your role does not allow you to manage rights requests.")
    pack.participant = participant
    if record:
        record_event(
            actor=user,
            action=AuditAction.PARTICIPANT_READ,
            participant=participant,
            purpose=purpose,
        )
    return pack


def get_redaction(user, pack_id, redaction_id) -> PackRedaction:
    pack = get_pack(user, pack_id, purpose="subject_access.review", record=True)
    try:
        redaction = pack.redactions.get(pk=redaction_id)
    except (PackRedaction.DoesNotExist, ValueError, ValidationError):
        raise Http404("No such item") from None
    redaction.pack = pack
    return redaction
