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
        save_step(application_id=application.pk, step_slug=slug, answers=answers(application), access=access)
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
