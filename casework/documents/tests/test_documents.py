"""Documents: checked by content (not name), size-limited, encrypted outside the web root, and
never served without the access check."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.documents.models import Document
from casework.testing.auth import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_document_store(settings, tmp_path):
    settings.CASEWORK_DOCUMENT_ROOT = tmp_path / "documents"


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n" + b"SECRET-HEALTH-LETTER" * 10
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(client, participant, name, content, **fields):
    data = {"kind": "cv", "title": "CV 2026", "source": "", **fields}
    if content is not None:
        data["file"] = SimpleUploadedFile(name, content)
    return client.post(reverse("documents:add", args=[participant.pk]), data)


def test_a_pdf_is_stored_encrypted_and_downloads_intact(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    response = upload(client, participant_a, "cv.pdf", PDF)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == "application/pdf"
    stored = (settings.CASEWORK_DOCUMENT_ROOT / document.storage_name).read_bytes()
    assert b"SECRET-HEALTH-LETTER" not in stored
    download = client.get(reverse("documents:download", args=[participant_a.pk, document.pk]))
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="cv.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]


def test_word_documents_are_recognised_by_their_contents(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    assert upload(client, participant_a, "Application.DOCX", docx_bytes()).status_code == 302


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", b"MZ\x90\x00 this is a windows program", "must be a PDF, Word"),
        ("photo.pdf", PNG, "is a PNG image, but its name ends in .pdf"),
        ("cv.docx", b"PK\x03\x04 not really a zip", "must be a PDF, Word"),
        ("cv.pdf", b"", "The selected file is empty"),
        ("cv.html", b"<script>alert(1)</script>", "must be a PDF, Word"),
    ],
)
def test_wrong_or_disguised_files_are_refused_with_a_message(
    client, world, participant_a, name, content, message
):
    sign_in(client, world.user("specialist_a"))
    html = upload(client, participant_a, name, content).content.decode()
    assert message in html
    assert 'href="#file"' in html
    assert Document.objects.count() == 0
    store = settings.CASEWORK_DOCUMENT_ROOT
    assert not store.exists() or not any(store.iterdir())


def test_files_over_the_size_limit_are_refused(client, world, participant_a, settings):
    settings.CASEWORK_DOCUMENT_MAX_BYTES = 1024 * 1024
    sign_in(client, world.user("specialist_a"))
    html = upload(client, participant_a, "big.pdf", PDF + b"0" * (1024 * 1024)).content.decode()
    assert "must be smaller than 1MB" in html
    assert Document.objects.count() == 0


def test_scanned_paper_records_say_where_they_came_from(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    html = upload(client, participant_a, "scan.pdf", PDF, kind="scanned_paper_record").content
    assert "Enter where the paper record came from" in html.decode()
    ok = upload(
        client, participant_a, "scan.pdf", PDF, kind="scanned_paper_record", source="GP letter"
    )
    assert ok.status_code == 302
    assert Document.objects.get().source == "GP letter"


def test_other_partners_get_404_for_the_list_the_upload_and_the_file(client, world, participant_a):
    sign_in(client, world.user("specialist_a"))
    upload(client, participant_a, "cv.pdf", PDF)
    document = Document.objects.get()
    sign_in(client, world.user("team_leader_b"))
    for url in (
        reverse("documents:list", args=[participant_a.pk]),
        reverse("documents:add", args=[participant_a.pk]),
        reverse("documents:download", args=[participant_a.pk, document.pk]),
    ):
        assert client.get(url).status_code == 404
    assert upload(client, participant_a, "x.pdf", PDF).status_code == 404
    assert Document.objects.count() == 1


def test_a_document_is_only_reachable_through_its_own_participant(
    client, world, participant_a, participant_b
):
    sign_in(client, world.user("specialist_a"))
    upload(client, participant_a, "cv.pdf", PDF)
    document = Document.objects.get()
    sign_in(client, world.user("dpo"))  # sees both participants
    wrong_pair = reverse("documents:download", args=[participant_b.pk, document.pk])
    assert client.get(wrong_pair).status_code == 404


def test_a_dpo_may_read_but_not_add_and_roles_without_special_category_may_not_open(
    client, world, participant_a
):
    sign_in(client, world.user("specialist_a"))
    upload(client, participant_a, "cv.pdf", PDF)
    document = Document.objects.get()
    download = reverse("documents:download", args=[participant_a.pk, document.pk])
    for name in ("auditor_a", "manager"):
        sign_in(client, world.user(name))
        assert client.get(download).status_code == 403
        assert (
            "CV 2026"
            in client.get(reverse("documents:list", args=[participant_a.pk])).content.decode()
        )
    sign_in(client, world.user("dpo"))
    assert (
        client.get(reverse("documents:download", args=[participant_a.pk, document.pk])).content
        == PDF
    )
    assert upload(client, participant_a, "y.pdf", PDF).status_code == 403
    assert Document.objects.count() == 1


def test_the_document_store_is_not_under_the_static_files():
    root = settings.CASEWORK_DOCUMENT_ROOT.resolve()
    for static_dir in settings.STATICFILES_DIRS:
        assert not root.is_relative_to(static_dir)


def test_a_download_is_one_audited_read(client, world, participant_a):
    from casework.audit.models import AuditEvent

    sign_in(client, world.user("specialist_a"))
    upload(client, participant_a, "cv.pdf", PDF)
    document = Document.objects.get()
    before = AuditEvent.objects.filter(action="participant.read").count()
    client.get(reverse("documents:download", args=[participant_a.pk, document.pk]))
    assert AuditEvent.objects.filter(action="participant.read").count() == before + 1


def odt_bomb(inflated_bytes: int) -> bytes:
    """A real zip bomb: an ODT whose `mimetype` entry starts as it should and then inflates to
    `inflated_bytes` of zeros, stored compressed (a few hundred KiB on the wire)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("mimetype", "w", force_zip64=True) as entry:
            entry.write(b"application/vnd.oasis.opendocument.text")
            chunk = b"\x00" * 2**20
            for _ in range(inflated_bytes // len(chunk)):
                entry.write(chunk)
        zf.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_reading_only_a_bounded_amount(client, world, participant_a):
    import tracemalloc

    bomb = odt_bomb(256 * 2**20)  # 256 MiB once inflated
    assert len(bomb) < settings.CASEWORK_DOCUMENT_MAX_BYTES
    sign_in(client, world.user("specialist_a"))
    tracemalloc.start()
    try:
        response = upload(client, participant_a, "letter.odt", bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    assert "must be a PDF" in response.content.decode()
    assert not Document.objects.exists()
    # The upload itself is held a few times over (request body, file, content); the inflated
    # entry never is.
    assert peak < 16 * len(bomb) + 32 * 2**20, f"peak {peak / 2**20:.0f} MiB"


def test_an_odt_with_a_normal_mimetype_entry_is_still_recognised(client, world, participant_a):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    sign_in(client, world.user("specialist_a"))
    assert upload(client, participant_a, "letter.odt", buffer.getvalue()).status_code == 302


def test_a_non_ascii_name_downloads_under_its_own_name(client, world, participant_a):
    """Issue 9.7: RFC 6266/5987 `filename*=`, with a plain ASCII fallback."""
    sign_in(client, world.user("specialist_a"))
    assert upload(client, participant_a, "Zoë’s CV.pdf", PDF).status_code == 302
    document = Document.objects.get()
    download = client.get(reverse("documents:download", args=[participant_a.pk, document.pk]))
    header = download["Content-Disposition"]
    assert header.startswith("attachment;")
    assert "filename*=utf-8''Zo%C3%AB%E2%80%99s%20CV.pdf" in header
    header.encode("latin-1")  # a header a browser can read
