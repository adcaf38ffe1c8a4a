"""The API answers bad input in the caller's language, through real requests: a Hindi caller
(by Accept-Language or by the language cookie) gets a 400 (or the API's 404) whose messages are
Hindi and whose keys name the fields."""

import pytest

from tests.odop_portal.test_hindi_validation_messages import _english

pytestmark = pytest.mark.django_db

DEVANAGARI = range(0x0900, 0x0980)


@pytest.fixture(autouse=True)
def _no_anonymous_throttle(monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/min"})


def _messages(body) -> list[str]:
    found = []
    if isinstance(body, dict):
        for key, value in body.items():
            if key != "code":
                found.extend(_messages(value))
    elif isinstance(body, list):
        for value in body:
            found.extend(_messages(value))
    else:
        found.append(str(body))
    return found


# (method, url, body, the field the answer must name)
CASES = [
    ("post", "/api/v1/eligibility/", {"scheme": "XX"}, "scheme"),
    ("post", "/api/v1/eligibility/", {"date_of_birth": "31-31-2000"}, "date_of_birth"),
    ("post", "/api/v1/eligibility/", {"date_of_birth": 20000101}, "date_of_birth"),
    ("post", "/api/v1/eligibility/", {"capital_cost": "-5"}, "capital_cost"),
    ("post", "/api/v1/eligibility/", {"applied_on": "2999-01-01"}, "applied_on"),
    ("post", "/api/v1/eligibility/", [], "non_field_errors"),
    ("post", "/api/v1/schemes/MM/benefit/", {"capital_cost": "abc"}, "capital_cost"),
    ("post", "/api/v1/schemes/TT/benefit/", {"toolkit_value": {"a": 1}}, "toolkit_value"),
    ("get", "/api/v1/districts/?division=no-such-division", None, "division"),
    ("get", "/api/v1/products/?category=no-such-category", None, "category"),
]


def _call(client, method, url, body, **headers):
    if method == "post":
        return client.post(url, body, content_type="application/json", **headers)
    return client.get(url, **headers)


@pytest.mark.parametrize("by", ["header", "cookie"])
@pytest.mark.parametrize(("method", "url", "body", "field"), CASES, ids=lambda v: str(v)[:40])
def test_bad_input_is_answered_in_hindi_naming_the_field(client, by, method, url, body, field):
    if by == "cookie":
        client.cookies["django_language"] = "hi"
        response = _call(client, method, url, body)
    else:
        response = _call(client, method, url, body, HTTP_ACCEPT_LANGUAGE="hi")
    assert response.status_code == 400, response.content
    answer = response.json()
    assert answer["code"] and field in answer
    messages = _messages(answer)
    assert messages and not _english(messages), messages
    assert all(any(ord(ch) in DEVANAGARI for ch in m) for m in messages), messages


def test_the_same_request_in_english_is_english(client):
    response = client.post(
        "/api/v1/eligibility/", {"scheme": "XX"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert _english(_messages(response.json()))
