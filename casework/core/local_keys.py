"""Keys for local use, generated into var/ on first run. Production never uses this module."""

import json
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet


def _new_keys() -> dict:
    return {
        "secret_key": secrets.token_urlsafe(50),
        "field_keys": [Fernet.generate_key().decode()],
        "blind_index_key": secrets.token_urlsafe(32),
        "audit_key": secrets.token_urlsafe(32),
    }


def load_or_create_local_keys(path: Path) -> dict:
    if path.exists():
        keys = json.loads(path.read_text())
        missing = {name: value for name, value in _new_keys().items() if name not in keys}
        if missing:  # a key file from before a key was added: add the new one, keep the rest
            keys.update(missing)
            path.write_text(json.dumps(keys, indent=2))
        return keys
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = _new_keys()
    # Written readable by the owner only; created exclusively so two first runs cannot race.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(keys, handle, indent=2)
    return keys
