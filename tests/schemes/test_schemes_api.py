from decimal import Decimal

import pytest

from tests.schemes.test_scheme_pages_and_checker import TOOLKIT_YES_MM_NO


@pytest.mark.django_db
def test_scheme_list_and_detail_with_active_ruleset(client):
    schemes = client.get("/api/v1/schemes/").json()
    assert [s["code"] for s in schemes] == ["MM", "TT", "MDA", "CFC"]
    tt = client.get("/api/v1/schemes/TT/").json()
    assert tt["active_ruleset"]["parameters"]["honorarium_per_day"] == "200"
    assert tt["active_ruleset"]["go_date"] == "2020-05-05"
    assert "craft_proof" in {d["code"] for d in tt["documents"]}
    assert client.get("/api/v1/schemes/XX/").status_code == 404


@pytest.mark.django_db
def test_eligibility_for_all_schemes(client):
    body = client.post("/api/v1/eligibility/", TOOLKIT_YES_MM_NO, content_type="application/json").json()
    results = {r["scheme"]: r for r in body["results"]}
    assert results["MM"]["outcome"]["is_eligible"] is False
    assert results["TT"]["outcome"]["is_eligible"] is True
    assert results["TT"]["outcome"]["benefit"]["amount"] == "22000.00"
    failed = [r for r in results["MM"]["outcome"]["rules"] if r["status"] == "failed"]
    assert failed[0]["clause"] == "GO-MM-2018 para 2(5)"
    assert failed[0]["message_hi"]


@pytest.mark.django_db
def test_eligibility_for_one_scheme(client):
    body = client.post("/api/v1/eligibility/", {"scheme": "TT"}, content_type="application/json").json()
    assert [r["scheme"] for r in body["results"]] == ["TT"]


