"""An artisan applies for Training and Toolkit in Hindi on a phone; the Agra district office
takes it up, returns it for one paper, gets the corrected file and recommends it; the artisan
follows every step on the tracking page."""

import io
import re
import shutil
import subprocess

import pytest
from PIL import Image
from playwright.sync_api import expect

from accounts import sms
from applications.models import Application
from applications.workflow import TRANSITIONS, Status
from districts.models import District
from schemes.models import RequiredDocument
from schemes.templatetags.scheme_tags import inr
from tests.applications.helpers import aadhaar_number
from tests.browser.conftest import assert_fits_phone, guard_outside_requests, hindi, screenshot
from tests.conftest import ARTIFACTS, wait_for
from tests.factories import STAFF_PASSWORD, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOBILE = "9812345670"
SCHEME_HI = "प्रशिक्षण एवं टूलकिट"
RETURNED_CODE = "bank_passbook"
# Papers sent as phone photos; the others as PDFs.
PHOTOS = {"aadhaar", "craft_proof", "bank_passbook"}
RETURN_REASON = "The passbook photo is cut off; upload the full first page with the IFSC visible."
RECOMMENDATION = "Papers verified; a leather artisan of Tajganj with twelve years of work."
DESKTOP = {"width": 1280, "height": 900}


def minimal_pdf() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def minimal_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def otp_sent_to(mobile: str) -> str:
    message = wait_for(
        lambda: [m for m in sms.outbox if m.to == mobile], timeout=10, what=f"an SMS to {mobile}"
    )[-1]
    match = re.search(r"\b(\d{6})\b", message.body)
    assert match, message.body
    return match.group(1)


def upload(page, code: str, path) -> None:
    card = page.locator(f"#doc-{code}")
    card.locator(f"#file-{code}").set_input_files(str(path))
    with page.expect_navigation():
        card.locator("button[type=submit]").click()
    expect(page.locator(f"#doc-{code} .ok")).to_contain_text(path.name)
    expect(page.locator(".messages .message.success")).to_be_visible()


def timeline_entries(page) -> list[dict]:
    entries = page.locator(".timeline .timeline-entry")
    return [
        {
            "status": re.search(r"status-(\w+)", entries.nth(i).get_attribute("class")).group(1),
            "label": entries.nth(i).locator("strong").first.inner_text().strip(),
            "text": entries.nth(i).inner_text(),
        }
        for i in range(entries.count())
    ]


