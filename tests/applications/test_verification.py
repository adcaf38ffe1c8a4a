"""Receipts and letters carry a verification code and its QR code; /verify/<code> (public)
says whether the paper is genuine and still stands."""

import re
import secrets
import shutil
import subprocess
from decimal import Decimal
from functools import partial

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applications.access import access_application_for_review
from applications.models import Application, AuditEvent, Verification
from applications.services.submission import withdraw_application
from applications.services.verification import grouped, normalise_code
from applications.workflow import Status
from committees.models import AgendaItem, Letter
from committees.services.letters import generate_letter
from margin_money import services as aa
from margin_money.workflow import MarginMoneyStatus
from tests.applications.helpers import (
    MM_STEPS,
    approved_by_committee,
    make_applicant,
    officer,
    owner_access,
    submitted,
    submitted_toolkit,
)

pytestmark = pytest.mark.django_db
PDFTOTEXT = shutil.which("pdftotext")


def _ip() -> str:
    """A network address of its own per test: the allowance lives in the shared cache."""
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "paper.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _pages(pdf: bytes) -> int:
    """Pages as poppler's pdfinfo counts them."""
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _receipt(client, application, keep: str = "") -> bytes:
    client.force_login(application.applicant.user)
    response = client.get(reverse("applications:receipt", args=[application.pk]))
    assert response.status_code == 200
    client.logout()
    if keep:
        from tests.conftest import ARTIFACTS

        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / keep).write_bytes(response.content)
    return response.content


def _check(client, code: str, lang: str = "en", ip: str | None = None):
    client.cookies["django_language"] = lang
    return client.get(reverse("verify_letter", args=[code]), REMOTE_ADDR=ip or _ip())


@pytest.mark.skipif(not PDFTOTEXT, reason="poppler-utils")
def test_the_receipt_carries_its_number_code_and_qr_and_fits_one_page(client, tmp_path, settings, caplog):
    import logging

    settings.PORTAL_URL = "https://odop.example.in"
    application = submitted_toolkit()
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = _receipt(client, application, keep="receipt.pdf")
    # The QR code is an SVG drawn into the page; WeasyPrint warns when an image fails to load.
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    verification = Verification.objects.get(application=application)
    assert verification.kind == "receipt"
    assert verification.number == f"{application.reference_number}/ACK"
    assert verification.amount == application.benefit_amount
    assert re.fullmatch(r"[A-Z2-7]{16}", verification.code)
    text = _text(pdf, tmp_path)
    assert verification.number in text
    assert grouped(verification.code) in text
    assert f"https://odop.example.in/verify/{grouped(verification.code)}" in text
    assert "Deputy Commissioner Industries, Agra" in " ".join(text.split())
    assert _pages(pdf) == 1
    # The second download is the same receipt: same code, same number.
    _receipt(client, application)
    assert Verification.objects.filter(application=application).count() == 1


@pytest.mark.skipif(not PDFTOTEXT, reason="poppler-utils")
def test_the_receipt_fits_one_page_with_every_document_and_a_long_name(client):
    application = submitted_toolkit()
    application.applicant.full_name = "Ramprasad " * 14
    application.applicant.save(update_fields=["full_name"])
    assert application.documents.count() >= 3
    assert _pages(_receipt(client, application)) == 1


def test_codes_are_random_not_sequential(client):
    first = submitted_toolkit(make_applicant(seed=31))
    second = submitted_toolkit(make_applicant(seed=32))
    _receipt(client, first)
    _receipt(client, second)
    a, b = (Verification.objects.get(application=x).code for x in (first, second))
    assert a != b
    # 16 base-32 characters = 80 bits, from the system's random source.
    assert len(a) == len(b) == 16 and len({normalise_code(a), normalise_code(b)}) == 2


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_anyone_checks_a_receipt_and_sees_only_name_scheme_amount_and_date(client, lang):
    application = submitted_toolkit()
    _receipt(client, application)
    verification = Verification.objects.get(application=application)
    response = _check(client, grouped(verification.code).lower(), lang)
    assert response.status_code == 200
    page = response.content.decode()
    assert application.applicant.full_name in page
    assert verification.number in page
    assert "₹22,000" in page and timezone.localtime(verification.issued_at).strftime("%d-%m-%Y") in page
    with translation.override(lang):
        assert (
            translation.gettext("Genuine: this %(kind)s was issued by the portal.")
            % {"kind": verification.get_kind_display().lower()}
            in page
        )
        assert application.scheme.name in page
    applicant = application.applicant
    for private in (applicant.user.mobile, applicant.aadhaar_last4, applicant.address):
        assert private not in page
    assert response["Cache-Control"] == "private, no-store"


