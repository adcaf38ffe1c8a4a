"""Playwright for Python driving Debian's chromium (never a downloaded browser).

Without /usr/bin/chromium these tests skip on a developer machine; with CI=true they fail.
Screenshots go to test-artifacts/ (ignored by git).
"""

import os
import shutil

import pytest

from tests.conftest import ARTIFACTS, need_service

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}

# Playwright's sync API runs an event loop in the test thread; Django's guard against ORM calls
# from async code would otherwise refuse the test's own database set-up.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        need_service("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A fresh 360-pixel-wide page; it fails the test on any request outside the portal."""
    context = browser.new_context(viewport=PHONE, locale="hi-IN", device_scale_factor=1)
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:", "blob:"))
            else outside.append(request.url)
        ),
    )
    page.base_url = live_server.url
    yield page
    context.close()
    assert outside == [], f"requests left the portal (CDN?): {outside}"


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def assert_fits_phone(page) -> None:
    """Nothing may force sideways scrolling on a 360-pixel screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide on a {PHONE['width']}px screen"


# Loads that never leave the browser: Chromium's built-in PDF viewer (chrome-extension: and
# chrome: resources) draws PDF previews.
BROWSER_INTERNAL = ("data:", "blob:", "chrome:", "chrome-extension:")


def hindi(text) -> str:
    """The Hindi of a lazy label, or of a message id given as a plain string."""
    from django.utils import translation

    with translation.override("hi"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def guard_outside_requests(page, base: str) -> list[str]:
    """As the phone page's guard, for other pages: the list of requests that left the portal."""
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith((base, *BROWSER_INTERNAL)) else outside.append(request.url)
        ),
    )
    return outside


def new_sms_to(mobile: str, already: int) -> str:
    """The text of the first SMS to `mobile` after the `already` messages it had received."""
    from accounts import sms
    from tests.conftest import wait_for

    return wait_for(
        lambda: [m for m in sms.outbox if m.to == mobile][already:], timeout=10, what=f"an SMS to {mobile}"
    )[0].body


def new_otp_sent_to(mobile: str, already: int) -> str:
    """The code in the first SMS to `mobile` after the `already` it had (notifications carry
    reference numbers with six digits too, so only the new message is read)."""
    import re

    body = new_sms_to(mobile, already)
    match = re.search(r"\b(\d{6})\b", body)
    assert match, body
    return match.group(1)
