"""Idle and absolute session limits. A signed-in session ends after
CASEWORK_SESSION_IDLE_SECONDS without a request, and in any case
CASEWORK_SESSION_ABSOLUTE_SECONDS after sign-in."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

SIGNED_IN_AT = "casework_signed_in_at"
LAST_SEEN_AT = "casework_last_seen_at"
# Writing the session on every request costs a database write; once a minute is precise enough.
_TOUCH_EVERY_SECONDS = 60


def start_session_clock(request) -> None:
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


def touch_session(request) -> None:
    request.session[LAST_SEEN_AT] = time.time()


def seconds_until_idle_sign_out(request) -> int:
    last_seen = request.session.get(LAST_SEEN_AT, time.time())
    return max(0, int(last_seen + settings.CASEWORK_SESSION_IDLE_SECONDS - time.time()))


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expired = self._expired_reason(request)
            if expired:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                messages.info(request, expired)
                sign_in = reverse(settings.LOGIN_URL)
                return redirect(f"{sign_in}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _expired_reason(self, request) -> str | None:
        now = time.time()
        session = request.session
        if SIGNED_IN_AT not in session:
            start_session_clock(request)
            return None
        if now - session[SIGNED_IN_AT] > settings.CASEWORK_SESSION_ABSOLUTE_SECONDS:
            hours = settings.CASEWORK_SESSION_ABSOLUTE_SECONDS // 3600
            return f"You have been signed out because you were signed in for {hours} hours."
        if now - session.get(LAST_SEEN_AT, 0) > settings.CASEWORK_SESSION_IDLE_SECONDS:
            minutes = settings.CASEWORK_SESSION_IDLE_SECONDS // 60
            return (
                f"You have been signed out because you had not done anything for {minutes} "
                "minutes. Your work was saved up to your last action."
            )
        if now - session.get(LAST_SEEN_AT, 0) >= _TOUCH_EVERY_SECONDS:
            touch_session(request)
        return None


# Pages a signed-in user reaches before the second factor: signing in and out, and the second
# factor's own pages.
SECOND_FACTOR_EXEMPT = frozenset(
    {
        "staff:sign-in",
        "staff:sign-out",
        "staff:keep-alive",
        "staff:second-factor",
        "staff:second-factor-setup",
    }
)
# Pages a signed-in user reaches without being cleared for personal data: the above, the
# confidentiality statement itself and the API schema. The admin is exempt too: administrators
# hold no programme role, so see no participant.
CLEARANCE_EXEMPT = SECOND_FACTOR_EXEMPT | {"staff:confidentiality", "api:schema"}


class SignedInGate:
    """A check on every view a signed-in user opens, except the `exempt` URL names. A subclass
    says what is wrong (`problems`) and how to answer a page (`refuse_page`); the API gets 403
    with the problems as its `detail`."""

    exempt: frozenset[str] = frozenset()
    exempt_namespaces: frozenset[str] = frozenset()

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match.view_name in self.exempt or match.namespace in self.exempt_namespaces:
            return None
        problems = self.problems(request)
        if not problems:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": " ".join(problems)}, status=403)
        return self.refuse_page(request, problems)

    def problems(self, request) -> list[str]:
        raise NotImplementedError

    def refuse_page(self, request, problems: list[str]):
        raise NotImplementedError


class SecondFactorMiddleware(SignedInGate):
    """A password alone opens nothing: until the session has passed the second factor, pages
    send the user to it (or to set it up) and the API answers 403."""

    exempt = SECOND_FACTOR_EXEMPT

    def problems(self, request) -> list[str]:
        from casework.staff.second_factor import second_factor_passed

        return [] if second_factor_passed(request) else ["Sign in with your second factor first."]

    def refuse_page(self, request, problems):
        from casework.staff.second_factor import has_second_factor

        step = "staff:second-factor"
        if not has_second_factor(request.user):
            step = "staff:second-factor-setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


class TrainingGateMiddleware(SignedInGate):
    """Trained and bound staff only: a user whose data protection training is missing or expired,
    or who has not acknowledged the confidentiality statement, gets a page saying why instead
    of any page or API endpoint holding personal data."""

    exempt = CLEARANCE_EXEMPT
    exempt_namespaces = frozenset({"admin"})

    def problems(self, request) -> list[str]:
        from casework.staff.selectors import clearance_problems

        return clearance_problems(request.user)

    def refuse_page(self, request, problems):
        return render(
            request,
            "staff/not_cleared.html",
            {
                "problems": problems,
                "needs_acknowledgement": request.user.confidentiality_acknowledged_at is None,
                "next": request.get_full_path(),
            },
            status=403,
        )
