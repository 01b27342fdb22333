"""The DWP returns' panel on the data protection officer's home page: builds waiting for the
DPO's release, per programme (counts only)."""

from django.urls import reverse

from casework.access.permissions import Action, programmes_where
from casework.dataprotection.panels import Panel
from casework.programmes.models import Programme
from casework.returns.models import BuildState, MonthlyReturn


def returns_to_release(user, now) -> Panel | None:
    ids = set(programmes_where(user, Action.ANSWER_STATUTORY_REQUEST)) & set(
        programmes_where(user, Action.BUILD_RETURN)
    )
    programmes = list(Programme.objects.filter(pk__in=ids).order_by("name"))
    if not programmes:
        return None
    waiting = {
        p.pk: MonthlyReturn.objects.filter(programme=p, state=BuildState.BUILT).count()
        for p in programmes
    }
    return Panel(
        title="DWP monthly returns",
        template="returns/panel.html",
        context={"waiting": [(p, waiting[p.pk]) for p in programmes]},
        links=[
            (f"DWP returns: {p.name}", reverse("returns:list", args=[p.slug])) for p in programmes
        ],
    )
