from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from schemes.models import RuleSet, Scheme

CODES = ["MM", "TT", "MDA", "CFC"]


def _en(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.django_db
def test_four_schemes_with_their_first_rulesets():
    assert list(Scheme.objects.values_list("code", flat=True)) == CODES
    assert RuleSet.objects.count() == 4
    tt = RuleSet.objects.get(scheme__code="TT")
    assert tt.go_date == date(2020, 5, 5)
    assert tt.rule_parameters().honorarium_per_day == Decimal("200")
    mm = RuleSet.objects.get(scheme__code="MM").rule_parameters()
    assert (mm.slab1_cap, mm.slab4_cap) == (Decimal("625000"), Decimal("2000000"))


@pytest.mark.django_db
def test_shipped_rulesets_hold_exactly_the_rules_module_defaults():
    """The first RuleSets are the GO values; the module defaults are the GO values too."""
    for ruleset in RuleSet.objects.select_related("scheme"):
        assert ruleset.parameters == ruleset.scheme.rules.Parameters().to_dict(), ruleset.scheme.code


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "texts"),
    [
        ("margin-money", ["₹6,25,000", "₹20,00,000", "Documents needed", "Project report", "13/2018/861"]),
        (
            "training-and-toolkit",
            ["₹200 a day", "₹20,000", "Proof of traditional craft work", "347/18-4-2020"],
        ),
        (
            "marketing-development-assistance",
            ["₹2,00,000", "B2B ₹25,000, B2C ₹50,000", "120 days", "263/18-4-2020"],
        ),
        ("common-facility-centre", ["₹9,00,00,000", "40%", "613/18-4-2023"]),
    ],
)
def test_scheme_pages_show_rules_documents_and_gos(client, slug, texts):
    html = _en(client).get(reverse("schemes:detail", args=[slug])).content.decode()
    for text in texts:
        assert text in html, text


@pytest.mark.django_db
def test_worked_examples_are_computed_by_the_rules(client):
    response = _en(client).get(reverse("schemes:detail", args=["margin-money"]))
    amounts = [example.benefit.amount for example in response.context["examples"]]
    # 10 L -> 25% = 2.5 L; 40 L -> max(6.25 L, 8 L); 1 crore -> max(10 L, 10 L); 2 crore -> min(20 L, 20 L)
    assert amounts == [
        Decimal("250000.00"),
        Decimal("800000.00"),
        Decimal("1000000.00"),
        Decimal("2000000.00"),
        Decimal("250000.00"),
    ]
    html = response.content.decode()
    assert "₹8,00,000" in html


@pytest.mark.django_db
def test_scheme_page_in_hindi(client):
    client.cookies["django_language"] = "hi"
    html = client.get(reverse("schemes:detail", args=["training-and-toolkit"])).content.decode()
    assert "प्रशिक्षण एवं टूलकिट" in html
    assert "दक्षता/कौशल विकास" in html


@pytest.mark.django_db
def test_unknown_scheme_is_404(client):
    assert client.get(reverse("schemes:detail", args=["lottery"])).status_code == 404


TOOLKIT_YES_MM_NO = {
    "date_of_birth": "1988-06-15",
    "gender": "male",
    "social_category": "general",
    "is_up_native": "yes",
    "makes_district_product": "yes",
    "capital_cost": "400000",
    "working_capital": "100000",
    "is_defaulter": "no",
    "has_earlier_self_employment_benefit": "yes",
    "family_has_received_margin_money": "no",
    "practises_craft": "yes",
    "received_toolkit_before": "no",
    "family_has_received_toolkit": "no",
}


@pytest.mark.django_db
def test_checker_gives_every_rule_and_the_benefit(client):
    response = _en(client).post(reverse("schemes:eligibility"), TOOLKIT_YES_MM_NO)
    assert response.status_code == 200
    results = {r.scheme.code: r for r in response.context["results"]}
    mm, tt = results["MM"].outcome, results["TT"].outcome
    assert mm.is_eligible is False
    assert [rule.code for rule in mm.rules if rule.status == "failed"] == [
        "no_earlier_self_employment_benefit"
    ]
    assert mm.benefit.amount == Decimal("125000.00")
    assert tt.is_eligible is True
    assert tt.benefit.amount == Decimal("22000.00")
    assert results["MDA"].outcome is None and results["CFC"].outcome is None
    html = response.content.decode()
    assert "Not eligible" in html
    assert "GO-MM-2018 para 2(5)" in html


@pytest.mark.django_db
def test_checker_in_hindi_explains_in_hindi(client):
    client.cookies["django_language"] = "hi"
    html = client.post(reverse("schemes:eligibility"), TOOLKIT_YES_MM_NO).content.decode()
    assert "पात्र नहीं" in html
    assert "स्वरोजगार योजना" in html


@pytest.mark.django_db
def test_checker_keeps_answers_and_names_the_bad_field(client):
    data = {**TOOLKIT_YES_MM_NO, "capital_cost": "four lakh", "date_of_birth": "2999-01-01"}
    response = _en(client).post(reverse("schemes:eligibility"), data)
    assert response.status_code == 200
    assert response.context["results"] is None
    assert set(response.context["form"].errors) == {"capital_cost", "date_of_birth"}
    html = response.content.decode()
    assert "Enter a number." in html
    assert "This date cannot be in the future." in html
    assert 'value="four lakh"' in html
    assert 'value="100000"' in html


@pytest.mark.django_db
def test_checker_page_works_without_answers(client):
    response = _en(client).get(reverse("schemes:eligibility"))
    assert response.status_code == 200
    assert response.context["results"] is None
    empty = _en(client).post(reverse("schemes:eligibility"), {})
    assert [r.scheme.code for r in empty.context["results"]] == CODES


@pytest.mark.django_db
def test_checker_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    _en(client)
    with django_assert_num_queries(2):  # schemes, rule sets in force
        client.post(reverse("schemes:eligibility"), TOOLKIT_YES_MM_NO)


@pytest.mark.django_db
def test_checker_answers_a_visitor_who_has_no_csrf_cookie():
    """The empty form is a cached public page with no token in it, so the answer needs none: it
    stores nothing and acts for no one."""
    from django.test import Client

    visitor = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    form = visitor.get(reverse("schemes:eligibility"))
    assert "csrfmiddlewaretoken" not in form.content.decode()
    response = visitor.post(reverse("schemes:eligibility"), TOOLKIT_YES_MM_NO)
    assert response.status_code == 200
    results = {r.scheme.code: r for r in response.context["results"]}
    assert results["TT"].outcome.is_eligible is True
