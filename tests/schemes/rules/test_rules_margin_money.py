"""Margin Money (GO-MM-2018): slabs, own contribution, loan, eligibility."""

import dataclasses
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemes.rules import margin_money as mm
from schemes.rules.base import CostItem, Document, Status

PARAMS = mm.Parameters()
PROPERTY = settings(database=None, deadline=None, max_examples=300)
LAKH = Decimal("100000")
AS_OF = date(2026, 5, 12)


def facts_for(project_cost: Decimal, **changes: object) -> mm.Facts:
    """Facts whose project cost is exactly ``project_cost`` (all of it machinery)."""
    base = mm.Facts(
        as_of=AS_OF,
        date_of_birth=date(1990, 1, 1),
        makes_district_product=True,
        is_defaulter=False,
        has_earlier_self_employment_benefit=False,
        family_has_received_margin_money=False,
        capital_costs=(CostItem("Machinery", project_cost),),
        working_capital=Decimal("0"),
    )
    return dataclasses.replace(base, **changes)


def eligible_facts(**changes: object) -> mm.Facts:
    return facts_for(
        Decimal("1000000"),
        **{"verified_documents": frozenset({Document.AFFIDAVIT}), **changes},
    )


def statuses(facts: mm.Facts, params: mm.Parameters = PARAMS) -> dict[str, Status]:
    return {rule.code: rule.status for rule in mm.check_eligibility(facts, params)}


# --- Slabs (paras 1(2)-1(5)) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("project_cost", "expected", "clause"),
    [
        ("0", "0.00", "GO-MM-2018 para 1(2)"),
        ("0.01", "0.00", "GO-MM-2018 para 1(2)"),
        ("0.02", "0.01", "GO-MM-2018 para 1(2)"),
        ("1", "0.25", "GO-MM-2018 para 1(2)"),
        ("100000", "25000.00", "GO-MM-2018 para 1(2)"),
        ("2499999", "624999.75", "GO-MM-2018 para 1(2)"),
        ("2500000", "625000.00", "GO-MM-2018 para 1(2)"),
        ("2500001", "625000.00", "GO-MM-2018 para 1(3)"),
        ("3125000", "625000.00", "GO-MM-2018 para 1(3)"),
        ("3125005", "625001.00", "GO-MM-2018 para 1(3)"),
        ("4999999", "999999.80", "GO-MM-2018 para 1(3)"),
        ("5000000", "1000000.00", "GO-MM-2018 para 1(3)"),
        ("5000001", "1000000.00", "GO-MM-2018 para 1(4)"),
        ("10000000", "1000000.00", "GO-MM-2018 para 1(4)"),
        ("10000010", "1000001.00", "GO-MM-2018 para 1(4)"),
        ("14999999", "1499999.90", "GO-MM-2018 para 1(4)"),
        ("15000000", "1500000.00", "GO-MM-2018 para 1(4)"),
        ("15000001", "1500000.10", "GO-MM-2018 para 1(5)"),
        ("19999999", "1999999.90", "GO-MM-2018 para 1(5)"),
        ("20000000", "2000000.00", "GO-MM-2018 para 1(5)"),
        ("20000001", "2000000.00", "GO-MM-2018 para 1(5)"),
        ("50000000", "2000000.00", "GO-MM-2018 para 1(5)"),
    ],
)
def test_margin_money_slabs_at_every_boundary(project_cost: str, expected: str, clause: str) -> None:
    benefit = mm.compute_benefit(facts_for(Decimal(project_cost)), PARAMS)
    assert benefit is not None
    assert benefit.amount == Decimal(expected)
    line = benefit.line("margin_money")
    assert line.amount == Decimal(expected)
    assert line.clause == clause
    assert mm.margin_money_for(Decimal(project_cost), PARAMS) == Decimal(expected)


def test_slab_note_explains_the_calculation() -> None:
    benefit = mm.compute_benefit(facts_for(Decimal("3000000")), PARAMS)
    assert benefit is not None
    line = benefit.line("margin_money")
    assert line.note_en == (
        "Project cost above ₹25,00,000 up to ₹50,00,000: 20% of ₹30,00,000 is ₹6,00,000, "
        "or ₹6,25,000, whichever is more."
    )
    assert line.note_hi == (
        "₹25,00,000 से अधिक और ₹50,00,000 तक की परियोजना: ₹30,00,000 का 20% = ₹6,00,000 या "
        "₹6,25,000, जो भी अधिक हो।"
    )


# --- Project cost, own contribution, loan ----------------------------------------------------


