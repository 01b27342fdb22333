"""The test suite. Runs on SQLite by default and on PostgreSQL when DATABASE_URL points there.
Keys are throwaway values that exist only for the tests."""

import os
import tempfile
from pathlib import Path

import dj_database_url

from casework.settings.base import *  # noqa: F403
from casework.settings.base import DATABASES

if "DATABASE_URL" not in os.environ:
    # Never the developer's var/casework.sqlite3: its data is encrypted with other keys.
    DATABASES["default"] = dj_database_url.parse("sqlite://:memory:")
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE"}

DEBUG = False
ALLOWED_HOSTS = ["*"]
CASEWORK_ALLOW_EXAMPLE_NINOS = True
SECRET_KEY = "test-only-secret-key-not-for-any-real-deployment-0123456789abcdef"  # noqa: S105
CASEWORK_FIELD_KEYS = ["kz5H3sJ7wT0n2w8mZ7x1b4V6QkYw0sE1q9Xc3Rr8dPo="]
CASEWORK_BLIND_INDEX_KEY = "test-only-blind-index-key"  # noqa: S105
CASEWORK_AUDIT_KEY = "test-only-audit-key"  # noqa: S105
# Fast hashing in tests; the Argon2 setting itself is asserted against base settings.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CASEWORK_DOCUMENT_ROOT = Path(tempfile.mkdtemp(prefix="casework-test-documents-"))
