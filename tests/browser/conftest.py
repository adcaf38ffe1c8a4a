"""Playwright for Python driving Debian's chromium (never a downloaded browser).

Without /usr/bin/chromium these tests skip on a developer machine; with CI=true they fail.
Screenshots go to test-artifacts/ (ignored by git).

Every page any browser test loads is checked with axe-core (shipped in axe-playwright-python,
nothing from a CDN) for WCAG 2.1 A and AA: a test fails on any violation (see `axe_audit`).
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


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_AXE = None


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations of the page as it is now, one line each."""
    global _AXE
    if _AXE is None:
        from axe_playwright_python.sync_playwright import Axe

        _AXE = Axe()
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    # One evaluate: axe is injected and run in the same document.
    response = page.evaluate(
        "async ([script, options]) => { if (!window.axe) { (0, eval)(script); }"
        " return await window.axe.run(document, options); }",
        [_AXE.axe_script, options],
    )
    width = page.viewport_size["width"] if page.viewport_size else "?"
    lang = page.evaluate("document.documentElement.lang")
    return [
        f"{response['url']} ({width}px, {lang}) {v['id']}: {v['help']} at "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in response["violations"]
    ]


def _audit(page, seen: set[str], found: list[str]) -> None:
    """Check the document the page shows now, once per distinct document. PDFs, Chromium's own pages, the
    admin and Swagger UI (not our templates) are left out."""
    url = page.url
    if not url.startswith("http") or "/admin/" in url or "/api/v1/docs/" in url:
        return
    from playwright.sync_api import Error as PlaywrightError

    try:
        state = page.evaluate("[document.contentType, document.documentElement.outerHTML.length]")
    except PlaywrightError as exc:  # a download or a navigation still under way
        if "navigat" in str(exc) or "destroyed" in str(exc):
            return
        raise
    # The same document (address, language, width and size) is checked once.
    key = f"{url} {state[1]} {page.viewport_size}"
    if state[0] != "text/html" or key in seen:
        return
    seen.add(key)
    for line in axe_violations(page):
        if line not in found:
            found.append(line)


# The Page calls after which a test looks at a newly loaded document. (Playwright's sync API
# cannot call back into the page from an event or route handler, so the check runs when the
# test's own call returns.)
_NAVIGATING = ("goto", "reload", "go_back", "go_forward", "wait_for_url", "wait_for_load_state")


def _audit_pages_of(context, seen: set[str], found: list[str]) -> None:
    """Every page the context opens is checked after each navigation call returns (page.goto,
    and the wait_for_url that follows a click or a posted form), and the page it shows last
    when the context closes."""
    new_page = context.new_page
    pages = []

    def audited_page(*args, **kwargs):
        page = new_page(*args, **kwargs)
        pages.append(page)
        for name in _NAVIGATING:
            original = getattr(page, name)

            def audited(*a, _original=original, **k):
                result = _original(*a, **k)
                _audit(page, seen, found)
                return result

            setattr(page, name, audited)
        return page

    context.new_page = audited_page
    close = context.close

    def audited_close(*args, **kwargs):
        for page in pages:
            if not page.is_closed():
                _audit(page, seen, found)
        return close(*args, **kwargs)

    context.close = audited_close


@pytest.fixture(autouse=True)
def axe_audit(request):
    """Every page of every context a browser test opens goes through axe-core (WCAG 2.1 A and
    AA); the test fails at the end listing each violation found, with its address, width and
    language."""
    if "browser" not in request.fixturenames:
        yield []
        return
    browser = request.getfixturevalue("browser")
    seen: set[str] = set()
    found: list[str] = []
    new_context = browser.new_context

    def audited_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        _audit_pages_of(context, seen, found)
        return context

    browser.new_context = audited_context
    try:
        yield found
    finally:
        del browser.new_context
    assert found == [], "accessibility (axe-core, WCAG 2.1 A/AA):\n" + "\n".join(found)


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