def test_artisan_applies_office_returns_one_paper_then_recommends(
    phone_page, browser, live_server, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    pdf_path = tmp_path / "paper.pdf"
    pdf_path.write_bytes(minimal_pdf())
    png_path = tmp_path / "photo.png"
    png_path.write_bytes(minimal_png())
    agra = District.objects.get(slug="agra")
    product = agra.products.order_by("name_en").first()
    documents = list(RequiredDocument.objects.filter(scheme__code="TT").order_by("position"))
    StaffFactory(username="dic.agra", district=agra)

    page = phone_page
    base = page.base_url

    # --- 1. Sign in with the mobile number and the SMS code, in Hindi. -------------------------
    page.goto(base + "/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "hi"
    assert page.get_by_role("heading", level=1).inner_text() == "अपने मोबाइल नंबर से साइन इन करें"
    assert_fits_phone(page)
    page.get_by_label("मोबाइल नंबर").fill(MOBILE)
    page.get_by_role("button", name="कोड भेजें").click()
    page.wait_for_url("**/accounts/login/verify/")
    assert page.get_by_role("heading", level=1).inner_text() == "कोड दर्ज करें"
    assert_fits_phone(page)
    page.get_by_label("वन-टाइम कोड (ओटीपी)").fill(otp_sent_to(MOBILE))
    page.locator("main").get_by_role("button", name="साइन इन").click()
    page.wait_for_url("**/applications/")
    assert_fits_phone(page)

    # --- 2. "Apply" before any profile leads to the profile, then back to the list. ------------
    toolkit_card = page.locator("main .card").filter(has=page.get_by_role("heading", name=SCHEME_HI))
    toolkit_card.locator("button[type=submit]").click()
    page.wait_for_url("**/applications/profile/")
    expect(page.locator(".messages .message.info")).to_be_visible()
    assert_fits_phone(page)

    page.locator("#id_full_name").fill("Ramesh Kumar")
    page.locator("#id_relative_name").fill("Suresh Kumar")
    page.locator("#id_gender").select_option("male")
    page.locator("#id_date_of_birth").fill("1985-04-10")
    page.locator("#id_social_category").select_option("general")
    page.locator("#id_is_up_native").check()
    page.locator("#id_address").fill("12 Tajganj, Agra")
    assert page.locator(f"#id_district option[value='{agra.pk}']").inner_text() == agra.name_hi
    page.locator("#id_district").select_option(str(agra.pk))
    page.locator("#id_pincode").fill("282001")
    page.locator("#id_bank_account_number").fill("123456789012")
    page.locator("#id_bank_ifsc").fill("SBIN0001234")
    page.locator("#id_aadhaar_number").fill(aadhaar_number(41))
    assert_fits_phone(page)
    screenshot(page, "application-profile-hindi")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/applications/")
    expect(page.locator(".messages .message.success")).to_be_visible()
    assert_fits_phone(page)

    # --- 3. Start Training and Toolkit, save the first step and finish later. -----------------
    toolkit_card.locator("button[type=submit]").click()
    page.wait_for_url("**/step/craft/")
    assert SCHEME_HI in page.get_by_role("heading", level=1).inner_text()
    assert page.locator(f"#id_product option[value='{product.pk}']").inner_text() == product.name_hi
    page.locator("#id_product").select_option(str(product.pk))
    page.locator("#id_craft").fill("चमड़े के जूते")
    page.locator("#id_experience_years").fill("12")
    assert_fits_phone(page)
    page.locator("main form button[name=save_and_leave]").click()
    page.wait_for_url("**/applications/")
    expect(page.locator(".messages .message.success")).to_be_visible()

    draft = page.locator(".application-item").filter(has=page.locator(".tag.status-draft"))
    expect(draft).to_have_count(1)
    assert draft.locator("a").inner_text() == SCHEME_HI
    assert_fits_phone(page)
    draft.locator("a").click()
    page.wait_for_url("**/step/history/")

    # The first step was kept, and the estimate follows the saved answers.
    application = Application.objects.get(applicant__user__mobile=MOBILE)
    assert application.details["craft"]["experience_years"] == "12"
    estimate = page.locator(".estimate")
    assert "पात्र" in estimate.locator(".verdict").inner_text()
    assert "पात्र नहीं" not in estimate.locator(".verdict").inner_text()
    assert "अनुमानित लाभ" in estimate.inner_text()
    assert application.benefit_amount is not None
    assert estimate.locator("strong .benefit-amount").inner_text() == inr(application.benefit_amount)

    page.get_by_label("क्या आपको किसी सरकारी योजना में इस काम का टूलकिट मिला है?").select_option("no")
    page.get_by_label("क्या आपके पति या पत्नी को इस योजना में प्रशिक्षण और टूलकिट मिल चुका है?").select_option("no")
    assert_fits_phone(page)
    screenshot(page, "application-step-estimate-hindi")
    page.locator("main form button[type=submit]:not([name])").click()
    page.wait_for_url("**/documents/")

    # --- Documents: every required paper, one at a time. -------------------------------------
    cards = page.locator(".documents-upload > li")
    expect(cards).to_have_count(len(documents))
    for document in documents:
        card = page.locator(f"#doc-{document.code}")
        assert card.locator("h2").inner_text().startswith(document.name_hi)
        upload(page, document.code, png_path if document.code in PHOTOS else pdf_path)
    expect(page.locator(".documents-upload .ok")).to_have_count(len(documents))
    assert_fits_phone(page)
    screenshot(page, "application-documents-hindi")

    page.locator("main > p > a.button[href$='/review/']").click()
    page.wait_for_url("**/review/")
    expect(page.locator("main .form-errors")).to_have_count(0)  # nothing left to upload
    assert "चमड़े के जूते" in page.locator("main").inner_text()
    assert product.name_hi in page.locator("main").inner_text()
    assert_fits_phone(page)
    screenshot(page, "application-review-hindi")

    page.locator("#submit-application").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    application.refresh_from_db()
    reference = application.reference_number
    assert re.fullmatch(r"ODOP/TT/AGR/\d{4}-\d{2}/\d{6}", reference), reference
    assert reference in page.locator(".messages").inner_text()
    assert reference in page.get_by_role("heading", level=1).inner_text()
    assert [e["status"] for e in timeline_entries(page)] == ["submitted"]
    assert_fits_phone(page)

    # The receipt, as a PDF download.
    with page.expect_download() as download_info:
        page.locator(f"a[href='/applications/{application.pk}/receipt.pdf']").click()
    download = download_info.value
    receipt = download.path().read_bytes()
    assert receipt.startswith(b"%PDF")
    assert len(receipt) > 5_000
    assert download.suggested_filename == f"receipt-{reference.replace('/', '-')}.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "application-receipt.pdf").write_bytes(receipt)
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                str(ARTIFACTS / "application-receipt.pdf"), str(ARTIFACTS / "application-receipt-page1"),
            ],
            check=True,
            timeout=60,
        )  # fmt: skip
        assert (ARTIFACTS / "application-receipt-page1.png").stat().st_size > 1_000

    # --- 4. The Agra officer, in English, takes the file up and returns one paper. ------------
    office = browser.new_context(viewport=DESKTOP, locale="hi-IN")
    officer = office.new_page()
    officer_outside = guard_outside_requests(officer, live_server.url)
    try:
        officer.goto(base + "/accounts/staff/login/")
        assert officer.locator("html").get_attribute("lang") == "hi"
        officer.get_by_role("button", name="English").click()
        expect(officer.locator("html")).to_have_attribute("lang", "en")
        officer.wait_for_url("**/accounts/staff/login/")
        officer.get_by_label("Username").fill("dic.agra")
        officer.get_by_label("Password").fill(STAFF_PASSWORD)
        officer.locator("main").get_by_role("button", name="Sign in").click()
        officer.wait_for_url("**/accounts/staff/")
        officer.get_by_role("navigation", name="Main").get_by_role("link", name="Work queue").click()
        officer.wait_for_url("**/applications/office/")
        row = officer.locator("table.queue tbody tr").filter(has_text=reference)
        expect(row).to_have_count(1)
        expect(row.locator(".tag.status-submitted")).to_be_visible()
        row.get_by_role("link", name=reference).click()
        officer.wait_for_url(f"**/applications/office/{application.pk}/")

        # The answers as the artisan gave them, in words (the product by name, not its number).
        answers = officer.locator("details.file-section").filter(
            has=officer.get_by_role("heading", name="Application", exact=True)
        )
        answers.locator("summary").click()  # the file's sections are folded on the screen
        expect(answers.get_by_role("heading", name="Your craft")).to_be_visible()
        expect(answers.locator("dd").filter(has_text=product.name_en)).to_have_count(1)
        expect(answers.locator("dd").filter(has_text="चमड़े के जूते")).to_have_count(1)

        officer.get_by_role("button", name="Take up for scrutiny").click()
        expect(officer.locator(".messages")).to_contain_text("Taken up for scrutiny")
        expect(officer.get_by_role("button", name="Mark verified")).to_have_count(len(documents))

        returned = next(d for d in documents if d.code == RETURNED_CODE)
        officer.locator("summary", has_text="Return for correction").click()
        officer.get_by_role("checkbox", name=returned.name_en).check()
        officer.get_by_label("What the applicant must do").fill(RETURN_REASON)
        officer.get_by_role("button", name="Return to the applicant").click()
        expect(officer.locator(".messages")).to_contain_text("Returned to the applicant for correction.")
        assert "Returned for correction" in officer.get_by_role("heading", level=1).inner_text()

        # --- 5. The artisan sees what to correct, uploads the paper again, sends it back. -----
        page.goto(base + "/applications/")
        item = page.locator(".application-item").filter(has=page.locator(".tag.status-returned"))
        expect(item).to_have_count(1)
        expect(item.locator(".error")).to_be_visible()  # "correction needed"
        assert reference in item.inner_text()
        assert_fits_phone(page)
        item.locator("a").click()
        page.wait_for_url(f"**/applications/{application.pk}/")
        todo = page.locator("#what-to-do")
        expect(todo).to_be_visible()
        assert RETURN_REASON in todo.locator(".reason").inner_text()
        assert_fits_phone(page)
        screenshot(page, "application-tracking-returned-hindi")
        todo.get_by_role("link", name=returned.name_hi).click()
        page.wait_for_url(f"**/applications/{application.pk}/documents/#doc-{RETURNED_CODE}")

        flagged = page.locator(f"#doc-{RETURNED_CODE}")
        expect(flagged).to_have_class(re.compile(r"\bflagged\b"))
        expect(flagged.locator(".error")).to_be_visible()
        # Only the paper the office asked for can be changed.
        expect(page.locator(".documents-upload input[type=file]")).to_have_count(1)
        upload(page, RETURNED_CODE, pdf_path)
        assert "paper.pdf" in flagged.locator(".ok").inner_text()
        assert_fits_phone(page)

        page.locator("main > p > a.button[href$='/review/']").click()
        page.wait_for_url("**/review/")
        assert_fits_phone(page)
        page.locator("#submit-application").click()
        page.wait_for_url(f"**/applications/{application.pk}/")
        expect(page.locator(".tag.status-under_scrutiny")).to_be_visible()
        expect(page.locator("#what-to-do")).to_have_count(0)
        assert_fits_phone(page)

        # --- 6. The officer verifies every paper and recommends the file. --------------------
        officer.reload()
        verify = officer.get_by_role("button", name="Mark verified")
        expect(verify).to_have_count(len(documents))
        for remaining in range(len(documents), 0, -1):
            verify.first.click()
            expect(verify).to_have_count(remaining - 1)
        expect(officer.locator("ul.documents .ok")).to_have_count(len(documents))
        officer.get_by_label("Recommendation for the committee").fill(RECOMMENDATION)
        officer.get_by_role("button", name="Recommend", exact=True).click()
        expect(officer.locator(".messages")).to_contain_text("Recommended to the committee.")
        history = officer.locator("table.stack tbody tr")
        officer.locator("summary").filter(has_text="History").click()
        # The history in words, not codes: "Recommended to the committee (Under scrutiny → ...)".
        recommend = TRANSITIONS["recommend"]
        actions = history.locator("td:nth-child(2)")
        expect(actions.filter(has_text=re.compile("^" + re.escape(str(recommend.label))))).to_have_count(1)
        expect(history.filter(has_text="under_scrutiny")).to_have_count(0)
        officer.locator("summary").filter(has_text="Internal notes").click()
        assert RECOMMENDATION in officer.locator("main").inner_text()
        screenshot(officer, "application-officer-file-recommended")
    finally:
        office.close()
    assert officer_outside == [], f"requests left the portal (CDN?): {officer_outside}"

    # --- 7. The artisan's timeline tells the whole story. ------------------------------------
    # A recommended file then goes by itself onto its committee's next agenda.
    application.refresh_from_db()
    assert application.status in (Status.RECOMMENDED, Status.ON_AGENDA)
    moves = ["submit", "take_up", "return", "resubmit", "recommend"]
    if application.status == Status.ON_AGENDA:
        moves.append("place_on_agenda")
    page.reload()
    expect(page.locator(f".status-box .tag.status-{application.status}")).to_be_visible()
    entries = timeline_entries(page)
    assert [e["status"] for e in entries] == [TRANSITIONS[move].target for move in moves]
    assert [e["label"] for e in entries] == [hindi(TRANSITIONS[move].label) for move in moves]
    assert RETURN_REASON in entries[2]["text"]
    assert all(RETURN_REASON not in e["text"] for i, e in enumerate(entries) if i != 2)
    # The recommendation is the office's word to the committee, not a message to the artisan.
    assert RECOMMENDATION not in page.locator("main").inner_text()
    assert_fits_phone(page)
    screenshot(page, "application-tracking-timeline-hindi")
