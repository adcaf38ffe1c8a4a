"""The district officer's day on a 360-pixel phone: the queue shows files first, the file
shows what can be done now first, PDFs show as pictures, and an error is seen at once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from applications.services.submission import save_step, start_application, submit_application, upload_document
from schemes.models import Scheme
from tests.applications.helpers import TOOLKIT_STEPS, make_applicant, owner_access
from tests.browser.conftest import PHONE, assert_fits_phone, hindi
from tests.browser.test_application_journey import minimal_pdf
from tests.conftest import ARTIFACTS
from tests.factories import STAFF_PASSWORD, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submitted(seed: int):
    applicant = make_applicant(seed=seed)
    application = start_application(applicant=applicant, scheme=Scheme.objects.get(code="TT"))
    access = owner_access(application)
    for slug, answers in TOOLKIT_STEPS.items():
        save_step(application_id=application.pk, step_slug=slug, raw=answers(application), access=access)
    for document in application.scheme.documents.all():
        upload_document(
            application_id=application.pk,
            code=document.code,
            upload=SimpleUploadedFile("paper.pdf", minimal_pdf(), content_type="application/pdf"),
            user=applicant.user,
            access=access,
        )
    return submit_application(application_id=application.pk, user=applicant.user, access=access)


def _in_first_viewport(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def _sign_in(page, officer) -> None:
    page.goto(page.base_url + "/accounts/staff/login/")
    page.locator("main input[name=username]").fill(officer.username)
    page.locator("main input[name=password]").fill(STAFF_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/accounts/staff/")


def test_queue_and_file_put_the_work_first_on_a_phone(phone_page):
    from districts.models import District

    files = [_submitted(seed) for seed in (61, 62, 63)]
    officer = StaffFactory(username="dic.agra.phone", district=District.objects.get(slug="agra"))
    page = phone_page
    ARTIFACTS.mkdir(exist_ok=True)
    _sign_in(page, officer)

    page.goto(page.base_url + "/applications/office/")
    first = page.locator("table.queue tbody tr").first
    expect(first).to_contain_text(files[0].reference_number)
    assert _in_first_viewport(first.get_by_role("link", name=files[0].reference_number))
    # Only the stages that hold files are counted; the filters are folded.
    expect(page.locator(".stage-summary li")).to_have_count(1)
    expect(page.locator(".stage-summary")).to_contain_text("3")
    assert page.locator("details.queue-filter-fold").get_attribute("open") is None
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "officer-queue-phone.png"))

    first.get_by_role("link", name=files[0].reference_number).click()
    page.wait_for_url(f"**/applications/office/{files[0].pk}/")
    take_up = page.locator("#actions").get_by_role("button", name=hindi("Take up for scrutiny"))
    assert _in_first_viewport(take_up)
    take_up.click()
    expect(page.locator(".messages")).to_be_visible()
    actions = page.locator("#actions")
    assert _in_first_viewport(actions.locator("h2"))
    assert_fits_phone(page)
    page.screenshot(path=str(ARTIFACTS / "officer-file-phone.png"))

    # A PDF shows as a picture of its first page, drawn by the server.
    thumbnail = page.locator("img.doc-thumb").first
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())

    # Returning with nothing chosen: the error summary is seen and focused, its section open.
    actions.locator("summary").filter(has_text=hindi("Return for correction")).click()
    page.locator("#return_reason").fill("")
    with page.expect_navigation():
        actions.get_by_role("button", name=hindi("Return to the applicant")).click()
    summary = page.locator(".error-summary")
    expect(summary).to_have_count(1)
    expect(summary).to_be_focused()
    assert page.evaluate("document.querySelector('.error-summary').closest('details').open")
    assert _in_first_viewport(summary.locator("h2"))
    assert summary.locator("a").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "officer-file-return-error-phone.png"))


def test_english_products_page_fits_a_phone(phone_page):
    page = phone_page
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base_url}])
    page.goto(page.base_url + "/districts/products/")
    expect(page.locator("h1")).to_have_text("ODOP products")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    page.screenshot(path=str(ARTIFACTS / "products-english-phone.png"))
    assert width <= PHONE["width"], f"the products page is {width}px wide"


def _signed_in(page, user) -> None:
    """The browser carries a session of `user` (signing in itself is tested elsewhere)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": page.base_url}])


def test_profile_errors_show_at_the_top_with_links_to_each_field(phone_page):
    from tests.factories import ArtisanFactory

    page = phone_page
    _signed_in(page, ArtisanFactory())
    page.goto(page.base_url + "/applications/profile/")
    page.locator("#id_full_name").fill("रमेश कुमार")
    page.locator("#id_pincode").fill("12")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert _in_first_viewport(summary.locator("h2"))
    expect(summary).to_contain_text(hindi("There is a problem"))
    page.screenshot(path=str(ARTIFACTS / "profile-errors-top-phone.png"))
    # What was typed is kept, and a link takes the reader to the field that needs it.
    expect(page.locator("#id_full_name")).to_have_value("रमेश कुमार")
    summary.locator("a[href='#id_pincode']").click()
    expect(page.locator("#id_pincode")).to_be_in_viewport()
    # A checkbox is big enough to tap and sits on the line of its label.
    box = page.locator("#id_is_up_native").bounding_box()
    label = page.locator("label[for=id_is_up_native]").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    assert label["y"] <= box["y"] and box["y"] + box["height"] <= label["y"] + label["height"]
    assert_fits_phone(page)


def test_document_cards_use_the_width_of_a_phone(phone_page):
    from applications.services.submission import start_application as start

    applicant = make_applicant(seed=65)
    application = start(applicant=applicant, scheme=Scheme.objects.get(code="TT"))
    page = phone_page
    _signed_in(page, applicant.user)
    page.goto(page.base_url + f"/applications/{application.pk}/documents/")
    card = page.locator("ul.documents-upload > li.card").first
    box = card.bounding_box()
    # No bullets or list indent: the card runs from the page margin (16 px) to the other.
    assert box["x"] <= 16 and box["width"] >= PHONE["width"] - 2 * 16
    assert card.evaluate("li => getComputedStyle(li).listStyleType") == "none"
    assert_fits_phone(page)
