"""One lockout for every way a password is presented: the staff sign-in, the admin login and any
direct call of Django's authenticate() (which DRF's login view or basic authentication would use)."""

import base64

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import create_staff_user
from tests.factories import STAFF_PASSWORD, StaffFactory

WRONG = "not-the-password-1"


def _state_staff(username: str = "cell") -> User:
    return create_staff_user(username=username, password=STAFF_PASSWORD, role=Role.STATE_STAFF)


def _staff_login(client, username: str, password: str):
    return client.post(reverse("accounts:staff_login"), {"username": username, "password": password})


def _admin_login(client, username: str, password: str):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )


@pytest.mark.django_db
def test_locked_at_the_staff_sign_in_means_locked_at_the_admin_login(client, settings):
    settings.STAFF_LOGIN_MAX_FAILURES = 5
    client.cookies["django_language"] = "en"
    _state_staff()
    for _ in range(5):
        assert _staff_login(client, "cell", WRONG).status_code == 200
    assert User.objects.get(username="cell").locked_until > timezone.now()

    response = _admin_login(client, "cell", STAFF_PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "This account is locked until" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.django_db
def test_failures_at_the_admin_login_lock_the_staff_sign_in(client, settings):
    settings.STAFF_LOGIN_MAX_FAILURES = 5
    client.cookies["django_language"] = "en"
    _state_staff()
    for _ in range(5):
        assert _admin_login(client, "cell", WRONG).status_code == 200
    assert User.objects.get(username="cell").locked_until > timezone.now()

    response = _staff_login(client, "cell", STAFF_PASSWORD)
    assert response.status_code == 200
    assert "This account is locked until" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failures_mixed_across_both_doors_add_up(client, settings):
    settings.STAFF_LOGIN_MAX_FAILURES = 4
    _state_staff()
    _staff_login(client, "cell", WRONG)
    _admin_login(client, "cell", WRONG)
    _staff_login(client, "cell", WRONG)
    assert User.objects.get(username="cell").locked_until is None
    _admin_login(client, "cell", WRONG)
    assert User.objects.get(username="cell").locked_until > timezone.now()


@pytest.mark.django_db
def test_authenticate_itself_refuses_a_locked_account_and_counts_failures(rf, settings):
    """Any code path that calls authenticate() (DRF's login view, basic authentication, a
    future API token endpoint) gets the same lockout."""
    settings.STAFF_LOGIN_MAX_FAILURES = 3
    StaffFactory(username="dic.agra")
    request = rf.post("/")
    for _ in range(3):
        assert authenticate(request, username="dic.agra", password=WRONG) is None
    assert User.objects.get(username="dic.agra").locked_until > timezone.now()
    assert authenticate(request, username="dic.agra", password=STAFF_PASSWORD) is None


@pytest.mark.django_db
def test_an_artisan_with_a_password_cannot_authenticate(rf):
    from tests.factories import ArtisanFactory

    artisan = ArtisanFactory()
    artisan.set_password(STAFF_PASSWORD)
    artisan.save(update_fields=["password"])
    assert authenticate(rf.post("/"), username=artisan.username, password=STAFF_PASSWORD) is None


@pytest.mark.django_db
def test_the_api_takes_no_password(client):
    """No DRF login view, no obtain-token view and no basic authentication: a password is only
    ever presented at the two sign-in pages above."""
    StaffFactory(username="dic.agra")
    assert client.get("/api/v1/auth/login/").status_code == 404
    assert client.get("/api-auth/login/").status_code == 404
    assert (
        client.post("/api/v1/token/", {"username": "dic.agra", "password": STAFF_PASSWORD}).status_code == 404
    )
    basic = base64.b64encode(f"dic.agra:{STAFF_PASSWORD}".encode()).decode()
    response = client.get("/api/v1/applications/", HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code == 401
    # The browsable API offers no sign-in form of its own.
    page = client.get("/api/v1/districts/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert "api-auth" not in page.content.decode()
