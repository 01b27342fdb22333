"""BENCH ONLY: the WSGI application with the audit write taken out, to measure its share of the
load test (bench/locustfile.py). Casework has no setting that turns audited reads off, and must
not have one; this module monkeypatches the audit service in the gunicorn worker process only.

Everything else in `record_event` still runs (the actor, the label, the event's HMAC); only the
two round trips to the database are skipped: the chain head's `SELECT ... FOR UPDATE` (the lock
every audited read takes) and the INSERT of the event with the head's UPDATE.

    gunicorn bench.loadtest_wsgi_without_audit:application   (never in production)
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.loadtest_settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

from casework.audit import chain, services  # noqa: E402


def _no_lock() -> tuple[int, str]:
    return 0, chain.GENESIS_HASH


def _no_write(event) -> None:
    event._state.adding = False


services._lock_head = _no_lock
services._save = _no_write
