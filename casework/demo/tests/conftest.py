import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for a module's tests inside a transaction that is rolled back after
    the module's last test. Each test (pytest-django's `db`) runs in a savepoint inside it, so
    every test starts from the freshly loaded demo. Only for modules whose every test uses it:
    a module-scoped transaction stays open for the module's other tests too."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
