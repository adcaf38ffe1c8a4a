"""An image declaring more pixels than MAX_IMAGE_PIXELS is refused from its header alone, with
a message naming the document; nothing is stored."""

import io
import struct
import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from applications.documents import UploadRejected, check_upload
from applications.models import Document
from tests.applications.helpers import make_applicant, png_upload, toolkit_draft


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 60000, height: int = 60000) -> bytes:
    """A tiny PNG whose header declares width x height pixels (the data is a few rows only)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\x00" + b"\x00" * width, 9)  # one row: decoding the rest would run away
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def _jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


def test_the_bomb_is_small_and_declares_sixty_thousand_squared():
    data = png_bomb()
    assert len(data) < 1600
    assert data[16:24] == struct.pack(">II", 60000, 60000)


@pytest.mark.parametrize("data", [png_bomb(), png_bomb(8000, 7000)], ids=["60000x60000", "8000x7000"])
def test_an_image_beyond_the_pixel_limit_is_refused(data):
    with pytest.raises(UploadRejected, match="megapixels") as info:
        check_upload(SimpleUploadedFile("photo.png", data), label="Photograph")
    assert info.value.field == "file"
    assert "Photograph" in str(info.value.message)


def test_the_limit_is_a_setting(settings):
    settings.MAX_IMAGE_PIXELS = 100
    with pytest.raises(UploadRejected, match="megapixels"):
        check_upload(SimpleUploadedFile("photo.jpg", _jpeg(20, 20)), label="Photograph")
    settings.MAX_IMAGE_PIXELS = 400
    assert check_upload(SimpleUploadedFile("photo.jpg", _jpeg(20, 20))).content_type == "image/jpeg"


def test_an_image_whose_header_cannot_be_read_is_refused():
    with pytest.raises(UploadRejected, match="cannot be read"):
        check_upload(SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40), label="Photograph")


def test_a_sane_photograph_passes():
    assert check_upload(png_upload()).content_type == "image/png"


@pytest.mark.django_db
def test_the_documents_page_names_the_document_and_stores_nothing(client):
    application = toolkit_draft(make_applicant(seed=961))
    document = application.scheme.documents.first()
    before = Document.objects.count()
    client.force_login(application.applicant.user)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("applications:documents", args=[application.pk]),
        {"code": document.code, "file": SimpleUploadedFile("scan.png", png_bomb())},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "megapixels" in html and f"{document.name_en}:" in html
    assert Document.objects.count() == before


DRAW_IMAGE = b"q 595 0 0 842 0 0 cm /Im0 Do Q"


def pdf_with_image(width: int, height: int) -> bytes:
    """A one-page PDF whose image declares width x height grey pixels, its data a few bytes."""
    data = zlib.compress(b"\x00" * 64)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >>"
        b" /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (width, height, len(data))
        + data
        + b"\nendstream",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(DRAW_IMAGE), DRAW_IMAGE),
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_a_pdf_holding_an_image_beyond_the_pixel_limit_is_refused():
    bomb = pdf_with_image(60000, 60000)
    assert len(bomb) < 1200
    with pytest.raises(UploadRejected, match="PDF holds an image that is too large") as info:
        check_upload(SimpleUploadedFile("scan.pdf", bomb), label="Caste certificate")
    assert info.value.field == "file"
    assert "Caste certificate" in str(info.value.message)


def test_a_pdf_scanned_at_a_sane_resolution_is_accepted(settings):
    # An A4 page at 600 dpi: 4961 x 7016, 35 megapixels.
    assert (
        check_upload(SimpleUploadedFile("scan.pdf", pdf_with_image(4961, 7016))).content_type
        == "application/pdf"
    )
    settings.MAX_IMAGE_PIXELS = 30_000_000
    with pytest.raises(UploadRejected, match="too large"):
        check_upload(SimpleUploadedFile("scan.pdf", pdf_with_image(4961, 7016)))


@pytest.mark.django_db
def test_drawing_a_thumbnail_is_bounded_and_not_tried_again(settings):
    """A PDF whose image takes poppler seconds of CPU to draw (one uploaded before the check, say):
    the child is stopped at its CPU bound, the page offers the PDF itself instead of a picture,
    and later views do not draw it again."""
    from applications.documents import pdf_thumbnail

    settings.THUMBNAIL_CPU_SECONDS = 1
    application = toolkit_draft(make_applicant())

    def document(width, height, sha256, code):
        return Document.objects.create(
            application=application,
            code=code,
            file=SimpleUploadedFile("upload.pdf", pdf_with_image(width, height)),
            content_type="application/pdf",
            size=1000,
            sha256=sha256,
            uploaded_by=application.applicant.user,
        )

    heavy = document(60000, 60000, "0" * 64, "identity")  # 8.5 s of CPU unbounded, measured
    started = time.monotonic()
    assert pdf_thumbnail(heavy) is None
    assert time.monotonic() - started < 5
    started = time.monotonic()
    assert pdf_thumbnail(heavy) is None
    assert time.monotonic() - started < 0.5
    assert pdf_thumbnail(document(600, 800, "1" * 64, "photo")).startswith(b"\x89PNG")
