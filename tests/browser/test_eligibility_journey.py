import pytest

from tests.browser.conftest import assert_fits_phone, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_artisan_checks_eligibility_in_hindi_toolkit_yes_margin_money_no(phone_page):
    page = phone_page
    page.goto(page.base_url + "/schemes/eligibility/")
    assert page.locator("html").get_attribute("lang") == "hi"
    assert page.get_by_role("heading", level=1).inner_text() == "आप किसके लिए पात्र हैं?"
    assert_fits_phone(page)

    page.get_by_label("जन्म तिथि").fill("1988-06-15")
    page.get_by_label("क्या आप उत्तर प्रदेश के मूल निवासी हैं?").select_option("yes")
    page.get_by_label("क्या आप अपने जनपद का ओडीओपी उत्पाद उसी जनपद में बनाते या बेचते हैं?").select_option("yes")

    # The loan section: took a PMEGP subsidy before, which rules out Margin Money.
    page.locator("details:has(#id_capital_cost) > summary").click()
    page.locator("#id_capital_cost").fill("400000")
    page.locator("#id_working_capital").fill("100000")
    page.get_by_label(
        "क्या आपने किसी अन्य स्वरोजगार योजना (जैसे पीएमईजीपी या मुख्यमंत्री युवा स्वरोजगार) में अनुदान लिया है?"
    ).select_option("yes")

    page.locator("details:has(#id_practises_craft) > summary").click()
    page.get_by_label("क्या आप जनपद के ओडीओपी शिल्प में काम करते हैं?").select_option("yes")
    page.locator("#id_received_toolkit_before").select_option("no")
    page.locator("#id_family_has_received_toolkit").select_option("no")

    page.get_by_role("button", name="जाँचें").click()
    page.wait_for_selector("#results")

    mm = page.locator("#result-mm")
    assert mm.locator(".verdict").inner_text().strip() == "✗ पात्र नहीं"
    failed = mm.locator(".rule-failed")
    assert failed.count() == 1
    assert "स्वरोजगार" in failed.inner_text()
    assert "GO-MM-2018 para 2(5)" in failed.inner_text()

    tt = page.locator("#result-tt")
    assert "पात्र" in tt.locator(".verdict").inner_text()
    assert "पात्र नहीं" not in tt.locator(".verdict").inner_text()
    assert tt.locator(".rule-failed").count() == 0
    assert tt.locator(".benefit-amount").first.inner_text() == "₹22,000"

    # The answers stay in the form for another try.
    assert page.locator("#id_capital_cost").input_value() == "400000"
    assert_fits_phone(page)
    screenshot(page, "eligibility-hindi-toolkit-yes-margin-money-no")
