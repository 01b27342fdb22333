"""Where the current request came from, for audit events written deep inside selectors and
services that are not handed the request."""

from contextvars import ContextVar

_request: ContextVar = ContextVar("casework_audit_request", default=None)


def current_request():
    return _request.get()


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
