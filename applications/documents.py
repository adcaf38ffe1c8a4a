"""Checking uploaded files by their content, never by their name."""

import hashlib
import shutil
import subprocess
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from accounts.exceptions import PortalError

# Leading bytes of the accepted formats.
SIGNATURES = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
]


class UploadRejected(PortalError):
    code = "upload_rejected"


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str


def megabytes(size: int) -> str:
    """A file size as people say it ("6.2 MB"), not in binary units ("6.0 MiB")."""
    value = size / (1024 * 1024)
    shown = (
        number_format(round(value), 0)
        if value >= 10 or value == int(value)
        else number_format(round(value, 1), 1)
    )
    return _("%(number)s MB") % {"number": shown}


def _check_image_header(upload: UploadedFile, label: str) -> None:
    """Refuse an image declaring more than MAX_IMAGE_PIXELS pixels (a few KB can declare
    60000 x 60000, which a browser then tries to draw), reading only its header: Pillow's
    `open` parses the header and decodes nothing."""
    limit = settings.MAX_IMAGE_PIXELS
    too_large = _(
        "%(document)s: this image is too large (more than %(limit)s megapixels). Photograph or scan "
        "it at a lower resolution, or upload it as a PDF."
    ) % {"document": label, "limit": f"{limit / 1_000_000:g}"}
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own limit and refuses above twice that; ours decides.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
    except Image.DecompressionBombError as exc:
        raise UploadRejected(too_large, field="file") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UploadRejected(
            _("%(document)s: this image cannot be read. Photograph or scan it again, or upload it as a PDF.")
            % {"document": label},
            field="file",
        ) from exc
    finally:
        upload.seek(0)
    if width * height > limit:
        raise UploadRejected(too_large, field="file")


def _largest_pdf_image(upload: UploadedFile) -> int | None:
    """The pixel count of the largest image inside a PDF, read by poppler's `pdfimages -list`
    from the images' dictionaries (nothing is decoded). None when poppler is not installed or
    cannot read the file: such a PDF is kept, and offered without a thumbnail."""
    pdfimages = shutil.which("pdfimages")
    if pdfimages is None:
        return None
    upload.seek(0)
    try:
        # Fixed arguments; the bytes go in on stdin, never on the command line.
        result = subprocess.run(  # noqa: S603
            _bounded([pdfimages, "-list", "-"]),
            input=upload.read(),
            capture_output=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    finally:
        upload.seek(0)
    largest = 0
    for line in result.stdout.decode("ascii", "replace").splitlines()[2:]:
        columns = line.split()
        if len(columns) > 4 and columns[3].isdigit() and columns[4].isdigit():
            largest = max(largest, int(columns[3]) * int(columns[4]))
    return largest


def _bounded(command: list[str]) -> list[str]:
    """`command` run under util-linux's prlimit: it may use THUMBNAIL_MEMORY_BYTES of memory and
    THUMBNAIL_CPU_SECONDS of CPU, whatever the PDF asks of it. prlimit sets the limits and execs
    the command, so no Python runs in the forked child (a `preexec_fn` would, in a threaded
    server, and a fork's clean-up of the other threads' objects once deleted the folder of the
    fonts a live thread was using). Without prlimit, the command runs with the timeout only."""
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        return command
    memory, seconds = settings.THUMBNAIL_MEMORY_BYTES, settings.THUMBNAIL_CPU_SECONDS
    return [prlimit, f"--as={memory}", f"--cpu={seconds}", "--", *command]


def check_upload(upload: UploadedFile, *, label: str = "") -> CheckedFile:
    """Accept PDF, JPEG and PNG only, judged by the first bytes; refuse empty and oversize files,
    and images of more than MAX_IMAGE_PIXELS pixels, on their own or inside a PDF. `label` names
    the document in messages."""
    label = label or _("The file")
    size = upload.size or 0
    if size == 0:
        raise UploadRejected(_("The file is empty. Choose the file again."), field="file")
    if size > settings.MAX_UPLOAD_BYTES:
        raise UploadRejected(
            _("The file is %(size)s; the limit is %(limit)s. Scan it at a lower resolution or as a PDF.")
            % {"size": megabytes(size), "limit": megabytes(settings.MAX_UPLOAD_BYTES)},
            field="file",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    match = next((entry for entry in SIGNATURES if head.startswith(entry[0])), None)
    if match is None:
        raise UploadRejected(
            _(
                "Only PDF, JPEG or PNG files can be uploaded; this file is something else, whatever its name says."
            ),
            field="file",
        )
    content_type, extension = match[1], match[2]
    if content_type.startswith("image/"):
        _check_image_header(upload, label)
    elif (_largest_pdf_image(upload) or 0) > settings.MAX_IMAGE_PIXELS:
        raise UploadRejected(
            _(
                "%(document)s: this PDF holds an image that is too large (more than %(limit)s "
                "megapixels). Scan it again at a lower resolution."
            )
            % {"document": label, "limit": f"{settings.MAX_IMAGE_PIXELS / 1_000_000:g}"},
            field="file",
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(content_type=content_type, extension=extension, size=size, sha256=digest.hexdigest())


def store_document(*, application, code: str, upload: UploadedFile, checked: CheckedFile, user):
    """Keep a checked upload as the file's current paper `code` under a random name; the earlier
    one stays, marked replaced. The caller holds the application's row lock."""
    from django.utils import timezone

    from applications.models import Document

    application.documents.filter(code=code, replaced_at__isnull=True).update(replaced_at=timezone.now())
    original_name = (upload.name or "")[:200]
    upload.name = f"upload{checked.extension}"
    return Document.objects.create(
        application=application,
        code=code,
        file=upload,
        original_name=original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )


THUMBNAIL_WIDTH = 480


def pdf_thumbnail(document) -> bytes | None:
    """A PNG of the first page of a PDF document, drawn once by poppler's pdftoppm and kept
    beside the documents (the caller has already checked that the user may see it). None when
    the PDF cannot be drawn within the child's memory and CPU bounds (and from then on): the
    page then offers the PDF itself. `-scale-to` bounds the picture whatever page size the PDF declares."""
    name = f"thumbnails/{document.pk}-{document.sha256[:16]}.png"
    undrawable = f"{name}.none"  # left when drawing failed, so that no later view tries again
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None or default_storage.exists(undrawable):
        return None
    try:
        # Fixed arguments; the document's bytes go in on stdin, never on the command line.
        result = subprocess.run(  # noqa: S603
            _bounded(
                [
                    pdftoppm,
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    "-scale-to",
                    str(THUMBNAIL_WIDTH),
                    "-",
                ]
            ),
            input=document.file.open("rb").read(),
            capture_output=True,
            timeout=settings.THUMBNAIL_CPU_SECONDS * 2,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        default_storage.save(undrawable, ContentFile(b""))
        return None
    finally:
        document.file.close()
    if not result.stdout.startswith(b"\x89PNG"):
        default_storage.save(undrawable, ContentFile(b""))
        return None
    default_storage.save(name, ContentFile(result.stdout))
    return result.stdout
