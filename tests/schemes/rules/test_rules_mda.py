"""Marketing Development Assistance (GO-MDA-2019 as amended by GO-MDA-2020)."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemes.rules import mda
from schemes.rules.base import Document, Status

PARAMS = mda.Parameters()
PROPERTY = settings(database=None, deadline=None, max_examples=300)
C = mda.ClaimCategory
T = mda.TradeType


def claim(**changes: object) -> mda.Facts:
    base = mda.Facts(
        as_of=date(2026, 3, 10),
        category=C.UP_OTHER,
        event_date=date(2026, 1, 15),
        has_registration=True,
        markets_district_product=True,
        earlier_claims_in_year=0,
        earlier_ecommerce_claims=0,
        has_other_scheme_benefit_for_event=False,
        verified_documents=frozenset({Document.REGISTRATION}),
    )
    return dataclasses.replace(base, **changes)


def statuses(facts: mda.Facts, params: mda.Parameters = PARAMS) -> dict[str, Status]:
    return {rule.code: rule.status for rule in mda.check_eligibility(facts, params)}


def paid(facts: mda.Facts, params: mda.Parameters = PARAMS) -> dict[str, Decimal]:
    benefit = mda.compute_benefit(facts, params)
    assert benefit is not None
    return {line.code: line.amount for line in benefit.lines}


# --- Caps per category (items 1-4) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "trade_type", "expenses", "code", "expected"),
    [
        # Item 1(क): other fairs inside UP.
        (C.UP_OTHER, None, {"stall_cost": "66666"}, "stall", "49999.50"),
        (C.UP_OTHER, None, {"stall_cost": "66667"}, "stall", "50000.00"),
        (C.UP_OTHER, None, {"stall_cost": "80000"}, "stall", "50000.00"),
        (C.UP_OTHER, None, {"freight_cost": "9999"}, "freight", "7499.25"),
        (C.UP_OTHER, None, {"freight_cost": "10000"}, "freight", "7500.00"),
        (C.UP_OTHER, None, {"freight_cost": "10001"}, "freight", "7500.00"),
        (C.UP_OTHER, None, {"rail_or_bus_fare": "1234.50"}, "travel", "1234.50"),
        # Item 1(ख): national/international fairs inside UP.
        (C.UP_NATIONAL, None, {"stall_cost": "199999"}, "stall", "149999.25"),
        (C.UP_NATIONAL, None, {"stall_cost": "200000"}, "stall", "150000.00"),
        (C.UP_NATIONAL, None, {"stall_cost": "300000"}, "stall", "150000.00"),
        (C.UP_NATIONAL, T.B2C, {"freight_cost": "20000"}, "freight", "7500.00"),
        (C.UP_NATIONAL, None, {"rail_or_bus_fare": "850"}, "travel", "850.00"),
        # Item 2: national/international fairs in India outside UP.
        (C.OUTSIDE_UP, None, {"stall_cost": "266666"}, "stall", "199999.50"),
        (C.OUTSIDE_UP, None, {"stall_cost": "266667"}, "stall", "200000.00"),
        (C.OUTSIDE_UP, None, {"stall_cost": "400000"}, "stall", "200000.00"),
        (C.OUTSIDE_UP, T.B2B, {"freight_cost": "33333"}, "freight", "24999.75"),
        (C.OUTSIDE_UP, T.B2B, {"freight_cost": "33334"}, "freight", "25000.00"),
        (C.OUTSIDE_UP, T.B2C, {"freight_cost": "33334"}, "freight", "25000.50"),
        (C.OUTSIDE_UP, T.B2C, {"freight_cost": "66666"}, "freight", "49999.50"),
        (C.OUTSIDE_UP, T.B2C, {"freight_cost": "66667"}, "freight", "50000.00"),
        (C.OUTSIDE_UP, None, {"air_fare": "9333"}, "air", "6999.75"),
        (C.OUTSIDE_UP, None, {"air_fare": "9334"}, "air", "7000.00"),
        (C.OUTSIDE_UP, None, {"air_fare": "20000"}, "air", "7000.00"),
        (C.OUTSIDE_UP, None, {"rail_or_bus_fare": "5000"}, "travel", "5000.00"),
        # Item 3: fairs abroad.
        (C.FOREIGN, None, {"stall_cost": "266666"}, "stall", "199999.50"),
        (C.FOREIGN, None, {"stall_cost": "266667"}, "stall", "200000.00"),
        (C.FOREIGN, T.B2B, {"freight_cost": "40000"}, "freight", "25000.00"),
        (C.FOREIGN, T.B2C, {"freight_cost": "80000"}, "freight", "50000.00"),
        (C.FOREIGN, T.B2C, {"freight_cost": "10000"}, "freight", "7500.00"),
        (C.FOREIGN, None, {"rail_or_bus_fare": "3000", "air_fare": "90000"}, "travel", "69750.00"),
        (C.FOREIGN, None, {"rail_or_bus_fare": "4000", "air_fare": "96000"}, "travel", "75000.00"),
        (C.FOREIGN, None, {"rail_or_bus_fare": "4000", "air_fare": "96001"}, "travel", "75000.00"),
        (C.FOREIGN, None, {"air_fare": "50000"}, "travel", "37500.00"),
        # Item 4: e-commerce onboarding.
        (C.ECOMMERCE, None, {"ecommerce_cost": "8000"}, "ecommerce", "6000.00"),
        (C.ECOMMERCE, None, {"ecommerce_cost": "13333"}, "ecommerce", "9999.75"),
        (C.ECOMMERCE, None, {"ecommerce_cost": "13334"}, "ecommerce", "10000.00"),
        (C.ECOMMERCE, None, {"ecommerce_cost": "13333.33"}, "ecommerce", "10000.00"),
    ],
)
def test_each_category_pays_75_percent_up_to_its_cap(
    category: mda.ClaimCategory,
    trade_type: mda.TradeType | None,
    expenses: dict[str, str],
    code: str,
    expected: str,
) -> None:
    facts = claim(
        category=category,
        trade_type=trade_type,
        **{name: Decimal(value) for name, value in expenses.items()},
    )
    benefit = mda.compute_benefit(facts, PARAMS)
    assert benefit is not None
    assert [line.code for line in benefit.lines] == [code]
    assert benefit.line(code).amount == Decimal(expected)
    assert benefit.amount == Decimal(expected)


def test_full_claim_for_a_fair_outside_up() -> None:
    facts = claim(
        category=C.OUTSIDE_UP,
        trade_type=T.B2B,
        stall_cost=Decimal("300000"),
        freight_cost=Decimal("40000"),
        rail_or_bus_fare=Decimal("2500"),
        air_fare=Decimal("12000"),
    )
    benefit = mda.compute_benefit(facts, PARAMS)
    assert benefit is not None
    assert [(line.code, line.amount, line.clause) for line in benefit.lines] == [
        ("stall", Decimal("200000.00"), "GO-MDA-2020 item 2"),
        ("freight", Decimal("25000.00"), "GO-MDA-2020 item 2"),
        ("travel", Decimal("2500.00"), "GO-MDA-2020 item 2"),
        ("air", Decimal("7000.00"), "GO-MDA-2020 item 2"),
    ]
    assert benefit.amount == Decimal("234500.00")
    assert benefit.line("stall").note_en == "75% of ₹3,00,000 is ₹2,25,000, at most ₹2,00,000."
    assert benefit.line("stall").note_hi == "₹3,00,000 का 75% = ₹2,25,000, अधिकतम ₹2,00,000।"


@pytest.mark.parametrize(
    ("category", "expenses", "uncovered"),
    [
        (C.UP_OTHER, {"air_fare": "5000"}, "air"),
        (C.UP_NATIONAL, {"ecommerce_cost": "5000"}, "ecommerce"),
        (C.ECOMMERCE, {"stall_cost": "5000"}, "stall"),
        (C.FOREIGN, {"ecommerce_cost": "5000"}, "ecommerce"),
    ],
)
def test_expense_outside_the_category_is_shown_at_zero(
    category: mda.ClaimCategory, expenses: dict[str, str], uncovered: str
) -> None:
    facts = claim(category=category, **{k: Decimal(v) for k, v in expenses.items()})
    benefit = mda.compute_benefit(facts, PARAMS)
    assert benefit is not None
    assert benefit.line(uncovered).amount == Decimal("0.00")
    assert benefit.amount == Decimal("0.00")


def test_freight_outside_up_needs_to_know_b2b_or_b2c() -> None:
    facts = claim(category=C.OUTSIDE_UP, freight_cost=Decimal("10000"))
    assert mda.compute_benefit(facts, PARAMS) is None
    assert mda.compute_benefit(dataclasses.replace(facts, trade_type=T.B2B), PARAMS) is not None
    # Freight inside UP has one cap whatever the kind of fair.
    assert paid(claim(category=C.UP_OTHER, freight_cost=Decimal("10000"))) == {"freight": Decimal("7500.00")}


def test_nothing_claimed_pays_nothing() -> None:
    benefit = mda.compute_benefit(claim(), PARAMS)
    assert benefit is not None
    assert benefit.amount == Decimal("0.00")
    assert benefit.lines == ()


def test_changed_rate_and_cap_change_the_result() -> None:
    params = mda.Parameters.from_dict({"reimbursement_rate": "0.5", "up_other_stall_cap": "60000"})
    assert paid(claim(stall_cost=Decimal("100000")), params) == {"stall": Decimal("50000.00")}
    assert paid(claim(stall_cost=Decimal("200000")), params) == {"stall": Decimal("60000.00")}
    assert paid(claim(stall_cost=Decimal("100000"))) == {"stall": Decimal("50000.00")}
    assert paid(claim(stall_cost=Decimal("60000"))) == {"stall": Decimal("45000.00")}


# --- Claim window (GO-MDA-2019 para 8) -------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "start", "last"),
    [
        (date(2026, 1, 15), date(2026, 2, 1), date(2026, 5, 31)),
        (date(2026, 1, 31), date(2026, 2, 1), date(2026, 5, 31)),
        (date(2026, 1, 1), date(2026, 2, 1), date(2026, 5, 31)),
        (date(2025, 12, 31), date(2026, 1, 1), date(2026, 4, 30)),
        (date(2028, 1, 10), date(2028, 2, 1), date(2028, 5, 30)),
        (date(2026, 3, 31), date(2026, 4, 1), date(2026, 7, 29)),
    ],
)
def test_claim_window_is_120_days_after_the_event_month(event: date, start: date, last: date) -> None:
    assert mda.claim_window(event, PARAMS) == (start, last)
    assert (last - start).days + 1 == 120


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (date(2026, 1, 14), Status.FAILED),
        (date(2026, 1, 15), Status.PASSED),
        (date(2026, 1, 31), Status.PASSED),
        (date(2026, 2, 1), Status.PASSED),
        (date(2026, 5, 31), Status.PASSED),
        (date(2026, 6, 1), Status.FAILED),
    ],
)
def test_within_time_edges(as_of: date, status: Status) -> None:
    assert statuses(claim(as_of=as_of, event_date=date(2026, 1, 15)))["within_time"] == status


def test_late_claim_message_gives_the_last_day() -> None:
    rule = mda.evaluate(claim(as_of=date(2026, 6, 1)), PARAMS).rule("within_time")
    assert rule.message_en == (
        "The claim had to be made within 120 days after the month of the event, that is by 31-05-2026."
    )
    assert rule.message_hi == "दावा आयोजन के महीने के बाद 120 दिन के भीतर, यानी 31-05-2026 तक, करना था।"


def test_window_parameter_changes_the_result() -> None:
    params = mda.Parameters.from_dict({"claim_window_days": 30})
    assert mda.claim_window(date(2026, 1, 15), params) == (date(2026, 2, 1), date(2026, 3, 2))
    assert statuses(claim(as_of=date(2026, 3, 2)), params)["within_time"] == Status.PASSED
    assert statuses(claim(as_of=date(2026, 3, 3)), params)["within_time"] == Status.FAILED
    assert statuses(claim(as_of=date(2026, 3, 3)))["within_time"] == Status.PASSED


def test_unknown_event_date_asks_for_it() -> None:
    assert statuses(claim(event_date=None))["within_time"] == Status.NEEDS_DOCUMENT


# --- Three claims a financial year (GO-MDA-2020) ---------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "status"),
    [
        (0, Status.PASSED),
        (1, Status.PASSED),
        (2, Status.PASSED),
        (3, Status.FAILED),
        (4, Status.FAILED),
        (None, Status.NEEDS_DOCUMENT),
    ],
)
def test_at_most_three_fair_claims_a_year(earlier: int | None, status: Status) -> None:
    assert statuses(claim(earlier_claims_in_year=earlier))["claims_per_year"] == status


def test_claim_limit_parameter_changes_the_result() -> None:
    params = mda.Parameters(max_claims_per_year=4)
    assert statuses(claim(earlier_claims_in_year=3), params)["claims_per_year"] == Status.PASSED


@pytest.mark.parametrize(
    ("event", "year"),
    [
        (date(2026, 3, 31), "2025-26"),
        (date(2026, 4, 1), "2026-27"),
    ],
)
def test_claims_count_in_the_financial_year_of_the_fair(event: date, year: str) -> None:
    facts = claim(event_date=event, as_of=date(2026, 4, 20), earlier_claims_in_year=2)
    assert mda.claim_financial_year(facts) == year
    rule = mda.evaluate(facts, PARAMS).rule("claims_per_year")
    assert rule.status == Status.PASSED
    assert rule.message_en == f"This is fair claim 3 of at most 3 for the financial year {year}."


def test_claim_financial_year_unknown_without_event_date() -> None:
    assert mda.claim_financial_year(claim(event_date=None)) is None


# --- Other rules -----------------------------------------------------------------------------


def test_all_rules_pass_for_a_good_fair_claim() -> None:
    outcome = mda.evaluate(claim(stall_cost=Decimal("10000")), PARAMS)
    assert [(r.code, r.status, r.clause) for r in outcome.rules] == [
        ("registration", Status.PASSED, "GO-MDA-2019 para 2"),
        ("district_product", Status.PASSED, "GO-MDA-2019 para 2"),
        ("within_time", Status.PASSED, "GO-MDA-2019 para 8"),
        ("claims_per_year", Status.PASSED, "GO-MDA-2020 (3 claims a financial year)"),
        ("one_scheme_per_fair", Status.PASSED, "GO-MDA-2019, GO-MDA-2020 (one scheme per fair)"),
    ]
    assert outcome.is_eligible is True
    assert outcome.needs_documents is False
    assert outcome.scheme == "MDA"
    assert outcome.benefit is not None
    assert outcome.benefit.amount == Decimal("7500.00")


def test_ecommerce_claim_is_once_only_and_outside_the_yearly_count() -> None:
    facts = claim(category=C.ECOMMERCE, earlier_claims_in_year=3)
    assert statuses(facts) == {
        "registration": Status.PASSED,
        "district_product": Status.PASSED,
        "within_time": Status.PASSED,
        "ecommerce_once": Status.PASSED,
    }
    again = dataclasses.replace(facts, earlier_ecommerce_claims=1)
    assert statuses(again)["ecommerce_once"] == Status.FAILED
    unknown = dataclasses.replace(facts, earlier_ecommerce_claims=None)
    assert statuses(unknown)["ecommerce_once"] == Status.NEEDS_DOCUMENT


@pytest.mark.parametrize(
    ("changes", "code", "status"),
    [
        ({"has_registration": False}, "registration", Status.FAILED),
        ({"has_registration": None}, "registration", Status.NEEDS_DOCUMENT),
        ({"verified_documents": frozenset()}, "registration", Status.NEEDS_DOCUMENT),
        ({"markets_district_product": False}, "district_product", Status.FAILED),
        ({"markets_district_product": None}, "district_product", Status.NEEDS_DOCUMENT),
        ({"has_other_scheme_benefit_for_event": True}, "one_scheme_per_fair", Status.FAILED),
        (
            {"has_other_scheme_benefit_for_event": None},
            "one_scheme_per_fair",
            Status.NEEDS_DOCUMENT,
        ),
    ],
)
def test_each_rule_reacts_to_its_fact(changes: dict[str, object], code: str, status: Status) -> None:
    result = statuses(claim(**changes))
    assert result[code] == status
    assert [c for c, s in result.items() if s != Status.PASSED] == [code]


def test_optional_conditions_are_off_by_default() -> None:
    facts = claim(date_of_birth=date(2012, 1, 1), has_udyam=False, has_similar_benefit_recently=True)
    assert set(statuses(facts)) == {
        "registration",
        "district_product",
        "within_time",
        "claims_per_year",
        "one_scheme_per_fair",
    }


def test_optional_conditions_when_turned_on() -> None:
    params = mda.Parameters.from_dict(
        {"require_min_age": True, "require_no_similar_benefit": True, "require_udyam": True}
    )
    young = claim(date_of_birth=date(2008, 3, 11), has_udyam=False, has_similar_benefit_recently=True)
    result = statuses(young, params)
    assert result["age"] == Status.FAILED
    assert result["udyam"] == Status.FAILED
    assert result["no_similar_benefit"] == Status.FAILED
    adult = claim(
        date_of_birth=date(2008, 3, 10),
        has_udyam=True,
        has_similar_benefit_recently=False,
        verified_documents=frozenset({Document.REGISTRATION, Document.UDYAM_REGISTRATION}),
    )
    result = statuses(adult, params)
    assert (result["age"], result["udyam"], result["no_similar_benefit"]) == (
        Status.PASSED,
        Status.PASSED,
        Status.PASSED,
    )
    unchecked = dataclasses.replace(adult, verified_documents=frozenset({Document.REGISTRATION}))
    assert statuses(unchecked, params)["udyam"] == Status.NEEDS_DOCUMENT


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"stall_cost": Decimal("-1")}, "stall_cost"),
        ({"earlier_claims_in_year": -1}, "earlier_claims_in_year"),
        ({"category": "carnival"}, "carnival"),
        ({"trade_type": "b2x"}, "b2x"),
    ],
)
def test_impossible_facts_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        claim(**changes)


def test_parameters_round_trip() -> None:
    params = mda.Parameters(outside_up_air_cap=Decimal("9000"), require_udyam=True)
    data = params.to_dict()
    assert data["outside_up_air_cap"] == "9000"
    assert data["reimbursement_rate"] == "0.75"
    assert mda.Parameters.from_dict(data) == params


# --- Properties ------------------------------------------------------------------------------

amounts = st.one_of(st.none(), st.decimals(min_value=0, max_value=5_000_000, places=2))


@PROPERTY
@given(
    category=st.sampled_from(list(C)),
    trade_type=st.sampled_from(list(T)),
    stall=amounts,
    freight=amounts,
    rail=amounts,
    air=amounts,
    ecommerce=amounts,
)
def test_no_line_exceeds_its_cap_or_its_share(
    category: mda.ClaimCategory,
    trade_type: mda.TradeType,
    stall: Decimal | None,
    freight: Decimal | None,
    rail: Decimal | None,
    air: Decimal | None,
    ecommerce: Decimal | None,
) -> None:
    facts = claim(
        category=category,
        trade_type=trade_type,
        stall_cost=stall,
        freight_cost=freight,
        rail_or_bus_fare=rail,
        air_fare=air,
        ecommerce_cost=ecommerce,
    )
    benefit = mda.compute_benefit(facts, PARAMS)
    assert benefit is not None
    rules = {rule.code: rule for rule in mda.line_rules(category, trade_type, PARAMS)}
    # Caps written out from the GOs, independent of the module's parameters.
    caps = {
        (C.UP_OTHER, "stall"): Decimal("50000"),
        (C.UP_OTHER, "freight"): Decimal("7500"),
        (C.UP_NATIONAL, "stall"): Decimal("150000"),
        (C.UP_NATIONAL, "freight"): Decimal("7500"),
        (C.OUTSIDE_UP, "stall"): Decimal("200000"),
        (C.OUTSIDE_UP, "freight"): Decimal("25000" if trade_type == T.B2B else "50000"),
        (C.OUTSIDE_UP, "air"): Decimal("7000"),
        (C.FOREIGN, "stall"): Decimal("200000"),
        (C.FOREIGN, "freight"): Decimal("25000" if trade_type == T.B2B else "50000"),
        (C.FOREIGN, "travel"): Decimal("75000"),
        (C.ECOMMERCE, "ecommerce"): Decimal("10000"),
    }
    for line in benefit.lines:
        assert line.amount >= 0
        if line.code not in rules:
            assert line.amount == 0
            continue
        spent = sum(
            (getattr(facts, name) for name in rules[line.code].sources if getattr(facts, name)),
            Decimal("0"),
        )
        cap = caps.get((category, line.code))
        if cap is None:  # actual 3-AC rail / AC bus fare
            assert line.amount == spent
        else:
            assert line.amount <= cap
            assert line.amount <= (spent * Decimal("0.75")).quantize(Decimal("0.01"), "ROUND_HALF_UP")
    assert benefit.amount == sum((line.amount for line in benefit.lines), Decimal("0"))
