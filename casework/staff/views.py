from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from casework.access.permissions import Action, require_permission
from casework.staff import selectors, services
from casework.staff.forms import SignInForm
from casework.staff.middleware import start_session_clock, touch_session


class SignInView(auth_views.LoginView):
    template_name = "staff/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        start_session_clock(self.request)
        return response


class SignOutView(auth_views.LogoutView):
    template_name = "staff/signed_out.html"


@require_POST
@login_required
def keep_alive(request):
    """Called by the time-out warning's 'Stay signed in' button: the request itself resets the
    idle clock (SessionTimeoutMiddleware)."""
    touch_session(request)
    response = HttpResponse(status=204)
    response["X-Session-Idle-Seconds"] = str(settings.CASEWORK_SESSION_IDLE_SECONDS)
    return response


def _safe_next(request, fallback: str = settings.LOGIN_REDIRECT_URL) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    from django.urls import reverse

    return reverse(fallback)


@login_required
@require_POST
def acknowledge_confidentiality(request):
    services.acknowledge_confidentiality(user=request.user)
    messages.success(request, "Thank you. You have acknowledged the confidentiality statement.")
    return redirect(_safe_next(request))


@login_required
@require_GET
def training_due(request):
    require_permission(request.user, Action.MANAGE_TRAINING_RECORDS)
    return render(
        request,
        "staff/training_due.html",
        {
            "due": selectors.staff_due_for_training(request.user),
            "today": timezone.localdate(),
            "within_days": settings.CASEWORK_TRAINING_DUE_WITHIN_DAYS,
        },
    )
