"""The main public and signed-in pages, in Hindi and English, at 360 px and at desktop width,
with no WCAG 2.1 A or AA violation that axe-core finds. The audit itself runs on every load
(tests/browser/conftest.py `axe_audit`); this test makes sure each main page is loaded in each
language at each width, so a new violation on any of them fails here."""

import pytest
from django.db import transaction
from django.test import Client

from applications.models import Application, Verification
from applications.services.verification import grouped, issue_receipt
from tests.browser.conftest import PHONE, assert_fits_phone
from tests.dashboard.world import build_world
from tests.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}

PUBLIC = [
    "/",
    "/districts/",
    "/districts/agra/",
    "/districts/products/",
    "/schemes/",
    "/schemes/training-and-toolkit/",
    "/schemes/eligibility/",
    "/schemes/notified-fairs/",
    "/applications/status/",
    "/verify/",
    "/verify/NOTA-REAL-CODE-2345",
    "/dashboard/open-data/",
    "/accounts/login/",
    "/accounts/staff/login/",
]


# The smallest chart text as drawn: its font size in SVG units times the chart's scale.
SMALLEST_CHART_TEXT = """() => Math.min(...[...document.querySelectorAll('svg.chart text')].map(t => {
  const svg = t.ownerSVGElement;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return parseFloat(getComputedStyle(t).fontSize) * scale;
}))"""


def _session_cookie(user, base: str) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}


def _walk(browser, base: str, paths: list[str], *, lang: str, viewport: dict, user=None) -> list[str]:
    context = browser.new_context(viewport=viewport, locale="hi-IN" if lang == "hi" else "en-IN")
    cookies = [{"name": "django_language", "value": lang, "url": base}]
    if user is not None:
        cookies.append(_session_cookie(user, base))
    context.add_cookies(cookies)
    page = context.new_page()
    seen = []
    try:
        for path in paths:
            response = page.goto(base + path)
            assert response.status in (200, 404), f"{path}: {response.status}"
            assert page.locator("html").get_attribute("lang") == lang, path
            if viewport == PHONE and page.locator("svg.chart").count():
                smallest = page.evaluate(SMALLEST_CHART_TEXT)
                assert smallest >= 12, f"{path} ({lang}): chart text {smallest:.1f} px at 360 px"
            if viewport == PHONE:
                try:
                    assert_fits_phone(page)
                except AssertionError as exc:
                    raise AssertionError(f"{path} ({lang}): {exc}") from None
            seen.append(path)
    finally:
        context.close()
    return seen


def test_main_pages_have_no_wcag_violations_in_both_languages_at_both_widths(browser, live_server, axe_audit):
    with transaction.atomic():
        world = build_world()
        transaction.get_connection().run_on_commit.clear()
    application = Application.objects.filter(district__slug="agra", status="approved").first()
    code = grouped(issue_receipt(application=application).code)
    assert Verification.objects.count() == 1
    artisan = application.applicant.user
    officer = StaffFactory(username="dic.agra.a11y")
    state = StaffFactory(role="state_staff", district=None, username="odop.cell.a11y")
    base = live_server.url
    walks = [
        (None, [*PUBLIC, f"/verify/{code}"]),
        (artisan, ["/applications/", "/applications/profile/", f"/applications/{application.pk}/"]),
        (
            officer,
            [
                "/accounts/staff/",
                "/applications/office/",
                f"/applications/office/{application.pk}/",
                "/applications/office/training/",
                "/applications/office/banks/",
            ],
        ),
        (
            state,
            [
                "/dashboard/",
                f"/dashboard/?year={world.year}&district=agra",
                f"/dashboard/applications/?year={world.year}",
                "/dashboard/targets/",
                "/applications/state/cfc/",
            ],
        ),
    ]
    visited = 0
    for lang in ("hi", "en"):
        for viewport in (PHONE, DESKTOP):
            for user, paths in walks:
                visited += len(_walk(browser, base, paths, lang=lang, viewport=viewport, user=user))
    assert visited == 4 * sum(len(paths) for _, paths in walks)
    # The audit ran on every one of those loads; what it found fails the test at teardown, and
    # is asserted here as well so the message names this walk.
    assert axe_audit == [], "\n".join(axe_audit)


def test_the_audit_catches_a_violation_on_a_page_a_test_visits(browser, live_server, axe_audit):
    """The hook is live: a page whose <html> loses its lang attribute is reported with its
    address, without the test asking for a check."""
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(
        "document.addEventListener('DOMContentLoaded',"
        " () => document.documentElement.removeAttribute('lang'))"
    )
    page = context.new_page()
    page.goto(live_server.url + "/verify/")
    context.close()
    reported = [line for line in axe_audit if "html-has-lang" in line]
    assert len(reported) == 1 and reported[0].startswith(live_server.url + "/verify/ (360px")
    axe_audit.clear()  # found on purpose
