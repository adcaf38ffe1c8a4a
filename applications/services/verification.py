"""Verification codes for the receipts and letters the portal issues.

A code is 80 random bits written in base 32 (16 letters and digits, shown in groups of four),
never derived from an id or a counter, so it can be neither guessed nor enumerated; the public
page that reads it is rate limited as well. The paper carries the code, a QR code of the
verification address, the letter number, the issue date, the issuing office and the signatory."""

import base64
import re
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Verification

CODE_LENGTH = 16
_CODE_RE = re.compile(r"^[A-Z2-7]{16}$")


def new_code() -> str:
    return base64.b32encode(secrets.token_bytes(10)).decode("ascii")


def normalise_code(raw: str) -> str | None:
    """The code as stored, from what someone typed or scanned (any case, spaces or dashes), or
    None when it cannot be a code at all."""
    code = re.sub(r"[\s-]", "", raw or "").upper()
    return code if _CODE_RE.match(code) else None


def grouped(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def verification_url(code: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + reverse("verify_letter", args=[grouped(code)])


def qr_data_uri(url: str) -> str:
    """The QR code of `url` as an SVG data URI, drawn here (no network)."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000")


def _district_office(application: Application) -> tuple[str, str]:
    district = application.district
    return (
        f"District Industries and Enterprise Promotion Centre, {district.name_en}",
        f"जिला उद्योग एवं उद्यम प्रोत्साहन केन्द्र, {district.name_hi}",
    )


def _benefit(application: Application) -> Decimal | None:
    return application.benefit_amount


def issue_receipt(*, application: Application) -> Verification:
    """The verification of a submitted application's receipt, made on its first download and the
    same on every later one (the unique constraint settles two first downloads at once)."""
    existing = Verification.objects.filter(application=application, kind=Verification.Kind.RECEIPT).first()
    if existing is not None:
        return existing
    office_en, office_hi = _district_office(application)
    district = application.district
    verification = Verification(
        code=new_code(),
        kind=Verification.Kind.RECEIPT,
        application=application,
        number=f"{application.reference_number}/ACK",
        issued_at=timezone.now(),
        office_en=office_en,
        office_hi=office_hi,
        signatory_en=f"Deputy Commissioner Industries, {district.name_en} (issued electronically)",
        signatory_hi=f"उपायुक्त उद्योग, {district.name_hi} (इलेक्ट्रॉनिक रूप से जारी)",
        amount=_benefit(application),
    )
    try:
        with transaction.atomic():
            verification.save()
    except IntegrityError:
        return Verification.objects.get(application=application, kind=Verification.Kind.RECEIPT)
    return verification


def allow_verification_check(*, ip: str | None) -> bool:
    """Count one check from this network address; False once it has made VERIFY_MAX_PER_IP in
    the current window (fixed windows in the cache, shared by every web process through Redis)."""
    from django.core.cache import cache

    window = settings.VERIFY_RATE_WINDOW_MINUTES * 60
    key = f"verify-checks:{ip or 'unknown'}:{int(timezone.now().timestamp()) // window}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= settings.VERIFY_MAX_PER_IP


def printed_verification(verification: Verification) -> dict:
    """What a PDF prints of its verification: the code in groups, the address and its QR code."""
    url = verification_url(verification.code)
    return {
        "verification": verification,
        "verify_code": grouped(verification.code),
        "verify_url": url,
        "verify_qr": qr_data_uri(url),
    }