def test_breakdown_excludes_land_and_adds_working_capital() -> None:
    facts = facts_for(
        Decimal("0"),
        capital_costs=(
            CostItem("Machinery", Decimal("1500000")),
            CostItem("Rented work-shed", Decimal("200000")),
            CostItem("Land", Decimal("800000"), is_land=True),
        ),
        working_capital=Decimal("300000"),
    )
    benefit = mm.compute_benefit(facts, PARAMS)
    assert benefit is not None
    assert [(line.code, line.amount) for line in benefit.lines] == [
        ("capital_cost", Decimal("2500000.00")),
        ("land_excluded", Decimal("800000.00")),
        ("working_capital", Decimal("300000.00")),
        ("project_cost", Decimal("2000000.00")),
        ("margin_money", Decimal("500000.00")),
        ("own_contribution", Decimal("200000.00")),
        ("bank_loan", Decimal("1300000.00")),
    ]
    assert benefit.amount == Decimal("500000.00")
    assert benefit.line("land_excluded").clause == "GO-MM-2018 para 1(9)"


def test_land_does_not_lift_a_project_into_a_higher_slab() -> None:
    facts = facts_for(
        Decimal("0"),
        capital_costs=(
            CostItem("Machinery", Decimal("2500000")),
            CostItem("Land", Decimal("5000000"), is_land=True),
        ),
    )
    benefit = mm.compute_benefit(facts, PARAMS)
    assert benefit is not None
    assert benefit.line("project_cost").amount == Decimal("2500000.00")
    assert benefit.amount == Decimal("625000.00")


@pytest.mark.parametrize(
    ("categories", "own", "loan"),
    [
        (frozenset(), "200000.00", "1300000.00"),
        (frozenset({mm.Category.SC}), "100000.00", "1400000.00"),
        (frozenset({mm.Category.ST}), "100000.00", "1400000.00"),
        (frozenset({mm.Category.OBC}), "100000.00", "1400000.00"),
        (frozenset({mm.Category.MINORITY}), "100000.00", "1400000.00"),
        (frozenset({mm.Category.WOMAN}), "100000.00", "1400000.00"),
        (frozenset({mm.Category.DIVYANG}), "100000.00", "1400000.00"),
        (frozenset({mm.Category.WOMAN, mm.Category.SC}), "100000.00", "1400000.00"),
    ],
)
def test_own_contribution_by_category(categories: frozenset, own: str, loan: str) -> None:
    benefit = mm.compute_benefit(facts_for(Decimal("2000000"), categories=categories), PARAMS)
    assert benefit is not None
    assert benefit.line("margin_money").amount == Decimal("500000.00")
    assert benefit.line("own_contribution").amount == Decimal(own)
    assert benefit.line("bank_loan").amount == Decimal(loan)


def test_categories_accept_form_strings() -> None:
    facts = facts_for(Decimal("2000000"), categories=frozenset({"obc"}))
    assert facts.categories == frozenset({mm.Category.OBC})
    benefit = mm.compute_benefit(facts, PARAMS)
    assert benefit is not None
    assert benefit.line("own_contribution").note_en == (
        "5% of the project cost (special category: Other Backward Class)."
    )


@pytest.mark.parametrize(
    ("project_cost", "margin", "own", "loan"),
    [
        ("1234567.89", "308641.97", "123456.79", "802469.13"),
        ("0.03", "0.01", "0.00", "0.02"),
        ("25000000", "2000000.00", "2500000.00", "20500000.00"),
    ],
)
def test_loan_is_the_remainder_to_the_paisa(project_cost: str, margin: str, own: str, loan: str) -> None:
    benefit = mm.compute_benefit(facts_for(Decimal(project_cost)), PARAMS)
    assert benefit is not None
    assert benefit.line("margin_money").amount == Decimal(margin)
    assert benefit.line("own_contribution").amount == Decimal(own)
    assert benefit.line("bank_loan").amount == Decimal(loan)


@pytest.mark.parametrize(
    "changes", [{"capital_costs": None}, {"working_capital": None}], ids=["costs", "working"]
)
def test_no_benefit_until_costs_are_known(changes: dict[str, object]) -> None:
    assert mm.compute_benefit(facts_for(Decimal("100000"), **changes), PARAMS) is None


def test_changed_parameter_changes_the_margin_money() -> None:
    facts = facts_for(Decimal("2500000"))
    default = mm.compute_benefit(facts, PARAMS)
    changed = mm.compute_benefit(
        facts, mm.Parameters.from_dict({"slab1_rate": "0.30", "slab1_cap": "700000"})
    )
    assert default is not None
    assert changed is not None
    assert default.amount == Decimal("625000.00")
    assert changed.amount == Decimal("700000.00")


def test_parameters_round_trip() -> None:
    params = mm.Parameters(min_age=21, require_up_domicile=True, slab4_cap=Decimal("2500000"))
    data = params.to_dict()
    assert data["slab4_cap"] == "2500000"
    assert data["require_up_domicile"] is True
    assert mm.Parameters.from_dict(data) == params


