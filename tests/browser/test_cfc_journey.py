"""A Common Facility Centre proposal after its DPR: the ODOP cell records the appraisal in the
browser (refused once, with the field named and what was typed kept); the state committee gives
the final approval; the department's sanction, the agreement and the first instalment follow;
then the SPV, on a phone in Hindi, uploads its utilisation certificate (refused once) and sees
every step of its proposal on the tracking page."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import sms
from applications.models import Application
from applications.workflow import TRANSITIONS
from cfc import services as grant
from cfc.models import CfcGrant, UtilisationReport
from cfc.workflow import CfcStatus
from tests.applications.helpers import PDF_BYTES, approved_by_committee, make_applicant, officer, submitted
from tests.browser.conftest import PHONE, assert_fits_phone, hindi, new_otp_sent_to, screenshot
from tests.cfc.test_cfc_instalments import (
    CFC_STEPS,
    _dic,
    _odop_cell,
    _state,
    _state_meeting_decides,
)
from tests.factories import STAFF_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def test_odop_cell_appraises_and_the_spv_certifies_use_on_a_phone(browser, live_server, tmp_path):
    base = live_server.url
    today = timezone.localdate()
    dic = officer(username="dic.agra")
    application = approved_by_committee(submitted(make_applicant(seed=500), "CFC", CFC_STEPS), dic, "dlc")
    application = _state_meeting_decides(application)
    assert application.status == CfcStatus.IN_PRINCIPLE
    grant.record_dpr(
        application_id=application.pk, user=dic, access=_dic(dic, application), received_on=today
    )
    reference = application.reference_number
    report = tmp_path / "appraisal.pdf"
    report.write_bytes(PDF_BYTES)

    # --- 1. The ODOP cell, in English at a desk, records the appraisal. ------------------------
    staff = _odop_cell()
    desk = browser.new_context(viewport=DESKTOP, locale="en-IN")
    page = desk.new_page()
    page.goto(base + "/accounts/staff/login/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/staff/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="CFC proposals").click()
    row = page.locator("table tbody tr").filter(has_text=reference)
    expect(row).to_have_count(1)
    row.get_by_role("link", name=reference).click()
    form = page.locator("#action-appraise_dpr")
    form.get_by_label("Appraising agency").fill("MSME-DI Agra")
    form.get_by_label("Appraisal report dated").fill("01/01/2999")
    form.get_by_label("Project cost appraised, land excluded (rupees)").fill("20000000")
    form.get_by_label("Appraisal report (PDF, JPEG or PNG)").set_input_files(str(report))
    form.get_by_role("button", name="Record").click()
    error = page.locator("#action-appraise_dpr .field.has-error")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("Appraisal report dated")
    expect(error).to_contain_text("future")
    expect(page.locator("#action-appraise_dpr").get_by_label("Appraising agency")).to_have_value(
        "MSME-DI Agra"
    )
    assert Application.objects.get(pk=application.pk).status == CfcStatus.DPR_SUBMITTED
    form = page.locator("#action-appraise_dpr")
    form.get_by_label("Appraisal report dated").fill(today.strftime("%d/%m/%Y"))
    form.get_by_label("Appraisal report (PDF, JPEG or PNG)").set_input_files(str(report))
    form.get_by_role("button", name="Record").click()
    expect(page.locator(".messages")).to_contain_text("Recorded")
    # Rs 2 crore appraised: the SPV's 10% floor leaves the state Rs 1.8 crore (GO-CFC-2023 3).
    expect(page.locator("main")).to_contain_text("1,80,00,000")
    assert CfcGrant.objects.get(application=application).state_share == Decimal("18000000.00")
    page.set_viewport_size(PHONE)
    assert_fits_phone(page)
    screenshot(page, "cfc-odop-cell-appraisal")
    desk.close()

    # --- 2. Final approval, financial sanction, agreement, first instalment (services). --------
    application = _state_meeting_decides(application)
    assert application.status == CfcStatus.FINAL_APPROVED
    grant.record_final_sanction(
        application_id=application.pk,
        user=staff,
        access=_state(staff, application),
        sanction_order="MSME/CFC/21",
        sanctioned_on=today,
    )
    grant.record_agreement(
        application_id=application.pk, user=dic, access=_dic(dic, application), signed_on=today
    )
    first = grant.release_instalment(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        number=1,
        dbt_reference="PFMS-1",
        paid_on=today,
    )
    assert first.amount == Decimal("7200000.00")

    # --- 3. The SPV on a phone, in Hindi. ------------------------------------------------------
    mobile = application.applicant.user.mobile
    phone = browser.new_context(viewport=PHONE, locale="hi-IN")
    spv = phone.new_page()
    outside: list[str] = []
    spv.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:")) else outside.append(r.url))
    spv.goto(base + "/accounts/login/")
    spv.get_by_label("मोबाइल नंबर").fill(mobile)
    already = len([m for m in sms.outbox if m.to == mobile])
    spv.get_by_role("button", name="कोड भेजें").click()
    spv.get_by_label("वन-टाइम कोड (ओटीपी)").fill(new_otp_sent_to(mobile, already))
    spv.locator("main").get_by_role("button", name="साइन इन").click()
    spv.wait_for_load_state()
    spv.goto(f"{base}/applications/{application.pk}/")
    card = spv.locator("#utilisation")
    expect(card.locator("h2")).to_have_text(hindi("Certify the use of the grant"))
    certificate = tmp_path / "uc-1.pdf"
    certificate.write_bytes(PDF_BYTES)
    card.locator("#id_utilisation-amount_used").fill("7200001")
    card.locator("#id_utilisation-interest_earned").fill("1500")
    card.locator("#id_utilisation-upload").set_input_files(str(certificate))
    card.get_by_role("button", name=hindi("Upload the certificate")).click()
    error = spv.locator("#utilisation .field.has-error")
    expect(error).to_have_count(1)
    expect(error.locator("label")).to_have_text(hindi("Amount used (rupees)"))
    expect(spv.locator("#id_utilisation-amount_used")).to_have_value("7200001")
    expect(spv.locator("#id_utilisation-interest_earned")).to_have_value("1500")
    assert not UtilisationReport.objects.filter(application=application).exists()
    assert_fits_phone(spv)
    spv.locator("#id_utilisation-amount_used").fill("5400000")
    spv.locator("#id_utilisation-upload").set_input_files(str(certificate))
    spv.locator("#utilisation").get_by_role("button", name=hindi("Upload the certificate")).click()
    expect(spv.locator(".messages")).to_contain_text(
        hindi("The utilisation certificate is recorded; the office can release the next instalment.")
    )
    expect(spv.locator("#utilisation")).to_have_count(0)
    recorded = UtilisationReport.objects.get(application=application)
    assert (recorded.amount_used, recorded.interest_earned, recorded.after_instalment) == (
        Decimal("5400000.00"),
        Decimal("1500.00"),
        1,
    )
    # Every move of the proposal is on its timeline, in Hindi, in order.
    labels = [
        spv.locator(".timeline .timeline-entry").nth(i).locator("strong").first.inner_text().strip()
        for i in range(spv.locator(".timeline .timeline-entry").count())
    ]
    expected = [
        hindi(TRANSITIONS[name].label)
        for name in (
            "sanction_in_principle",
            "submit_dpr",
            "appraise_dpr",
            "place_on_final_agenda",
            "approve_finally",
            "sanction_finally",
            "sign_agreement",
            "release_instalment_1",
        )
    ]
    assert labels[-len(expected) :] == expected
    expect(spv.locator("main")).to_contain_text("72,00,000")
    assert_fits_phone(spv)
    screenshot(spv, "cfc-spv-certificate")
    phone.close()
    assert outside == [], outside
