"""BENCH ONLY: the WSGI application with the audit write taken out, to measure its share of the
load test (bench/locustfile.py). Casework has no setting that turns audited reads off, and must
not have one; this module monkeypatches the audit service in the gunicorn worker process only.

Everything else in `record_event` still runs (the actor, the label, the event's fields); only
its one round trip to the database is skipped: the INSERT of the event (which takes no lock
since decision 0195; the sealer chains events later, in the worker).

    gunicorn bench.loadtest_wsgi_without_audit:application   (never in production)
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.loadtest_settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

from casework.audit import services  # noqa: E402


def _no_write(event) -> None:
    event._state.adding = False


services._insert = _no_write
