from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework.worker import selectors


@login_required
@require_GET
def jobs(request):
    if not selectors.can_view_scheduled_jobs(request.user):
        raise PermissionDenied(selectors.refusal())
    user, now = request.user, timezone.now()
    statuses = selectors.job_statuses(user, now=now)
    return render(
        request,
        "worker/jobs.html",
        {
            "statuses": statuses,
            "overdue": [status for status in statuses if status.overdue_since],
            "failed": selectors.failed_runs(user),
            "recent": selectors.recent_runs(user),
            "titles": selectors.titles(),
        },
    )
