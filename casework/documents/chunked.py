"""Large files in the document store (a DWP monthly return, an evaluation extract and its list
of members), written and read in constant memory: the file is encrypted in chunks of 1 MiB, one
Fernet token per line (a token never holds a newline), so a file of 500,000 rows is never held
whole in memory. The store's own `delete` removes them, as the disposal engine does for
documents."""

import hashlib
import secrets
from collections.abc import Iterator

from casework.core import crypto
from casework.documents import storage

CHUNK = 1 << 20


class EncryptedWriter:
    """A binary file-like object: write() plain bytes; close() returns (name, sha256, size)."""

    def __init__(self, name: str | None = None):
        self.name = name or secrets.token_hex(16)
        self._handle = open(storage._root() / self.name, "xb")  # noqa: SIM115
        self._buffer = bytearray()
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes | str) -> int:
        if isinstance(data, str):
            data = data.encode("utf-8")
        self._buffer += data
        self._hash.update(data)
        self.size += len(data)
        if len(self._buffer) >= CHUNK:
            self._flush()
        return len(data)

    def _flush(self) -> None:
        if self._buffer:
            self._handle.write(crypto.encrypt_bytes(bytes(self._buffer)) + b"\n")
            self._buffer.clear()

    def close(self) -> tuple[str, str, int]:
        self._flush()
        self._handle.close()
        return self.name, self._hash.hexdigest(), self.size

    def abandon(self) -> None:
        self._handle.close()
        storage.delete(self.name)


def chunks(name: str) -> Iterator[bytes]:
    """The plain content of a stored file, a chunk at a time."""
    with open(storage._root() / name, "rb") as handle:
        for line in handle:
            line = line.rstrip(b"\n")
            if line:
                yield crypto.decrypt_bytes(line)


def lines(name: str) -> Iterator[str]:
    """The stored file's text lines (a CSV's records hold no newline: see services)."""
    rest = b""
    for chunk in chunks(name):
        rest += chunk
        *whole, rest = rest.split(b"\n")
        for line in whole:
            yield line.decode("utf-8").rstrip("\r")
    if rest:
        yield rest.decode("utf-8").rstrip("\r")


def records(name: str, size: int) -> Iterator[bytes]:
    """The stored file's fixed-size records (a chunk's end may fall inside one)."""
    rest = b""
    for chunk in chunks(name):
        rest += chunk
        whole = len(rest) - len(rest) % size
        for at in range(0, whole, size):
            yield rest[at : at + size]
        rest = rest[whole:]


def read_all(name: str) -> bytes:
    """The whole plain content (for a small file, or a test)."""
    return b"".join(chunks(name))
