"""Production. Every secret comes from the environment; a missing one stops start-up with a
message naming it. Run `manage.py check --deploy --settings=casework.settings.production`."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from casework.settings.base import *  # noqa: F403
from casework.settings.base import VAR_DIR

REQUIRED = (
    "CASEWORK_SECRET_KEY",
    "CASEWORK_FIELD_KEYS",
    "CASEWORK_BLIND_INDEX_KEY",
    "CASEWORK_AUDIT_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
)
_missing = [name for name in REQUIRED if not os.environ.get(name)]
if _missing:
    raise ImproperlyConfigured(
        "Casework will not start in production without these environment variables: "
        + ", ".join(_missing)
        + ". See README.md, 'Running in production'."
    )

DEBUG = False
SECRET_KEY = os.environ["CASEWORK_SECRET_KEY"]
# Comma-separated Fernet keys, newest first: the first encrypts, all of them decrypt.
CASEWORK_FIELD_KEYS = [k.strip() for k in os.environ["CASEWORK_FIELD_KEYS"].split(",") if k]
CASEWORK_BLIND_INDEX_KEY = os.environ["CASEWORK_BLIND_INDEX_KEY"]
# Keys the audit trail's hash chain (HMAC). Keep it outside the database and its backups.
CASEWORK_AUDIT_KEY = os.environ["CASEWORK_AUDIT_KEY"]
CASEWORK_ALLOW_EXAMPLE_NINOS = False

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
STATIC_ROOT = Path(os.environ.get("CASEWORK_STATIC_ROOT", VAR_DIR / "staticfiles"))

# Email by SMTP, configured from the environment (EMAIL_HOST is required to send anything).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() != "false"
