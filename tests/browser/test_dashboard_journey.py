"""State staff open the dashboard on a phone, narrow it to one district, follow a figure to the
files behind it and download a table; screenshots of the dashboard and of the map."""

import csv
import io

import pytest
from django.db import transaction
from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_phone, screenshot
from tests.conftest import ARTIFACTS
from tests.dashboard.world import build_world
from tests.factories import STAFF_PASSWORD, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_state_staff_filter_a_district_follow_a_figure_and_download(phone_page, settings):
    # The live server runs in this process: the test hasher keeps signing in quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with transaction.atomic():
        world = build_world()
        # As in the other dashboard tests, the tasks the moves queue (letters, minutes, messages)
        # are not run: they change no figure and would only make this test slower.
        transaction.get_connection().run_on_commit.clear()
    StaffFactory(role="state_staff", district=None, username="odop.cell")
    page = phone_page
    base = page.base_url

    page.goto(base + "/accounts/staff/login/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Username").fill("odop.cell")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/staff/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    page.wait_for_url("**/dashboard/")
    page.get_by_label("Financial year").select_option(world.year)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"**/dashboard/?year={world.year}*")
    expect(page.locator(".figure-received .value")).to_have_text("10")
    expect(page.locator("#chart-map svg circle.dot")).to_have_count(75)
    expect(page.locator("#chart-map svg circle.dot.m4")).to_have_count(1)
    assert_fits_phone(page)
    screenshot(page, "dashboard-state")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#chart-map").screenshot(path=str(ARTIFACTS / "dashboard-map.png"))
    assert (ARTIFACTS / "dashboard-map.png").stat().st_size > 5_000

    # One district.
    page.get_by_label("District", exact=True).select_option("agra")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**district=agra*")
    expect(page.locator("h1 small")).to_contain_text("Agra")
    expect(page.locator(".figure-received .value")).to_have_text("6")
    expect(page.locator(".figure-approved .value")).to_have_text("3")
    assert_fits_phone(page)

    # Download the district table for the filters chosen.
    table = page.locator("#table-districts")
    with page.expect_download() as download_info:
        table.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"odop-dashboard-districts-{world.year}-all-agra.csv"
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))  # noqa: SIM115
    assert rows[1][:8] == ["Agra", "Agra", "6", "2", "1", "0", "3", "1"]

    # Follow "approved in the year" to the files behind it.
    page.locator(".figure-approved .value a").click()
    page.wait_for_url("**/dashboard/applications/?*")
    listed = page.locator("table.app-list tbody tr")
    expect(listed).to_have_count(3)
    for name in ("A1", "A2", "P1"):
        expect(listed.filter(has_text=world.apps[name].reference_number)).to_have_count(1)
    expect(page.get_by_label("Decided in")).to_have_value(world.year)
    assert_fits_phone(page)
    screenshot(page, "dashboard-list-behind-a-figure")
