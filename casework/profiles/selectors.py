"""Every read of a participant's vocational profile, scoped to the acting user through
casework.access.selectors.participants_visible_to: a participant (or entry) the user may not see
answers 404. The caller has already recorded the read of the participant
(casework.participants.selectors.get_participant). Special category parts are read only by roles
that may see them, and parts the programme does not collect are never shown."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.http import Http404

from casework.access.permissions import Action, has_permission
from casework.access.selectors import participants_visible_to
from casework.participants.models import Participant
from casework.profiles.models import EmploymentHistoryEntry, Qualification, VocationalProfile
from casework.profiles.services import (
    SPECIAL_CATEGORY_FIELDS,
    health_barriers_of,
    profile_fields_not_collected,
)


@dataclass(frozen=True)
class ProfileView:
    """What `user` may see of a participant's profile."""

    participant: Participant
    profile: VocationalProfile  # unsaved and empty when nothing is recorded yet
    employment_history: list[EmploymentHistoryEntry]
    qualifications: list[Qualification]
    hidden: frozenset[str] = field(default_factory=frozenset)  # fields not to show or accept
    can_see_special_category: bool = False

    @property
    def health_barriers(self) -> list[str]:
        return [] if "health_barriers" in self.hidden else health_barriers_of(self.profile)

    def shows(self, name: str) -> bool:
        return name not in self.hidden


def _require_visible(user, participant: Participant) -> None:
    if not participants_visible_to(user).filter(pk=participant.pk).exists():
        raise Http404("No participant found")


def hidden_fields(user, participant: Participant) -> frozenset[str]:
    """Profile fields `user` may neither see nor set for `participant`."""
    hidden = set(profile_fields_not_collected(participant.programme))
    if not has_permission(user, Action.VIEW_SPECIAL_CATEGORY, participant.programme):
        hidden |= set(SPECIAL_CATEGORY_FIELDS)
    return frozenset(hidden)


def profile_of(user, participant: Participant) -> ProfileView:
    _require_visible(user, participant)
    profile = VocationalProfile.objects.filter(participant=participant).first()
    return ProfileView(
        participant=participant,
        profile=profile or VocationalProfile(participant=participant),
        employment_history=list(participant.employment_history.all()),
        qualifications=list(participant.qualifications.all()),
        hidden=hidden_fields(user, participant),
        can_see_special_category=has_permission(
            user, Action.VIEW_SPECIAL_CATEGORY, participant.programme
        ),
    )


def _entry(user, participant: Participant, queryset, entry_id):
    _require_visible(user, participant)
    try:
        return queryset.select_related("participant__programme").get(
            pk=entry_id, participant=participant
        )
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404("Not found") from None


def get_employment_entry(user, participant: Participant, entry_id) -> EmploymentHistoryEntry:
    return _entry(user, participant, EmploymentHistoryEntry.objects.all(), entry_id)


def get_qualification(user, participant: Participant, qualification_id) -> Qualification:
    return _entry(user, participant, Qualification.objects.all(), qualification_id)
