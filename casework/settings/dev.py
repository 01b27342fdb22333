"""Local development on the embedded SQLite default. Keys are generated into var/ on first run
and kept there, so data encrypted yesterday still decrypts today."""

from casework.core.local_keys import load_or_create_local_keys
from casework.settings.base import *  # noqa: F403
from casework.settings.base import VAR_DIR

DEBUG = True
CASEWORK_ALLOW_EXAMPLE_NINOS = True

_keys = load_or_create_local_keys(VAR_DIR / "local-keys.json")
SECRET_KEY = _keys["secret_key"]
CASEWORK_FIELD_KEYS = _keys["field_keys"]
CASEWORK_BLIND_INDEX_KEY = _keys["blind_index_key"]
CASEWORK_AUDIT_KEY = _keys["audit_key"]
