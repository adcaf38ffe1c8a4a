import io
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from applications.documents import UploadRejected, check_upload
from applications.models import Applicant, Document
from applications.services.errors import ApplicationError
from applications.services.submission import upload_document
from tests.applications.helpers import (
    PDF_BYTES,
    aadhaar_number,
    make_applicant,
    owner_access,
    png_upload,
    toolkit_draft,
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.pdf", b"", "The file is empty"),
        ("virus.pdf", b"MZ\x90\x00 this is a windows program", "Only PDF, JPEG or PNG"),
        ("photo.png", b"GIF89a not a png at all", "Only PDF, JPEG or PNG"),
        ("notes.txt", b"plain words", "Only PDF, JPEG or PNG"),
    ],
)
def test_uploads_are_judged_by_content(name, content, message):
    with pytest.raises(UploadRejected, match=message) as info:
        check_upload(SimpleUploadedFile(name, content))
    assert info.value.field == "file"


def test_oversize_upload_is_refused_with_the_sizes(settings):
    from django.utils import translation

    settings.MAX_UPLOAD_BYTES = 5 * 1024 * 1024
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (6_500_000 - len(PDF_BYTES)))
    with translation.override("en"), pytest.raises(UploadRejected) as english:
        check_upload(big)
    assert "The file is 6.2 MB; the limit is 5 MB." in str(english.value.message)
    # In Hindi in decimal megabytes, as people say it, not "6.0 मेबी".
    with translation.override("hi"), pytest.raises(UploadRejected) as hindi:
        check_upload(big)
    assert "6.2 एमबी" in str(hindi.value.message) and "5 एमबी" in str(hindi.value.message)
    assert "मेबी" not in str(hindi.value.message)


def _jpeg_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


def test_accepted_formats_get_their_real_type_whatever_the_name():
    assert check_upload(SimpleUploadedFile("scan.jpeg.exe", _jpeg_bytes())).content_type == "image/jpeg"
    assert check_upload(png_upload("scan.pdf")).content_type == "image/png"
    assert check_upload(SimpleUploadedFile("a.bin", PDF_BYTES)).content_type == "application/pdf"


@pytest.mark.django_db
def test_stored_under_a_random_name_outside_static_and_replaced_versions_kept(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    application = toolkit_draft(make_applicant())
    document = application.documents.get(code="aadhaar", replaced_at__isnull=True)
    assert "paper" not in document.file.name and document.file.name.startswith("documents/")
    assert str(settings.STATIC_ROOT) not in document.file.path
    upload_document(
        application_id=application.pk,
        code="aadhaar",
        upload=png_upload(),
        user=application.applicant.user,
        access=owner_access(application),
    )
    assert application.documents.filter(code="aadhaar").count() == 2
    assert (
        application.documents.filter(code="aadhaar", replaced_at__isnull=True).get().content_type
        == "image/png"
    )


@pytest.mark.django_db
def test_rejected_upload_on_the_page_says_why_and_keeps_the_rest(client):
    application = toolkit_draft(make_applicant())
    client.force_login(application.applicant.user)
    client.cookies["django_language"] = "en"
    before = Document.objects.filter(application=application).count()
    response = client.post(
        reverse("applications:documents", args=[application.pk]),
        {"code": "craft_proof", "file": SimpleUploadedFile("craft.pdf", b"hello")},
    )
    assert response.status_code == 200
    assert "Only PDF, JPEG or PNG files can be uploaded" in response.content.decode()
    assert Document.objects.filter(application=application).count() == before
    assert application.details == type(application).objects.get(pk=application.pk).details


@pytest.mark.django_db
def test_document_not_asked_for_is_refused():
    application = toolkit_draft(make_applicant())
    with pytest.raises(ApplicationError, match="not asked for"):
        upload_document(
            application_id=application.pk,
            code="project_report",
            upload=png_upload(),
            user=application.applicant.user,
            access=owner_access(application),
        )


@pytest.mark.django_db
def test_aadhaar_is_never_stored_or_logged_in_the_clear(caplog, client):
    number = aadhaar_number(77)
    spouse = aadhaar_number(78)
    with caplog.at_level(logging.DEBUG):
        applicant = make_applicant(seed=77, spouse_seed=78)
        client.force_login(applicant.user)
        client.get(reverse("applications:profile"))
    assert applicant.aadhaar_last4 == number[-4:]
    assert number not in caplog.text and spouse not in caplog.text
    # Nowhere in any table: dump every text column of every applications/accounts table.
    with connection.cursor() as cursor:
        for model in (Applicant,):
            table = model._meta.db_table
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - table name from the model
            dump = repr(cursor.fetchall())
            assert number not in dump and spouse not in dump
            assert number[:8] not in dump
    page = client.get(reverse("applications:profile")).content.decode()
    assert number not in page and f"XXXX XXXX {number[-4:]}" in page


@pytest.mark.django_db
def test_same_aadhaar_cannot_register_twice():
    make_applicant(seed=5)
    with pytest.raises(ApplicationError) as info:
        make_applicant(seed=5)
    assert info.value.field == "aadhaar_number"


@pytest.mark.django_db
def test_invalid_aadhaar_is_refused_naming_the_field(client):
    from tests.factories import ArtisanFactory

    user = ArtisanFactory()
    client.force_login(user)
    client.cookies["django_language"] = "hi"
    response = client.post(
        reverse("applications:profile"), {"full_name": "Sita", "aadhaar_number": "234123412347"}
    )
    assert response.status_code == 200
    assert "आधार" in response.content.decode()
    assert response.context["form"].errors["aadhaar_number"]
    assert 'value="Sita"' in response.content.decode()
    assert not Applicant.objects.filter(user=user).exists()


def test_png_helper_really_is_png():
    data = png_upload().read()
    assert io.BytesIO(data).read(8) == b"\x89PNG\r\n\x1a\n"
