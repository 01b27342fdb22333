"""Production settings refuse to start without real secrets and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings

from casework.settings import base

ROOT = Path(__file__).resolve().parents[3]


def manage(*args, env_extra=None, drop=()):
    # The browser tests relax Django's async-safety check for their own process; a deployment
    # must never inherit that.
    drop = (*drop, "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["DJANGO_SETTINGS_MODULE"] = "casework.settings.production"
    env.update(env_extra or {})
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "CASEWORK_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "CASEWORK_FIELD_KEYS": Fernet.generate_key().decode(),
    "CASEWORK_BLIND_INDEX_KEY": "production-blind-index-key-value",
    "CASEWORK_AUDIT_KEY": "production-audit-key-value-kept-outside-the-db",
    "DATABASE_URL": "sqlite:////tmp/casework-deploy-check.sqlite3",
    "ALLOWED_HOSTS": "casework.council.example",
}


def test_production_refuses_to_start_without_its_secrets_and_names_them():
    result = manage("check", drop=tuple(PRODUCTION_ENV))
    assert result.returncode != 0
    for name in PRODUCTION_ENV:
        assert name in result.stderr


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_passwords_are_hashed_with_argon2_and_must_be_long_and_uncommon():
    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    validators = {v["NAME"].rsplit(".", 1)[1]: v for v in base.AUTH_PASSWORD_VALIDATORS}
    assert validators["MinimumLengthValidator"]["OPTIONS"]["min_length"] >= 12
    assert "CommonPasswordValidator" in validators


def test_sessions_are_server_side_and_cookies_are_http_only():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CASEWORK_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.CASEWORK_SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
