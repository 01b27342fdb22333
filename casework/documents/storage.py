"""The document store: a directory outside the web root (CASEWORK_DOCUMENT_ROOT), each file
encrypted with the field keys (Fernet), named by a random id that says nothing about it."""

import secrets
from pathlib import Path

from django.conf import settings

from casework.core import crypto


def _root() -> Path:
    root = Path(settings.CASEWORK_DOCUMENT_ROOT)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def save(content: bytes) -> str:
    name = secrets.token_hex(16)
    path = _root() / name
    with open(path, "xb") as handle:
        handle.write(crypto.encrypt_bytes(content))
    return name


def read(name: str) -> bytes:
    return crypto.decrypt_bytes((_root() / name).read_bytes())


def delete(name: str) -> None:
    (_root() / name).unlink(missing_ok=True)
