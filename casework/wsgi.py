import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings.production")
application = get_wsgi_application()

# manage.py commands run the system checks; a WSGI server does not. Refuse to serve with
# encryption keys that cannot read the stored data.
from casework.core.checks import require_usable_keys  # noqa: E402

require_usable_keys()
