"""The OpenAPI schema documents every endpoint and body; the error handler's answers."""

import pytest
from django.core.management import call_command
from django.http import Http404
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework import exceptions

from accounts.exceptions import NotPermitted, PortalError, RateLimited
from applications.services.errors import Conflict
from odop_portal.api_errors import portal_exception_handler

MOVES = ["submit", "resubmit", "withdraw", "take-up", "return", "reject", "recommend", "assign"]


@pytest.fixture(scope="module")
def schema():
    GENERATOR_STATS.reset()
    generated = SchemaGenerator().get_schema(request=None, public=True)
    warnings = list(GENERATOR_STATS._warn_cache) + list(GENERATOR_STATS._error_cache)
    return generated, warnings


def test_schema_generates_without_warnings(schema):
    _generated, warnings = schema
    assert warnings == []


def test_schema_documents_the_list_with_its_filters_and_cursor(schema):
    generated, _ = schema
    operation = generated["paths"]["/api/v1/applications/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "q",
        "scheme",
        "status",
        "product",
        "submitted_from",
        "submitted_to",
        "overdue",
        "assigned_to_me",
        "cursor",
        "page_size",
    }
    assert set(operation["responses"]) == {"200", "400", "401", "404", "429"}  # 404: a forged cursor
    page = generated["components"]["schemas"]["PaginatedApplicationListList"]["properties"]
    assert set(page) == {"next", "previous", "results"}


def test_schema_documents_every_move_with_its_body_and_answers(schema):
    generated, _ = schema
    bodies = {"return": "ReturnRequest", "reject": "RejectRequest", "recommend": "RecommendRequest"}
    bodies["assign"] = "AssignRequest"
    for move in MOVES:
        operation = generated["paths"][f"/api/v1/applications/{{id}}/{move}/"]["post"]
        assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ApplicationDetail"
        }
        assert {"401", "403", "404"} <= set(operation["responses"])
        if move in bodies:
            ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            assert ref == f"#/components/schemas/{bodies[move]}"
        else:
            assert "requestBody" not in operation
    detail = generated["paths"]["/api/v1/applications/{id}/"]["get"]
    assert set(detail["responses"]) == {"200", "401", "404", "429"}


def test_every_operation_documents_its_error_answers_with_a_code(schema):
    generated, _ = schema
    missing = []
    for path, operations in generated["paths"].items():
        for method, operation in operations.items():
            wanted = {"401", "429"} | ({"403"} if method == "post" else set())
            wanted |= {"404"} if "{" in path else set()
            for status in wanted - set(operation["responses"]):
                missing.append((method, path, status))
            for status, answer in operation["responses"].items():
                if status.startswith("4"):
                    body = answer["content"]["application/json"]["schema"]
                    body = (
                        generated["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
                        if "$ref" in body
                        else body
                    )
                    assert "code" in body["required"], (method, path, status)
    assert missing == []


def test_schema_never_names_an_aadhaar_hash(schema):
    generated, _ = schema
    text = str(generated)
    assert "aadhaar_hash" not in text
    properties = generated["components"]["schemas"]["ApplicantSummary"]["properties"]
    assert set(properties) == {"name", "masked_aadhaar", "mobile"}


@pytest.mark.django_db
def test_schema_endpoint_serves_it(client, tmp_path):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/applications/{id}/take-up/" in response.json()["paths"]
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


@pytest.mark.parametrize(
    ("exc", "status", "body"),
    [
        (Conflict("Already submitted."), 409, {"detail": "Already submitted.", "code": "conflict"}),
        (NotPermitted("Not yours."), 403, {"detail": "Not yours.", "code": "not_permitted"}),
        (
            PortalError("Write the reason.", field="reason"),
            400,
            {"code": "invalid", "reason": ["Write the reason."]},
        ),
        (Http404("no such application 17"), 404, {"detail": "Not found.", "code": "not_found"}),
        (
            # Made inside the test, where English is active: its message is translated when made.
            exceptions.NotAuthenticated,
            401,
            {"detail": "Authentication credentials were not provided.", "code": "not_authenticated"},
        ),
        (
            exceptions.ValidationError({"note": ["Too long."]}),
            400,
            {"code": "invalid", "note": ["Too long."]},
        ),
        (
            exceptions.ValidationError(["Not both."]),
            400,
            {"code": "invalid", "non_field_errors": ["Not both."]},
        ),
    ],
)
def test_exception_handler(exc, status, body):
    if isinstance(exc, type):
        exc = exc()
    response = portal_exception_handler(exc, {})
    assert response.status_code == status
    assert response.data == body


def test_rate_limit_says_when_to_come_back():
    response = portal_exception_handler(RateLimited("Too many tries.", retry_after=60), {})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.data == {"detail": "Too many tries.", "code": "rate_limited"}


def test_other_errors_are_left_to_django():
    assert portal_exception_handler(ValueError("bug"), {}) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/applications/?status=nonsense", "status"),
        ("/api/v1/applications/?submitted_from=yesterday", "submitted_from"),
        ("/api/v1/districts/?category=no-such-category", "category"),
        ("/api/v1/stats/schemes/?year=end", "year"),
    ],
)
def test_every_400_of_every_api_carries_code(path, field, client):
    """Filter and query errors answered `{field: [message]}` without the `code` the schema promises."""
    from rest_framework.authtoken.models import Token

    from tests.factories import ArtisanFactory

    token = Token.objects.create(user=ArtisanFactory())
    response = client.get(path, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body[field] and all(isinstance(message, str) for message in body[field])
