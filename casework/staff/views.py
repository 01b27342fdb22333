from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login
from django_otp import match_token

from casework.access.permissions import Action, require_permission
from casework.core.forms import apply_service_errors
from casework.staff import selectors, services
from casework.staff.forms import SecondFactorForm, SignInForm, TrainingRecordForm
from casework.staff.middleware import start_session_clock, touch_session
from casework.staff.second_factor import (
    base32_secret,
    has_second_factor,
    qr_code_data_uri,
    second_factor_passed,
)


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


@login_required
def record_training(request, user_id: int):
    require_permission(request.user, Action.MANAGE_TRAINING_RECORDS)
    person = get_object_or_404(selectors.staff_whose_training_they_record(request.user), pk=user_id)
    form = TrainingRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_training(
                actor=request.user, user=person, completed_on=form.cleaned_data["completed_on"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Training recorded for {person}")
            return redirect(reverse("staff:training-due"))
    return render(request, "staff/record_training.html", {"form": form, "person": person})


def _passed_second_factor(request, device) -> None:
    otp_login(request, device)
    request.session.cycle_key()  # a new session id once fully signed in


@login_required
def second_factor(request):
    """Step two of signing in: a code from the authenticator app, or a recovery code."""
    if second_factor_passed(request):
        return redirect(_safe_next(request))
    if not has_second_factor(request.user):
        return redirect(f"{reverse('staff:second-factor-setup')}?{request.GET.urlencode()}")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].replace(" ", ""))
        if device is None:
            form.add_error(
                "token",
                "The code is not right. Enter the code your app shows now, or a recovery code",
            )
        else:
            _passed_second_factor(request, device)
            return redirect(_safe_next(request))
    return render(request, "staff/second_factor.html", {"form": form, "next": _safe_next(request)})


@login_required
def second_factor_setup(request):
    """First sign-in: scan a QR code into an authenticator app, confirm a code, and receive
    one-time recovery codes."""
    if has_second_factor(request.user):
        return redirect(f"{reverse('staff:second-factor')}?{request.GET.urlencode()}")
    device = services.start_totp_setup(user=request.user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_totp_setup(
                user=request.user, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            _passed_second_factor(request, device)
            return render(
                request,
                "staff/recovery_codes.html",
                {"codes": codes, "next": _safe_next(request)},
            )
    return render(
        request,
        "staff/second_factor_setup.html",
        {
            "form": form,
            "qr_code": qr_code_data_uri(device.config_url),
            "secret": base32_secret(device),
            "next": _safe_next(request),
        },
    )


def admin_sign_in(request):
    """The admin signs in through Casework's own sign-in, with its second factor and lockout."""
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('staff:sign-in')}?{urlencode({'next': target})}")