def test_an_unknown_code_and_a_malformed_one_get_the_same_answer(client):
    application = submitted_toolkit()
    _receipt(client, application)
    real = Verification.objects.get(application=application).code
    unknown = ("A" if real[0] != "A" else "B") + real[1:]
    answers = []
    for code in (grouped(unknown), "not-a-code", "../../etc", "1" * 300, "' OR 1=1 --", "x/y/z"):
        response = _check(client, code)
        body = response.content.decode()
        # What was typed is echoed back into the field (and the language switch's return
        # address); the CSRF token changes per response; everything else is the same.
        body = re.sub(r'name="code"[^>]*>|<input type="hidden"[^>]*>', "", body)
        answers.append((response.status_code, body))
    assert {status for status, _ in answers} == {404}
    assert len({body for _, body in answers}) == 1
    assert "No receipt or letter has this code." in answers[0][1]


def test_a_code_typed_in_the_form_is_checked_too(client):
    application = submitted_toolkit()
    _receipt(client, application)
    code = Verification.objects.get(application=application).code
    response = client.get(reverse("verify"), {"code": f" {code[:8].lower()} {code[8:]} "}, REMOTE_ADDR=_ip())
    assert response.status_code == 200
    assert application.applicant.full_name in response.content.decode()
    assert client.get(reverse("verify"), REMOTE_ADDR=_ip()).status_code == 200


def test_normalise_code_refuses_what_cannot_be_a_code():
    assert normalise_code("abcd-efgh-2345-6723") == "ABCDEFGH23456723"
    for raw in ("", "ABCD", "ABCDEFGH23456781", "ABCDEFGH23456720", "ÄBCDEFGH23456723", "A" * 17):
        assert normalise_code(raw) is None


def test_checks_are_rate_limited_per_network_address(client, settings):
    settings.VERIFY_MAX_PER_IP = 3
    application = submitted_toolkit()
    _receipt(client, application)
    code = grouped(Verification.objects.get(application=application).code)
    ip = _ip()
    assert [_check(client, code, ip=ip).status_code for _ in range(3)] == [200, 200, 200]
    refused = _check(client, code, ip=ip)
    assert refused.status_code == 429
    assert application.applicant.full_name not in refused.content.decode()
    # Unknown codes count as well, and another address is not held back.
    assert _check(client, "ZZZZ-ZZZZ-ZZZZ-ZZZZ", ip=ip).status_code == 429
    assert _check(client, code).status_code == 200


def test_a_withdrawn_application_makes_its_receipt_say_so(client):
    application = submitted_toolkit()
    _receipt(client, application)
    code = grouped(Verification.objects.get(application=application).code)
    withdraw_application(
        application_id=application.pk, user=application.applicant.user, access=owner_access(application)
    )
    page = _check(client, code).content.decode()
    assert "Issued by the portal, but the application no longer stands." in page
    assert str(Status.WITHDRAWN.label) in page


def _approved_mm():
    dic = officer()
    application = approved_by_committee(submitted(make_applicant(), "MM", MM_STEPS), dic, "dltfc")
    item = AgendaItem.objects.get(application=application, decision="approve")
    return application, dic, item