@pytest.mark.parametrize(
    "data",
    [
        {"slab1_limit": "6000000"},
        {"slab1_rate": "1.5"},
        {"own_contribution_special_rate": "2"},
    ],
)
def test_inconsistent_parameters_are_refused(data: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        mm.Parameters.from_dict(data)


# --- Eligibility (para 2) ------------------------------------------------------------------


def test_all_rules_pass_for_an_eligible_general_applicant() -> None:
    outcome = mm.evaluate(eligible_facts(), PARAMS)
    assert [(r.code, r.status, r.clause) for r in outcome.rules] == [
        ("age", Status.PASSED, "GO-MM-2018 para 2(1)"),
        ("district_product", Status.PASSED, "GO-MM-2018 para 2(3)"),
        ("not_defaulter", Status.PASSED, "GO-MM-2018 para 2(4)"),
        ("no_earlier_self_employment_benefit", Status.PASSED, "GO-MM-2018 para 2(5)"),
        ("once_per_family", Status.PASSED, "GO-MM-2018 para 2(6)"),
        ("category_certificate", Status.PASSED, "GO-MM-2018 para 2(8), para 1(7)"),
        ("affidavit", Status.PASSED, "GO-MM-2018 para 2(7), para 3(1)"),
    ]
    assert outcome.is_eligible is True
    assert outcome.needs_documents is False
    assert outcome.scheme == "MM"
    assert outcome.benefit is not None
    assert outcome.benefit.amount == Decimal("250000.00")


@pytest.mark.parametrize(
    ("dob", "as_of", "status"),
    [
        (date(2008, 5, 12), date(2026, 5, 11), Status.FAILED),
        (date(2008, 5, 12), date(2026, 5, 12), Status.PASSED),
        (date(2008, 2, 29), date(2026, 2, 28), Status.FAILED),
        (date(2008, 2, 29), date(2026, 3, 1), Status.PASSED),
    ],
)
def test_age_18_on_the_date_of_application(dob: date, as_of: date, status: Status) -> None:
    assert statuses(eligible_facts(date_of_birth=dob, as_of=as_of))["age"] == status


def test_age_failure_message_says_when_to_apply() -> None:
    facts = eligible_facts(date_of_birth=date(2008, 5, 12), as_of=date(2026, 5, 11))
    rule = mm.evaluate(facts, PARAMS).rule("age")
    assert rule.message_en == (
        "You must be at least 18 years old. On 11-05-2026 you are 17; you can apply from 12-05-2026."
    )
    assert rule.message_hi == (
        "आवेदक की आयु कम से कम 18 वर्ष होनी चाहिए। 11-05-2026 को आपकी आयु 17 वर्ष है; आप 12-05-2026 से आवेदन कर सकते हैं।"
    )


def test_min_age_parameter_changes_the_result() -> None:
    facts = eligible_facts(date_of_birth=date(2006, 1, 1))
    assert statuses(facts)["age"] == Status.PASSED
    assert statuses(facts, mm.Parameters(min_age=21))["age"] == Status.FAILED


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"makes_district_product": False}, "district_product"),
        ({"is_defaulter": True}, "not_defaulter"),
        ({"has_earlier_self_employment_benefit": True}, "no_earlier_self_employment_benefit"),
        ({"family_has_received_margin_money": True}, "once_per_family"),
    ],
)
def test_each_condition_can_rule_the_applicant_out(changes: dict[str, object], code: str) -> None:
    outcome = mm.evaluate(eligible_facts(**changes), PARAMS)
    failed = [rule.code for rule in outcome.rules if rule.status == Status.FAILED]
    assert failed == [code]
    assert outcome.is_eligible is False


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"date_of_birth": None}, "age"),
        ({"makes_district_product": None}, "district_product"),
        ({"is_defaulter": None}, "not_defaulter"),
        ({"has_earlier_self_employment_benefit": None}, "no_earlier_self_employment_benefit"),
        ({"family_has_received_margin_money": None}, "once_per_family"),
    ],
)
def test_unknown_facts_ask_for_an_answer(changes: dict[str, object], code: str) -> None:
    outcome = mm.evaluate(eligible_facts(**changes), PARAMS)
    needing = [rule.code for rule in outcome.rules if rule.status == Status.NEEDS_DOCUMENT]
    assert needing == [code]
    assert outcome.is_eligible is True
    assert outcome.needs_documents is True


def test_every_rule_is_reported_when_several_fail() -> None:
    facts = eligible_facts(
        date_of_birth=date(2010, 1, 1),
        is_defaulter=True,
        has_earlier_self_employment_benefit=True,
        family_has_received_margin_money=True,
        verified_documents=frozenset(),
    )
    assert statuses(facts) == {
        "age": Status.FAILED,
        "district_product": Status.PASSED,
        "not_defaulter": Status.FAILED,
        "no_earlier_self_employment_benefit": Status.FAILED,
        "once_per_family": Status.FAILED,
        "category_certificate": Status.PASSED,
        "affidavit": Status.NEEDS_DOCUMENT,
    }


