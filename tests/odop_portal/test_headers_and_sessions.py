"""Security headers on every page, no caching of anything a signed-in person sees, and sessions
that end when left idle."""

import re
import time
from pathlib import Path

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from accounts.models import Role
from accounts.services import create_staff_user
from odop_portal.middleware import SessionIdleTimeoutMiddleware
from tests.factories import STAFF_PASSWORD, ArtisanFactory, StaffFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _csp(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/schemes/",
        "/schemes/eligibility/",
        "/accounts/staff/login/",
        "/admin/login/",
        "/api/v1/districts/",
    ],
)
def test_every_page_has_a_csp_and_a_permissions_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = _csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    # A nonce is added only on pages that use one (see the Swagger UI below).
    assert policy["script-src"][0] == "'self'"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_swagger_ui_inline_script_carries_the_nonce(client):
    response = client.get("/api/v1/docs/")
    nonce = next(v for v in _csp(response)["script-src"] if v.startswith("'nonce-"))[7:-1]
    page = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline == [f' nonce="{nonce}"']


def test_no_template_has_an_inline_script_or_event_handler():
    """Inline scripts without the nonce and on*= attributes would be blocked by the policy."""
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        if template.name.endswith("_pdf.html") or template.name in (
            "_pdf_style.html",
            "_pdf_verification.html",
        ):
            continue  # rendered to PDF by WeasyPrint, never shown by a browser
        text = template.read_text()
        if re.search(r"<script(?![^>]*\b(src|nonce)=)[^>]*>", text) or re.search(r"\son[a-z]+=\"", text):
            offenders.append(template.relative_to(ROOT).as_posix())
        if re.search(r"<style(?![^>]*\bnonce=)", text) or re.search(r'\sstyle="', text):
            offenders.append(template.relative_to(ROOT).as_posix())
    assert offenders == []


def test_public_pages_stay_cacheable(client):
    assert "no-store" not in client.get("/schemes/").headers.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/accounts/staff/", "/applications/office/", "/dashboard/applications/"])
def test_signed_in_pages_are_not_stored(client, path):
    client.force_login(StaffFactory())
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_artisan_pages_and_token_api_answers_are_not_stored(client):
    artisan = ArtisanFactory()
    client.force_login(artisan)
    assert "no-store" in client.get("/applications/").headers["Cache-Control"]
    token = Token.objects.create(user=artisan)
    response = Client().get("/api/v1/applications/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def _age_session(client, seconds: int) -> None:
    session = client.session
    session[SessionIdleTimeoutMiddleware.KEY] = int(time.time()) - seconds
    session.save()


def test_staff_are_signed_out_when_idle(client, settings):
    assert settings.STAFF_SESSION_IDLE.total_seconds() == 30 * 60
    client.force_login(StaffFactory())
    assert client.get("/accounts/staff/").status_code == 200
    _age_session(client, 29 * 60)
    assert client.get("/accounts/staff/").status_code == 200
    _age_session(client, 31 * 60)
    response = client.get("/accounts/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/staff/login/")
    assert "_auth_user_id" not in client.session


def test_artisans_have_a_longer_idle_limit(client, settings):
    assert settings.ARTISAN_SESSION_IDLE > settings.STAFF_SESSION_IDLE
    client.force_login(ArtisanFactory())
    _age_session(client, 31 * 60)
    assert client.get("/applications/").status_code == 200
    _age_session(client, int(settings.ARTISAN_SESSION_IDLE.total_seconds()) + 60)
    assert client.get("/applications/").status_code == 302


def test_the_idle_limit_is_a_setting(client, settings):
    settings.STAFF_SESSION_IDLE = settings.STAFF_SESSION_IDLE / 6
    client.force_login(create_staff_user(username="cell", password=STAFF_PASSWORD, role=Role.STATE_STAFF))
    _age_session(client, 6 * 60)
    assert client.get("/dashboard/").status_code == 302


def test_activity_keeps_the_session(client):
    client.force_login(StaffFactory())
    _age_session(client, 25 * 60)
    assert client.get("/accounts/staff/").status_code == 200
    assert time.time() - client.session[SessionIdleTimeoutMiddleware.KEY] < 5
