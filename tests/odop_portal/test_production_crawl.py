"""The production configuration, run for real (Docker does not run on the development machines).

Static files are collected with the production storage into a temporary root, then gunicorn is
started with the very command of docker-compose.yml's `web` service (only the bind address is
changed, to a free loopback port) with DEBUG off, behind what a TLS proxy would send
(`X-Forwarded-Proto: https`, the site's host name). Every demo role signs in (the artisan with the
one-time code the FileBackend wrote) and follows every same-host link it can reach, GET only,
bounded, in Hindi and in English. No page may be a 5xx, every static asset is served with
long-lived cache headers, and a missing page or a failure shows the project's own pages.
"""

import html
import http.client
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from collections import deque
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

import pytest
import yaml
from django.core.management import call_command
from django.db import connection

from tests.conftest import ROOT, _database_url_for_worker, need_service

HOST = "portal.example.org"
ORIGIN = f"https://{HOST}"
ONE_YEAR = 365 * 24 * 3600
PAGES_PER_ROLE_AND_LANGUAGE = 45
# Query-string variants of one path worth visiting (sorting and filter links multiply quickly).
VARIANTS_PER_PATH = 2
# GET links that change something or leave the signed-in session.
SKIP = ("/accounts/logout/", "/i18n/setlang/", "/admin/logout/")
DEBUG_PAGE_MARKERS = ("You're seeing this error because you have", "Traceback (most recent call last)")
START_PAGES = ["/", "/accounts/", "/schemes/", "/districts/", "/api/v1/"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _compose_web_command(port: int) -> list[str]:
    command = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]["command"]
    assert isinstance(command, list) and command[0] == "gunicorn", command
    bind = command.index("--bind")
    assert command[bind + 1] == "0.0.0.0:8000", command
    binary = Path(sys.executable).parent / "gunicorn"
    return [str(binary), *command[1:bind], "--bind", f"127.0.0.1:{port}", *command[bind + 2 :]]


