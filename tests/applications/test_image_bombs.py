"""An image declaring more pixels than MAX_IMAGE_PIXELS is refused from its header alone, with
a message naming the document; nothing is stored."""

import io
import struct
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