@pytest.mark.django_db
def test_benefit_endpoint_matches_the_rules(client):
    response = client.post(
        "/api/v1/schemes/MM/benefit/",
        {"capital_cost": "2500000", "working_capital": "1"},
        content_type="application/json",
    )
    assert response.status_code == 200
    # Rs 25 lakh + 1 rupee falls in the second slab: max(6.25 L, 20%) = 5,00,000.20 -> 6,25,000
    assert Decimal(response.json()["outcome"]["benefit"]["amount"]) == Decimal("625000.00")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"capital_cost": "many"}, "capital_cost"),
        ({"capital_cost": "-5"}, "capital_cost"),
        ({"date_of_birth": "31-31-2000"}, "date_of_birth"),
        ({"is_defaulter": "maybe"}, "is_defaulter"),
        ({"claim_category": "lottery"}, "claim_category"),
        ({"member_count": 10, "product_linked_members": 11}, "product_linked_members"),
        ({"scheme": "XX"}, "scheme"),
    ],
)
def test_bad_input_is_400_naming_the_field(client, payload, field):
    response = client.post(
        "/api/v1/eligibility/", payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_errors_come_in_the_users_language(client):
    response = client.post(
        "/api/v1/eligibility/",
        {"capital_cost": "many"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="hi",
    )
    assert response.json() == {"code": "invalid", "capital_cost": ["एक संख्या दर्ज करें ।"]}


@pytest.mark.django_db
def test_schema_documents_the_scheme_endpoints(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/eligibility/" in schema["paths"]
    assert "/api/v1/schemes/{code}/benefit/" in schema["paths"]
    body = schema["components"]["schemas"]["EligibilityRequest"]["properties"]
    assert {"date_of_birth", "capital_cost", "claim_category", "scheme"} <= set(body)


@pytest.fixture(autouse=True)
def _no_anonymous_throttle(monkeypatch):
    """Many requests a minute from one test client: the anonymous rate is not under test here."""
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/min"})


BENEFIT = "/api/v1/schemes/MM/benefit/"
ELIGIBILITY = "/api/v1/eligibility/"


@pytest.mark.django_db
@pytest.mark.parametrize("url", [ELIGIBILITY, BENEFIT])
@pytest.mark.parametrize("body", ["[]", '["capital_cost"]', '"answers"', "12", "null", "true"])
def test_a_body_that_is_not_an_object_is_a_400(client, url, body):
    response = client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "non_field_errors": ["Send the answers as a JSON object."]}


@pytest.mark.django_db
@pytest.mark.parametrize("url", [ELIGIBILITY, BENEFIT])
@pytest.mark.parametrize("field", ["date_of_birth", "last_toolkit_on", "event_date", "applied_on"])
@pytest.mark.parametrize("value", [20000101, 1.5, True, False, ["2000-01-01"], {"year": 2000}])
def test_a_date_of_the_wrong_json_type_is_a_400_naming_it(client, url, field, value):
    response = client.post(url, {field: value}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body[field] == ["Enter a valid date."]


@pytest.mark.django_db
def test_malformed_json_is_a_400_with_a_code(client):
    response = client.post(ELIGIBILITY, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["tt", "Tt", " TT "])
def test_eligibility_reads_the_scheme_in_any_case_like_benefit(client, code):
    body = client.post(ELIGIBILITY, {"scheme": code}, content_type="application/json").json()
    assert [r["scheme"] for r in body["results"]] == ["TT"]
    assert client.post("/api/v1/schemes/tt/benefit/", {}, content_type="application/json").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("scheme", [{}, 0, 1, [], ["TT"], True, False, "XX"])
def test_a_scheme_that_is_not_a_code_is_a_400_never_all_schemes(client, scheme):
    response = client.post(ELIGIBILITY, {"scheme": scheme}, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"code", "scheme"}


@pytest.mark.django_db
def test_capital_and_working_capital_together_are_capped(client):
    response = client.post(
        ELIGIBILITY,
        {"capital_cost": "99999999999", "working_capital": "99999999999"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["working_capital"] == ["Capital cost and working capital together are too large."]


@pytest.mark.django_db
def test_mda_window_is_counted_to_the_day_the_claim_is_made(client):
    """An event in January 2026 may be claimed up to 31 May 2026 (GO-MDA-2019 para 8)."""

    def window_rule(applied_on):
        body = client.post(
            ELIGIBILITY,
            {
                "scheme": "MDA",
                "claim_category": "up_other",
                "event_date": "2026-01-20",
                "applied_on": applied_on,
            },
            content_type="application/json",
        ).json()
        assert body["as_of"] == applied_on
        [result] = body["results"]
        return {r["code"]: r["status"] for r in result["outcome"]["rules"]}

    in_time, late = window_rule("2026-05-31"), window_rule("2026-06-01")
    [code] = [c for c in in_time if in_time[c] != late.get(c)]
    assert (in_time[code], late[code]) == ("passed", "failed")


@pytest.mark.django_db
def test_applied_on_cannot_be_in_the_future(client):
    from datetime import timedelta

    from django.utils import timezone

    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        ELIGIBILITY, {"applied_on": tomorrow}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["applied_on"] == ["This date cannot be in the future."]


@pytest.mark.django_db
@pytest.mark.parametrize(("asked", "granted"), [("15000", "15000.00"), ("35000", "20000.00")])
def test_toolkit_asked_is_capped_at_the_rulesets_value(client, asked, granted):
    body = client.post(
        "/api/v1/schemes/TT/benefit/", {"toolkit_value": asked}, content_type="application/json"
    ).json()
    lines = {line["code"]: line["amount"] for line in body["outcome"]["benefit"]["lines"]}
    assert Decimal(lines["toolkit"]) == Decimal(granted)


@pytest.mark.django_db
def test_schema_numbers_are_never_negative_and_have_a_maximum(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    props = schema["components"]["schemas"]["EligibilityRequest"]["properties"]
    number, text = props["capital_cost"]["oneOf"]
    assert number == {"type": "number", "minimum": 0, "maximum": 100000000000.0}
    import re

    assert [bool(re.fullmatch(text["pattern"], v)) for v in ("-5", "12.50", "१२", "1e5")] == [
        False,
        True,
        True,
        False,
    ]
    assert props["earlier_claims_in_year"]["minimum"] == 0
    assert props["earlier_claims_in_year"]["maximum"] == 99
    assert "pattern" in props["date_of_birth"]
    error = schema["paths"]["/api/v1/eligibility/"]["post"]["responses"]["400"]
    assert error["content"]["application/json"]["schema"]["required"] == ["code"]