def _dockerfile_collectstatic() -> tuple[dict[str, str], list[str]]:
    """The environment and arguments of the Dockerfile's `collectstatic` step."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    [step] = [line for line in text.splitlines() if line.startswith("RUN") and "collectstatic" in line]
    command = step.removeprefix("RUN").split("&&")
    [words] = [shlex.split(part) for part in command if "collectstatic" in part]
    env = {}
    while "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    assert words[:3] == ["python", "manage.py", "collectstatic"], words
    return env, words[2:]


def _production_env(tmp_path: Path, *, database_url: str, redis_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "PYTEST", "STAGE_DAYS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="odop_portal.settings",
        DEBUG="false",
        SECRET_KEY="production-crawl-" + "k" * 40,
        AADHAAR_HASH_KEY="production-crawl-aadhaar-key",
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=ORIGIN,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=f"crawl-{os.getpid()}-{time.monotonic_ns()}",
        # The compose stack runs a worker; here tasks run in the web process (no broker).
        CELERY_BROKER_URL="",
        SMS_BACKEND="accounts.sms.FileBackend",
        SMS_FILE_PATH=str(tmp_path / "sms"),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "email"),
        SECURE_SSL_REDIRECT="true",
        USE_X_FORWARDED_FOR="true",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        LOG_LEVEL="WARNING",
    )
    return env


class Gunicorn:
    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.port = _free_port()
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            _compose_web_command(self.port), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited early:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not listen within 60 s:\n{self.log()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


class Browser:
    """A visitor behind the TLS proxy: plain HTTP to gunicorn with the headers the proxy adds.
    Cookies are kept by hand because they are `Secure` (the proxy speaks HTTPS to the visitor)."""

    def __init__(self, port: int, language: str = "hi") -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.speak(language)

    def speak(self, language: str) -> None:
        self.language = language
        self.cookies["django_language"] = language

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "198.51.100.7",
            "Accept-Language": self.language,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        payload = None
        if body is not None:
            payload = urlencode(body)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": ORIGIN,
                    "Referer": ORIGIN + path,
                }
            )
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return response.status, {k.lower(): v for k, v in response.getheaders()}, content
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, dict, bytes]:
        return self.request("GET", path)

    def post_form(self, path: str, data: dict) -> tuple[int, dict, bytes]:
        status, _headers, page = self.get(path)
        assert status == 200, (path, status)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no CSRF token on {path}"
        return self.request("POST", path, {"csrfmiddlewaretoken": token.group(1).decode(), **data})


def _sign_in_staff(browser: Browser, username: str, password: str) -> None:
    status, _headers, _ = browser.post_form(
        "/accounts/staff/login/", {"username": username, "password": password}
    )
    assert status == 302, (username, status)
    assert "sessionid" in browser.cookies, username


def _sign_in_artisan(browser: Browser, mobile: str, sms_dir: Path) -> None:
    before = set(sms_dir.glob("*")) if sms_dir.exists() else set()
    status, _headers, _ = browser.post_form("/accounts/login/", {"mobile": mobile})
    assert status == 302, status
    [message] = [p for p in sms_dir.glob(f"*{mobile}*") if p not in before]
    code = re.search(r"\b(\d{6})\b", message.read_text()).group(1)
    status, _headers, _ = browser.post_form("/accounts/login/verify/", {"code": code})
    assert status == 302, status
    assert "sessionid" in browser.cookies


LINK = re.compile(rb"""<(a|link|script|img)\b[^>]*?\b(href|src)=["']([^"']+)["']""", re.IGNORECASE)


def _links(page: bytes, base: str) -> tuple[set[str], set[str]]:
    pages, assets = set(), set()
    for tag, _attr, raw in LINK.findall(page):
        url = urldefrag(urljoin(base, html.unescape(raw.decode())))[0]
        parts = urlsplit(url)
        if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc != HOST):
            continue
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.path.startswith("/static/"):
            assets.add(local)
        elif tag.lower() == b"a":
            pages.add(local)
    return pages, assets


def _crawl(
    browser: Browser,
    label: str,
    problems: list[str],
    assets: set[str],
    starts: list[str] = (),
    answers: dict[str, int] | None = None,
) -> int:
    seen: set[str] = set()
    variants: dict[str, int] = {}
    # The files' own pages first (every role tries them: each must answer without a 5xx, the
    # roles that may not see a file with a refusal), then the site from its front pages.
    queue = deque([*starts, *START_PAGES])
    visited = 0
    while queue and visited < PAGES_PER_ROLE_AND_LANGUAGE + len(starts):
        path = queue.popleft()
        bare = path.split("?")[0]
        if path in seen or bare.startswith(SKIP) or bare.startswith("/static/"):
            continue
        seen.add(path)
        if "?" in path:
            variants[bare] = variants.get(bare, 0) + 1
            if variants[bare] > VARIANTS_PER_PATH:
                continue
        status, headers, body = browser.get(path)
        visited += 1
        if answers is not None:
            answers[path] = status
        where = f"{label} GET {path}"
        if status >= 500:
            problems.append(f"{where}: {status}")
        if any(marker.encode() in body for marker in DEBUG_PAGE_MARKERS):
            problems.append(f"{where}: Django's debug page")
        if status in (301, 302, 303, 307, 308):
            target = urlsplit(headers.get("location", ""))
            if target.netloc in ("", HOST):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
            continue
        if "text/html" not in headers.get("content-type", ""):
            continue
        if status == 200 and b"<html" in body[:500]:
            lang = re.search(rb'<html[^>]*\blang="([^"]+)"', body)
            if (
                lang
                and not bare.startswith(("/admin/", "/api/v1/docs"))
                and lang.group(1).decode() != browser.language
            ):
                problems.append(f"{where}: page in {lang.group(1).decode()!r}")
        found_pages, found_assets = _links(body, path)
        assets |= found_assets
        queue.extend(sorted(found_pages - seen))
    return visited


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """`collectstatic` as the Dockerfile runs it (its environment, its arguments), into a
    temporary root: it must use the production storage (hashed names, a manifest)."""
    root = tmp_path_factory.mktemp("static")
    build_env, arguments = _dockerfile_collectstatic()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "odop_portal.settings",
        **build_env,
        "STATIC_ROOT": str(root),
    }
    collected = subprocess.run(
        [sys.executable, "manage.py", *arguments, "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert collected.returncode == 0, collected.stderr
    assert (root / "staticfiles.json").exists(), "no manifest: not the production storage"
    return root


@pytest.fixture
def production_server(tmp_path, postgres, redis_url, transactional_db, collected_static):
    env = _production_env(tmp_path, database_url=_database_url_for_worker(), redis_url=redis_url)
    env["STATIC_ROOT"] = str(collected_static)
    server = Gunicorn(env, tmp_path / "gunicorn.log")
    server.start()
    server.sms_dir = tmp_path / "sms"
    yield server
    server.stop()


def _demo_files() -> tuple[list[str], dict[str, list[str]]]:
    """Files for the crawl to reach, made through the services in Agra (the demo district) after
    seed_demo: the demo artisan's own Toolkit file, approved by the committee with its letter; a
    file waiting in the office's queue; one on the Toolkit committee's next agenda; a Margin
    Money file at the demo bank's branch, sanctioned. Returns their pages, for every role."""
    from accounts.models import User
    from applications.models import Application
    from committees.models import AgendaItem
    from demo.management.commands.seed_demo import DEMO_ARTISAN_MOBILE, DEMO_BRANCH
    from margin_money import services as aa
    from tests.applications.helpers import (
        MM_STEPS,
        approved_by_committee,
        at_committee,
        make_applicant,
        officer_access,
        submitted,
        submitted_toolkit,
    )

    dic = User.objects.get(username="officer.agra")
    artisan = User.objects.get(username=DEMO_ARTISAN_MOBILE)
    own = approved_by_committee(submitted_toolkit(make_applicant(seed=501, user=artisan)), dic, "tsc")
    waiting = submitted_toolkit(make_applicant(seed=502))
    on_agenda = at_committee(submitted_toolkit(make_applicant(seed=503)), dic)
    bank_steps = {
        **MM_STEPS,
        "bank": lambda app: {**MM_STEPS["bank"](app), "branch_ifsc": DEMO_BRANCH["ifsc"]},
    }
    loan = approved_by_committee(submitted(make_applicant(seed=504), "MM", bank_steps), dic, "dltfc")
    aa.send_to_bank(application_id=loan.pk, user=dic, access=officer_access(dic, loan))
    files = Application.objects.filter(pk__in=[own.pk, waiting.pk, on_agenda.pk, loan.pk])
    assert files.count() == 4 and own.letters.exists(), "the demo files were not made"
    pages = []
    for application in files.order_by("pk"):
        pk = application.pk
        pages += [
            f"/applications/{pk}/",
            f"/applications/{pk}/documents/",
            f"/applications/{pk}/receipt.pdf",
            f"/applications/office/{pk}/",
            f"/applications/bank/{pk}/",
        ]
        pages += [f"/applications/{pk}/letters/{letter.pk}/" for letter in application.letters.all()]
        pages += [f"/applications/documents/{d.pk}/" for d in application.documents.all()[:1]]
    meeting = AgendaItem.objects.get(application=on_agenda).meeting
    pages += [f"/applications/meetings/{meeting.pk}/", f"/applications/committees/{meeting.committee_id}/"]
    # What each role must really see (a crawl of refusals alone would prove nothing).
    must_see = {
        "artisan": [
            f"/applications/{own.pk}/",
            *[f"/applications/{own.pk}/letters/{x.pk}/" for x in own.letters.all()],
        ],
        "officer.agra": [f"/applications/office/{waiting.pk}/", f"/applications/office/{loan.pk}/"],
        "committee.agra": [f"/applications/meetings/{meeting.pk}/"],
        "bank.agra": [f"/applications/bank/{loan.pk}/"],
    }
    return pages, must_see