def test_special_category_needs_its_certificate_until_checked() -> None:
    claimed = eligible_facts(categories=frozenset({mm.Category.SC}))
    rule = mm.evaluate(claimed, PARAMS).rule("category_certificate")
    assert rule.status == Status.NEEDS_DOCUMENT
    assert rule.document == "category_certificate"
    assert rule.message_en == (
        "Attach a certificate from the competent authority for your category (Scheduled Caste). "
        "With it your own contribution is 5% of the project cost instead of 10%."
    )
    checked = dataclasses.replace(
        claimed,
        verified_documents=frozenset({Document.AFFIDAVIT, Document.CATEGORY_CERTIFICATE}),
    )
    assert statuses(checked)["category_certificate"] == Status.PASSED


def test_affidavit_is_needed_until_checked() -> None:
    rule = mm.evaluate(eligible_facts(verified_documents=frozenset()), PARAMS).rule("affidavit")
    assert rule.status == Status.NEEDS_DOCUMENT
    assert rule.document == "affidavit"


def test_up_domicile_is_not_a_rule_by_default() -> None:
    assert "up_domicile" not in statuses(eligible_facts(is_up_domicile=False))


@pytest.mark.parametrize(
    ("domicile", "verified", "status"),
    [
        (None, frozenset(), Status.NEEDS_DOCUMENT),
        (False, frozenset(), Status.FAILED),
        (True, frozenset(), Status.NEEDS_DOCUMENT),
        (True, frozenset({Document.DOMICILE_CERTIFICATE}), Status.PASSED),
    ],
)
def test_up_domicile_when_turned_on(domicile: bool | None, verified: frozenset, status: Status) -> None:
    params = mm.Parameters.from_dict({"require_up_domicile": True})
    facts = eligible_facts(is_up_domicile=domicile, verified_documents=verified)
    assert statuses(facts, params)["up_domicile"] == status


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"working_capital": Decimal("-1")}, "working_capital"),
        ({"categories": frozenset({"brahmin"})}, "brahmin"),
        ({"date_of_birth": date(2027, 1, 1)}, "date_of_birth"),
    ],
)
def test_impossible_facts_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        facts_for(Decimal("1"), **changes)


def test_negative_cost_line_is_refused() -> None:
    with pytest.raises(ValueError, match="Machinery"):
        CostItem("Machinery", Decimal("-5"))


# --- Properties ------------------------------------------------------------------------------


def go_formula(cost: Decimal) -> Decimal:
    """The reference's sketch, in lakh, written independently of the module."""
    p = cost / LAKH
    if p <= 25:
        value = min(Decimal("0.25") * p, Decimal("6.25"))
    elif p <= 50:
        value = max(Decimal("6.25"), Decimal("0.20") * p)
    elif p <= 150:
        value = max(Decimal("10"), Decimal("0.10") * p)
    else:
        value = min(Decimal("0.10") * p, Decimal("20"))
    return (value * LAKH).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


costs = st.decimals(min_value=0, max_value=500_000_000, places=2, allow_nan=False)


@PROPERTY
@given(cost=costs)
def test_margin_money_follows_the_slabs_and_the_ceilings(cost: Decimal) -> None:
    margin = mm.margin_money_for(cost, PARAMS)
    assert margin == go_formula(cost)
    assert margin <= Decimal("2000000")
    assert margin <= cost


@PROPERTY
@given(first=costs, second=costs)
def test_margin_money_never_falls_as_cost_rises(first: Decimal, second: Decimal) -> None:
    low, high = sorted((first, second))
    assert mm.margin_money_for(low, PARAMS) <= mm.margin_money_for(high, PARAMS)


@PROPERTY
@given(
    machinery=costs,
    land=costs,
    working=st.decimals(min_value=0, max_value=50_000_000, places=2),
    categories=st.frozensets(st.sampled_from(list(mm.Category))),
)
def test_financing_adds_up_to_the_project_cost(
    machinery: Decimal, land: Decimal, working: Decimal, categories: frozenset
) -> None:
    facts = facts_for(
        Decimal("0"),
        capital_costs=(CostItem("Machinery", machinery), CostItem("Land", land, is_land=True)),
        working_capital=working,
        categories=categories,
    )
    benefit = mm.compute_benefit(facts, PARAMS)
    assert benefit is not None
    project = benefit.line("project_cost").amount
    assert project == machinery + working
    parts = (
        benefit.line("margin_money").amount
        + benefit.line("own_contribution").amount
        + benefit.line("bank_loan").amount
    )
    assert parts == project
    assert benefit.line("bank_loan").amount >= 0
