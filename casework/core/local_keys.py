"""Keys for local use, generated into var/ on first run. Production never uses this module."""

import json
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet


def load_or_create_local_keys(path: Path) -> dict:
    if path.exists():
        return json.loads(path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = {
        "secret_key": secrets.token_urlsafe(50),
        "field_keys": [Fernet.generate_key().decode()],
        "blind_index_key": secrets.token_urlsafe(32),
    }
    # Written readable by the owner only; created exclusively so two first runs cannot race.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(keys, handle, indent=2)
    return keys