@pytest.mark.django_db(transaction=True)
def test_production_configuration_serves_every_role_in_both_languages(production_server, settings):
    from demo.management.commands.seed_demo import DEMO_ARTISAN_MOBILE, DEMO_PASSWORD, DEMO_STAFF

    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    file_pages, must_see = _demo_files()
    started = time.monotonic()
    problems: list[str] = []
    assets: set[str] = set()
    visits: dict[str, int] = {}
    port = production_server.port

    roles = [("artisan", None), *[(username, username) for username, *_ in DEMO_STAFF]]
    for role, username in roles:
        browser = Browser(port, "hi")
        if username is None:
            _sign_in_artisan(browser, DEMO_ARTISAN_MOBILE, production_server.sms_dir)
        else:
            _sign_in_staff(browser, username, DEMO_PASSWORD)
        for language in ("hi", "en"):
            browser.speak(language)
            answers: dict[str, int] = {}
            visits[f"{role}/{language}"] = _crawl(
                browser, f"{role} ({language})", problems, assets, file_pages, answers
            )
            for path in must_see.get(role, []):
                if answers.get(path) != 200:
                    problems.append(f"{role} ({language}) GET {path}: {answers.get(path)}, not 200")
    anonymous = {lang: Browser(port, lang) for lang in ("hi", "en")}
    for language, browser in anonymous.items():
        visits[f"anonymous/{language}"] = _crawl(
            browser, f"anonymous ({language})", problems, assets, file_pages
        )

    # Static assets: every one the pages name is served, fingerprinted and cached for a year.
    assert any(path.endswith(".css") for path in assets), assets
    for path in sorted(assets):
        status, headers, _ = anonymous["en"].get(path)
        if status != 200:
            problems.append(f"static {path}: {status}")
            continue
        max_age = re.search(r"max-age=(\d+)", headers.get("cache-control", ""))
        if not max_age or int(max_age.group(1)) < ONE_YEAR:
            problems.append(f"static {path}: Cache-Control {headers.get('cache-control')!r}")

    # A missing page: the project's own 404 page, in the visitor's language.
    for language, text in (("en", "Page not found"), ("hi", None)):
        status, headers, body = anonymous[language].get("/no-such-page/")
        assert status == 404
        from django.utils import translation

        with translation.override(language):
            expected = text or translation.gettext("Page not found")
        assert expected.encode() in body, body[:300]
        assert b'<html lang="' + language.encode() + b'"' in body

    # The compose health check, as written, against this server.
    check = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]["healthcheck"]
    assert check["test"][0] == "CMD-SHELL"
    shell = check["test"][1].replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    assert subprocess.run(["sh", "-c", shell], capture_output=True, timeout=30).returncode == 0

    elapsed = time.monotonic() - started
    log = production_server.log()
    assert problems == [], "\n".join(problems) + "\n--- gunicorn log ---\n" + log[-5000:]
    # Every role really crawled (signed in, not bounced to the sign-in page at once).
    assert all(count >= 10 for count in visits.values()), visits
    print(f"crawled {sum(visits.values())} pages and {len(assets)} assets in {elapsed:.0f} s")


def test_production_failure_shows_the_project_error_page(tmp_path):
    """With the database gone every page fails: the visitor sees the project's 500 page."""
    if connection.vendor != "postgresql":
        need_service("needs PostgreSQL: set DATABASE_URL=postgres://...")
    dead_port = _free_port()
    env = _production_env(
        tmp_path, database_url=f"postgres://nobody@127.0.0.1:{dead_port}/none", redis_url=""
    )
    env.pop("REDIS_URL")
    server = Gunicorn(env, tmp_path / "gunicorn.log")
    server.start()
    try:
        status, _headers, body = Browser(server.port, "en").get("/")
        health, _, _ = Browser(server.port, "en").get("/healthz")
    finally:
        server.stop()
    assert status == 500
    assert b"Something went wrong" in body
    assert not any(marker.encode() in body for marker in DEBUG_PAGE_MARKERS)
    assert health == 503
