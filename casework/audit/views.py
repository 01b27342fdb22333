"""Pages of the audit trail. Thin: a selector decides, the page shows."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from casework.audit import selectors

HISTORY_PAGE_SIZE = 50


@login_required
def access_history(request, participant_id):
    participant, events = selectors.access_history(request.user, participant_id)
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/access_history.html", {"participant": participant, "page": page})
