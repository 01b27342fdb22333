"""Reads of returns: the builds and releases a member of staff may see, the released files
the DWP may download. A return's pages show counts, findings and participant references
(Casework's random ids), never a name."""

from django.http import Http404

from casework.access.permissions import Action, has_permission
from casework.returns.models import MonthlyReturn, ReturnRelease


def builds_of(programme):
    return MonthlyReturn.objects.filter(programme=programme).select_related("release")


def build_of(programme, build_id) -> MonthlyReturn:
    found = MonthlyReturn.objects.filter(programme=programme, pk=build_id).first()
    if found is None:
        raise Http404("No such return")
    return found


def releases_for(user, programme):
    """The releases the DWP role downloads (none for anyone else)."""
    if not has_permission(user, Action.RECEIVE_RETURN, programme):
        return ReturnRelease.objects.none()
    return ReturnRelease.objects.filter(programme=programme).select_related("monthly_return")


def release_of(user, programme, release_id) -> ReturnRelease:
    found = releases_for(user, programme).filter(pk=release_id).first()
    if found is None:
        raise Http404("No such release")
    return found
