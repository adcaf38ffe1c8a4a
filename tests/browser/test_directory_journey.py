import pytest

from tests.browser.conftest import assert_fits_phone, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_switches_to_hindi_searches_and_opens_a_district(phone_page):
    page = phone_page
    page.goto(page.base_url + "/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "One District One Product, Uttar Pradesh"
    assert_fits_phone(page)

    # The language switch keeps the page.
    page.get_by_role("link", name="Districts").first.click()
    page.wait_for_url("**/districts/")
    page.get_by_role("button", name="हिन्दी").click()
    page.wait_for_url("**/districts/")
    assert page.locator("html").get_attribute("lang") == "hi"
    assert page.get_by_role("heading", level=1).inner_text() == "जनपद निर्देशिका"

    page.get_by_label("नाम से खोजें (हिन्दी या अंग्रेज़ी)").fill("वाराणसी")
    page.get_by_role("button", name="खोजें").click()
    page.wait_for_url("**/districts/?q=*")
    results = page.locator(".district-item")
    assert results.count() == 1
    assert_fits_phone(page)
    screenshot(page, "directory-search-hindi")

    results.first.get_by_role("link", name="वाराणसी").click()
    page.wait_for_url("**/districts/varanasi/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("वाराणसी")
    assert page.get_by_text("बनारसी रेशमी साड़ी").count() >= 1
    assert_fits_phone(page)
    screenshot(page, "district-varanasi-hindi")
