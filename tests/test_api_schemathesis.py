"""Schemathesis over the whole OpenAPI schema, through the Django WSGI application.

Every operation of `/api/v1/schema/` is called with generated data (valid and invalid) as an
artisan, a district officer and state staff, each with an API token. No answer may be a server
error, and every answer must be one the schema documents: its status code, its content type and
its body (the error body it promises included).

Runs by default, bounded: the schema's examples and `MAX_EXAMPLES` generated cases per operation
and role; no coverage phase (unbounded by `max-examples`: one operation took minutes) and no
stateful phase. Every operation is held to "no server error" and to the schema's status codes,
content types and bodies: the error answers are documented for every operation by
`odop_portal.openapi`, and a URL under /api/ that no pattern matches answers a JSON 404. Measured
on a 2-core machine: 69 tests (23 operations x 3 roles) in 72 s with MAX_EXAMPLES = 4.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import Role
from tests.factories import ArtisanFactory, StaffFactory

MAX_EXAMPLES = 4
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# The schema's own examples, then `MAX_EXAMPLES` generated cases per operation and role. The
# coverage phase (every boundary of every parameter, unbounded by `max-examples`) and the
# stateful phase are off: they are what made one operation take minutes.
CONFIG = SchemathesisConfig.from_dict(
    {
        "phases": {
            "examples": {"enabled": True},
            "fuzzing": {"enabled": True},
            "coverage": {"enabled": False},
            "stateful": {"enabled": False},
        },
        "generation": {"max-examples": MAX_EXAMPLES},
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application(), config=CONFIG)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: a request's end must not close the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_anonymous_throttle(monkeypatch):
    from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/min", "user": "100000/min"})
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"anon": "100000/min", "user": "100000/min"})


def _user(role: str):
    if role == "artisan":
        return ArtisanFactory()
    if role == "officer":
        return StaffFactory(role=Role.DISTRICT_OFFICER)
    return StaffFactory(role=Role.STATE_STAFF, district=None, is_staff=True)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["artisan", "officer", "state"])
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_answers_as_its_schema_says(case, role):
    token = Token.objects.get_or_create(user=_user(role))[0]
    case.call_and_validate(headers={"Authorization": f"Token {token.key}"}, checks=CHECKS)
