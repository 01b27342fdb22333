"""What a file really is, from its first bytes (and, for office documents, its zip contents),
never from its name. See docs/decisions/0004-document-type-sniffing.md."""

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    content_type: str
    label: str
    extensions: tuple[str, ...]


PDF = FileType("application/pdf", "PDF", (".pdf",))
PNG = FileType("image/png", "PNG image", (".png",))
JPEG = FileType("image/jpeg", "JPEG image", (".jpg", ".jpeg"))
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word document",
    (".docx",),
)
ODT = FileType("application/vnd.oasis.opendocument.text", "OpenDocument text", (".odt",))
ALLOWED = (PDF, PNG, JPEG, DOCX, ODT)
ALLOWED_LABELS = "PDF, Word (.docx), OpenDocument text (.odt), JPEG or PNG"


ODT_MIMETYPE = ODT.content_type.encode()


def _starts_entry(archive: zipfile.ZipFile, name: str, limit: int = len(ODT_MIMETYPE)) -> bytes:
    """At most `limit` + 1 bytes of an entry, whatever it claims or inflates to: a zip bomb's
    entry is never read whole (it is the extra byte that tells a longer entry apart)."""
    with archive.open(name) as entry:
        return entry.read(limit + 1)


def _zip_type(content: bytes) -> FileType | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
        if "mimetype" in names and _starts_entry(archive, "mimetype") == ODT_MIMETYPE:
            return ODT
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, EOFError):
        return None
    return None


def sniff(content: bytes) -> FileType | None:
    """The file's type, or None when it is none of the allowed types."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        return _zip_type(content)
    return None
