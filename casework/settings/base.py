"""Settings shared by every environment. Secrets are not set here: each environment module
provides SECRET_KEY, CASEWORK_FIELD_KEYS, CASEWORK_BLIND_INDEX_KEY and CASEWORK_AUDIT_KEY."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CASEWORK_VAR_DIR", BASE_DIR / "var"))
FRONTEND_BUILD_DIR = BASE_DIR / "build" / "static"
# Programme configuration files (programmes/<slug>.yaml), loaded by `manage.py programme load`.
CASEWORK_PROGRAMMES_DIR = BASE_DIR / "programmes"

DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "casework.core",
    "casework.register",
    "casework.programmes",
    "casework.staff",
    "casework.access",
    "casework.participants",
    "casework.referrals",
    "casework.documents",
    "casework.consents",
    "casework.caseloads",
    "casework.eligibility",
    "casework.journey",
    "casework.audit",
    "casework.oversight",
    "casework.demo",
    "casework.reports",
    "casework.groupwork",
    "casework.profiles",
    "django_tasks",
    "django_tasks_db",
    "casework.worker",
    "casework.rights",
    "casework.disclosures",
    "casework.breaches",
    "casework.complaints",
    "casework.evaluation",
    "casework.returns",
    "casework.dataprotection",
    "casework.disposal",
    "casework.subjectaccess",
]

# Background tasks (docs/decisions/0115-scheduled-worker.md): django-tasks, the API Django 6
# adopts, with its database backend, so the queue needs no service beyond the database.
# `manage.py worker` claims the schedule's due slots, enqueues them and runs the queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "casework.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: a timed-out session leaves a message saying why.
    "casework.staff.middleware.SessionTimeoutMiddleware",
    "casework.staff.middleware.SecondFactorMiddleware",
    "casework.staff.middleware.TrainingGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "casework.core.middleware.NoStoreMiddleware",
    # After the session and user are known (the 400 page is drawn like any other).
    "casework.core.middleware.RejectUnstorableInputMiddleware",
    # Last, so it sees every failed sign-in and answers a locked-out one.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casework.urls"
WSGI_APPLICATION = "casework.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "casework.templating.environment",
            "context_processors": ["casework.oversight.context_processors.audit_navigation"],
        },
    },
    {
        # The Django admin (and only the admin) uses Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'casework.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take SQLite's write lock when a transaction starts, so concurrent writers (audit events
    # are written on every read) queue instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: Casework's statements are short, and at 500,000 participants the
    # planner's cost estimate of the referral inbox's duplicate check (four EXISTS per row) sent
    # it to the JIT, which spent ~400 ms compiling a query that runs in 90 ms (decision 0179).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # Parameters bound by the server and statements prepared on their second run in a
    # connection: PostgreSQL then parses and plans each of the day's statements once per
    # connection, not once per request (1.4-4.4 ms a page, decision 0231). Behind a pooler in
    # transaction mode, which cannot keep a prepared statement, set CASEWORK_DB_PREPARED=0.
    if os.environ.get("CASEWORK_DB_PREPARED", "1") != "0":
        DATABASES["default"]["OPTIONS"].setdefault("server_side_binding", True)
        DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "staff.StaffUser"
# django-axes first, so a locked-out account is refused before its password is checked. The
# seam for single sign-on (docs/decisions/0023-sign-in-hardening-and-sso-seam.md): an OIDC
# backend is added here, after axes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "staff:sign-in"
LOGIN_REDIRECT_URL = "programmes:home"  # sends each role to its page (staff.landing)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Server-side sessions (database). Idle and absolute limits are enforced by
# casework.staff.middleware.SessionTimeoutMiddleware; the cookie dies with the browser.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CASEWORK_SESSION_IDLE_SECONDS = 30 * 60
CASEWORK_SESSION_WARNING_SECONDS = 2 * 60
CASEWORK_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_AGE = CASEWORK_SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = None  # production sets it; elsewhere WhiteNoise serves from the finders
STATICFILES_DIRS = [FRONTEND_BUILD_DIR]
WHITENOISE_USE_FINDERS = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "casework.core.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Casework API",
    "DESCRIPTION": "Participant case management for supported-employment programmes.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {"YesNoEnum": "casework.profiles.models.YesNo"},
}

# Participants' documents: encrypted files outside the web root.
CASEWORK_DOCUMENT_ROOT = Path(os.environ.get("CASEWORK_DOCUMENT_ROOT", VAR_DIR / "documents"))
CASEWORK_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Lockout (django-axes): 10 failed sign-ins for one email address lock it for 30 minutes, from
# any IP address (council offices share one). An administrator can unlock it sooner in the admin
# ("Access attempts") or with `manage.py axes_reset_username EMAIL`.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "casework.staff.lockout.username_from"
AXES_LOCKOUT_CALLABLE = "casework.staff.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
# axes.W006 asks for ip_address in the lockout parameters; we lock the account itself, which no
# rotation of address, browser or cookie gets round (docs/decisions/0023).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_VERBOSE = False

# Second factor (django-otp): TOTP, with one-time recovery codes.
OTP_TOTP_ISSUER = "Casework"
CASEWORK_RECOVERY_CODE_COUNT = 10

# Break-glass: how long a member of staff may see a record they opened outside their caseload.
CASEWORK_BREAK_GLASS_MINUTES = 60

# Data protection training: how long a completion counts, and how early staff show as due.
CASEWORK_TRAINING_VALID_DAYS = 365
CASEWORK_TRAINING_DUE_WITHIN_DAYS = 30

# National Insurance numbers with the QQ prefix are the government's example numbers: never
# allocated to a person. They are accepted only where this is True (demo data and tests).
CASEWORK_ALLOW_EXAMPLE_NINOS = False

# Monitoring rules (casework.oversight.services.raise_alerts): an alert when one person opens more
# than this many records in an hour, is refused this many times in an hour, or opens records
# outside these local working hours (start, end) or at a weekend.
CASEWORK_ALERT_RECORDS_PER_HOUR = 30
CASEWORK_ALERT_DENIALS_PER_HOUR = 5
CASEWORK_WORKING_HOURS = (7, 19)

# Audit events are sealed into the chain every minute by the worker (casework.audit.jobs); the
# sealing job fails, and `manage.py audit verify` warns, when one has waited longer than this
# (docs/decisions/0195-audit-events-sealed-into-the-chain.md).
CASEWORK_AUDIT_UNSEALED_ALERT_SECONDS = 300

# The DWP monthly return is built in this many processes (1 or 2: the id range split at its
# middle) once it covers CASEWORK_RETURN_PARALLEL_FROM people, on PostgreSQL (decision 0182).
CASEWORK_RETURN_PROCESSES = int(os.environ.get("CASEWORK_RETURN_PROCESSES", "2"))
CASEWORK_RETURN_PARALLEL_FROM = 50_000

# Email (casework.disclosures sends CVs and referrals through Django's email framework). The
# default writes each message to a file under var/sent-mail, so nothing leaves a development
# machine; production sends by SMTP from the environment (casework.settings.production); the
# tests use Django's in-memory outbox.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "sent-mail"
DEFAULT_FROM_EMAIL = os.environ.get("CASEWORK_FROM_EMAIL", "casework@casework.example")
EMAIL_TIMEOUT = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
