from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

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
