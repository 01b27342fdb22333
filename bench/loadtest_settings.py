"""Settings for the load test only (bench/locustfile.py): production settings over plain HTTP on
loopback. NOT for any real deployment.

The production module is used as it is (DEBUG off, whitenoise, every secret from the environment),
except that the secrets come from a local key file when the environment lacks them (the national
dataset was built with one, bench/dataset.py), and HTTPS is not required, because gunicorn is
reached on 127.0.0.1 with no TLS proxy in front of it.

    CASEWORK_LOCAL_KEYS=var/local-keys.json   (default; the key file the dataset was built with)
"""

import json
import os
from pathlib import Path

_keyfile = Path(os.environ.get("CASEWORK_LOCAL_KEYS", "var/local-keys.json"))
_keys = json.loads(_keyfile.read_text())
os.environ.setdefault("CASEWORK_SECRET_KEY", _keys["secret_key"])
os.environ.setdefault("CASEWORK_FIELD_KEYS", ",".join(_keys["field_keys"]))
os.environ.setdefault("CASEWORK_BLIND_INDEX_KEY", _keys["blind_index_key"])
os.environ.setdefault("CASEWORK_AUDIT_KEY", _keys["audit_key"])
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from casework.settings.production import *  # noqa: E402, F403

# Loopback, no TLS: no redirect to https, cookies without the Secure flag (and so without the
# __Host- prefix, which requires it).
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_SECURE = False
CSRF_COOKIE_NAME = "csrftoken"
