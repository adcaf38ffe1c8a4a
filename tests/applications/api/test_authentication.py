"""Scripts sign in with a token, browsers with their session; nobody else gets in."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.applications.api import states
from tests.applications.helpers import submitted_toolkit


def _client(**headers) -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en", **headers)


@pytest.mark.django_db
def test_token_authentication_reads_and_moves(people):
    application = states.submitted(people)
    token = Token.objects.create(user=people.agra_officer)
    client = _client(HTTP_AUTHORIZATION=f"Token {token.key}")
    listed = client.get("/api/v1/applications/")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [application.pk]
    moved = client.post(f"/api/v1/applications/{application.pk}/take-up/")
    assert moved.status_code == 200
    assert moved.json()["status"] == "under_scrutiny"


@pytest.mark.django_db
def test_artisan_token_sees_only_their_own(people):
    application = states.submitted(people)
    submitted_toolkit(people.other_artisan)
    token = Token.objects.create(user=people.owner.user)
    listed = _client(HTTP_AUTHORIZATION=f"Token {token.key}").get("/api/v1/applications/")
    assert [row["id"] for row in listed.json()["results"]] == [application.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/applications/", "/api/v1/applications/1/"])
def test_anonymous_gets_401_with_the_token_challenge(people, path):
    states.submitted(people)
    response = _client().get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    }


@pytest.mark.django_db
def test_anonymous_move_is_401_and_changes_nothing(people):
    application = states.submitted(people)
    response = _client().post(f"/api/v1/applications/{application.pk}/withdraw/")
    assert response.status_code == 401
    application.refresh_from_db()
    assert application.status == "submitted"


@pytest.mark.django_db
def test_wrong_token_is_401(people):
    response = _client(HTTP_AUTHORIZATION="Token not-a-real-key").get("/api/v1/applications/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token.", "code": "authentication_failed"}


@pytest.mark.django_db
def test_token_of_a_deactivated_account_is_401(people):
    token = Token.objects.create(user=people.agra_officer)
    people.agra_officer.is_active = False
    people.agra_officer.save(update_fields=["is_active"])
    response = _client(HTTP_AUTHORIZATION=f"Token {token.key}").get("/api/v1/applications/")
    assert response.status_code == 401
    assert response.json() == {"detail": "User inactive or deleted.", "code": "authentication_failed"}


@pytest.mark.django_db
def test_session_authentication_and_its_csrf_check(people):
    application = states.submitted(people)
    client = APIClient(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(people.agra_officer)
    assert client.get(f"/api/v1/applications/{application.pk}/").status_code == 200
    refused = client.post(f"/api/v1/applications/{application.pk}/take-up/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert refused.json()["detail"].startswith("CSRF Failed")
    application.refresh_from_db()
    assert application.status == "submitted"
