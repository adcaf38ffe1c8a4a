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
    assert response.json() == {"capital_cost": ["एक संख्या दर्ज करें ।"]}


@pytest.mark.django_db
def test_schema_documents_the_scheme_endpoints(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/eligibility/" in schema["paths"]
    assert "/api/v1/schemes/{code}/benefit/" in schema["paths"]
    body = schema["components"]["schemas"]["EligibilityRequest"]["properties"]
    assert {"date_of_birth", "capital_cost", "claim_category", "scheme"} <= set(body)