@pytest.mark.skipif(not PDFTOTEXT, reason="poppler-utils")
def test_the_sanction_letter_verifies_until_the_bank_refuses_the_loan(client, tmp_path):
    from districts.models import BankBranch
    from tests.factories import StaffFactory

    application, dic, item = _approved_mm()
    letter = generate_letter(item_id=item.pk, kind=Letter.Kind.SANCTION)
    verification = letter.verification
    assert verification.kind == "sanction"
    assert verification.number == f"{application.reference_number}/SL-{item.pk}"
    assert verification.amount == Decimal("375000.00")
    assert "Member-secretary" in verification.signatory_en
    with letter.file.open("rb") as handle:
        text = _text(handle.read(), tmp_path)
    assert grouped(verification.code) in text and verification.number in text
    code = grouped(verification.code)
    page = _check(client, code).content.decode()
    assert "Genuine: this sanction letter was issued by the portal." in page
    assert "₹3,75,000" in page

    branch, _ = BankBranch.objects.get_or_create(
        ifsc="SBIN0012345",
        defaults={
            "bank_name": "State Bank of India",
            "branch_name": "Sikandra",
            "district": application.district,
        },
    )
    aa.send_to_bank(
        application_id=application.pk,
        user=dic,
        access=partial(access_application_for_review, user=dic, pk=application.pk),
    )
    assert Application.objects.get(pk=application.pk).margin_money.bank_branch == branch
    bank = StaffFactory(role="bank_officer", username="bank.v", bank_branch=branch, district=branch.district)
    from margin_money.access import access_application_for_bank

    aa.refuse_loan(
        application_id=application.pk,
        user=bank,
        access=partial(access_application_for_bank, user=bank, pk=application.pk),
        reason="Project not viable.",
    )
    page = _check(client, code).content.decode()
    assert "Issued by the portal, but the sanction no longer stands." in page
    assert str(MarginMoneyStatus.LOAN_REFUSED.label) in page


def test_a_letter_generated_twice_keeps_one_verification():
    _, _, item = _approved_mm()
    generate_letter(item_id=item.pk, kind=Letter.Kind.SANCTION)
    events = AuditEvent.objects.count()
    assert generate_letter(item_id=item.pk, kind=Letter.Kind.SANCTION) is None
    assert Verification.objects.filter(kind="sanction").count() == 1
    assert AuditEvent.objects.count() == events


@pytest.mark.skipif(not PDFTOTEXT, reason="poppler-utils")
def test_hindi_copied_from_the_receipt_reads_right(client, tmp_path):
    """WeasyPrint maps a glyph to the text of the first cluster it is drawn in: after "जिला" the
    glyph ज copied as "जि" everywhere ("जिाँच"). applications.pdf rewrites the map from the font."""
    from unicodedata import normalize

    # NFC: the template may spell ज़ as one code point, the font's glyph as ज + nukta.
    text = normalize("NFC", " ".join(_text(_receipt(client, submitted_toolkit()), tmp_path).split()))
    for phrase in ("आपके आवेदन की जाँच करेगा।", "उपायुक्त उद्योग, आगरा", "प्रस्तुत दस्तावेज़", "इस पते पर जाँचें"):
        assert normalize("NFC", phrase) in text, phrase
    assert "जिाँच" not in text


@pytest.mark.skipif(not PDFTOTEXT, reason="poppler-utils")
def test_english_ligatures_copy_as_letters(client, tmp_path):
    text = " ".join(_text(_receipt(client, submitted_toolkit()), tmp_path).split())
    assert "Estimated benefit" in text and "ﬁ" not in text


@pytest.mark.django_db
def test_a_letter_code_names_its_letter_and_a_receipt_code_names_none():
    """The database refuses a sanction or rejection code without its letter, and a receipt's
    code that names a letter: a paper /verify/ calls genuine is always one the portal made."""
    from django.db import IntegrityError, transaction

    application = submitted_toolkit()

    def code(kind, **extra):
        return Verification(
            code=secrets.token_hex(8).upper()[:16],
            kind=kind,
            application=application,
            number=f"{application.reference_number}/{kind}-{secrets.token_hex(2)}",
            issued_at=timezone.now(),
            office_en="o",
            office_hi="o",
            signatory_en="s",
            signatory_hi="s",
            **extra,
        )

    for kind in (Verification.Kind.SANCTION, Verification.Kind.REJECTION):
        with pytest.raises(IntegrityError), transaction.atomic():
            code(kind).save()
    assert not Verification.objects.exclude(kind=Verification.Kind.RECEIPT).exists()
