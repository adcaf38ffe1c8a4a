"""A GO raises the training honorarium: one member of the ODOP cell drafts the new figures on a
phone, a real worker runs the what-if while the page shows its progress, she sends it for
review; a second member reads it and publishes; the public scheme page then shows what changes."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from schemes.models import RuleSet
from tests.applications.helpers import PDF_BYTES, submitted_toolkit
from tests.browser.conftest import assert_fits_phone, screenshot
from tests.factories import STAFF_PASSWORD, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _sign_in(page, username: str) -> None:
    page.goto(page.base_url + "/accounts/staff/login/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/staff/")


def test_a_go_change_is_drafted_simulated_and_published_by_two_people(
    phone_page, settings, celery_worker_process, tmp_path
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with transaction.atomic():
        waiting = submitted_toolkit(seed=1)
        transaction.get_connection().run_on_commit.clear()
    StaffFactory(role="state_staff", district=None, username="maker", first_name="Meera")
    StaffFactory(role="state_staff", district=None, username="checker", first_name="Kavita")
    go = tmp_path / "go-77.pdf"
    go.write_bytes(PDF_BYTES)
    effective = timezone.localdate() + timedelta(days=15)
    page = phone_page

    _sign_in(page, "maker")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Rule changes").click()
    page.wait_for_url("**/rule-changes/")
    page.get_by_role("list", name="Draft new figures").get_by_role(
        "link", name="Training and Toolkit"
    ).click()
    page.wait_for_url("**/rule-changes/new/tt/")
    assert_fits_phone(page)
    page.get_by_label("GO number").fill("77/2026/18-4")
    page.get_by_label("GO date").fill(timezone.localdate().isoformat())
    page.get_by_label("Effective from").fill(effective.isoformat())
    page.get_by_label("The GO (PDF)").set_input_files(str(go))
    honorarium = page.get_by_label("honorarium_per_day")
    expect(honorarium).to_have_value("200")
    # A figure that breaks the rules is refused by name, and what was typed stays.
    page.get_by_label("toolkit_lookback_years").fill("0")
    honorarium.fill("250")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".error-summary")).to_contain_text("toolkit_lookback_years")
    expect(page.get_by_label("honorarium_per_day")).to_have_value("250")
    assert RuleSet.objects.filter(state="draft").count() == 0
    page.get_by_label("toolkit_lookback_years").fill("2")
    page.get_by_label("The GO (PDF)").set_input_files(str(go))
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_url("**/rule-changes/*/")
    expect(page.locator("#ruleset-state")).to_have_text("Draft")
    expect(page.locator("tr.changed")).to_have_count(1)
    expect(page.locator("tr.changed")).to_contain_text("honorarium_per_day")

    page.get_by_role("button", name="Run the what-if").click()
    # The real worker computes it; the page refreshes itself until it is done.
    expect(page.locator("#what-if-summary")).to_be_visible(timeout=60_000)
    expect(page.locator("#what-if-summary")).to_contain_text("500.00")
    expect(page.locator("#table-largest")).to_contain_text(waiting.reference_number)
    assert_fits_phone(page)
    screenshot(page, "rule-change-what-if")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator("#ruleset-state")).to_have_text("Waiting for review")
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()

    _sign_in(page, "checker")
    page.goto(page.base_url + "/rule-changes/")
    page.get_by_role("table").get_by_role("link", name="Training and Toolkit").first.click()
    expect(page.locator("#what-if-summary")).to_contain_text("500.00")
    page.get_by_label("Note to the drafter").fill("Matches GO 77/2026.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#ruleset-state")).to_have_text("Published")
    expect(page.locator(".timeline")).to_contain_text("Matches GO 77/2026.")
    assert_fits_phone(page)
    ruleset = RuleSet.objects.get(go_reference="77/2026/18-4")
    assert (ruleset.created_by.username, ruleset.published_by.username) == ("maker", "checker")

    page.goto(page.base_url + f"/schemes/{ruleset.scheme.slug}/")
    section = page.locator("#upcoming-rules")
    expect(section).to_contain_text(f"New figures from {effective:%d-%m-%Y}")
    expect(section).to_contain_text("250")
    assert_fits_phone(page)
    screenshot(page, "rule-change-public")
