"""Where the current request came from, for audit events written deep inside selectors and
services that are not handed the request; and where the answers that cannot change during that
request (or during a unit of work) are remembered."""

from contextlib import contextmanager
from contextvars import ContextVar

_request: ContextVar = ContextVar("casework_audit_request", default=None)
_unit_of_work: ContextVar = ContextVar("casework_unit_of_work", default=None)


def current_request():
    return _request.get()


@contextmanager
def unit_of_work():
    """A run of batch work in which nobody's memberships, organisation or programme rules
    change, such as the demo's participants, loaded once its staff and register are in place.
    What a request remembers (the permission checks' memberships and scope, the register's
    current version) is remembered for the run too, where outside a request it would be read
    again on every call (8,208 membership reads for the demo's 300 participants). Work that
    changes those must not run inside one."""
    token = _unit_of_work.set({})
    try:
        yield
    finally:
        _unit_of_work.reset(token)


def memo() -> dict | None:
    """Where answers that stay the same for the current request are kept: the request's own
    attributes, or the current unit of work's; None outside both (read afresh every time)."""
    request = _request.get()
    if request is not None:
        return request.__dict__
    return _unit_of_work.get()


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
