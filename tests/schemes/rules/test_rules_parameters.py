"""The figures of every scheme: each invariant is refused naming its field, and every bad field is
listed at once, so a draft RuleSet's form can show state staff what to correct."""

import dataclasses
import pickle
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from fractions import Fraction
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from schemes.rules import cfc, margin_money, mda, toolkit
from schemes.rules.base import (
    FIELD_CODES,
    MAX_FIGURE,
    PARAMETER_MESSAGES,
    CostItem,
    ParameterError,
    parameter_problems,
)

MODULES = [margin_money, toolkit, mda, cfc]
PROPERTY = settings(
    database=None, deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow]
)


def refused(module: ModuleType, data: dict[str, Any]) -> ParameterError:
    with pytest.raises(ParameterError) as caught:
        module.Parameters.from_dict(data)
    return caught.value


def fields_of(module: ModuleType) -> dict[str, Any]:
    """Each parameter's name and GO value."""
    return dataclasses.asdict(module.Parameters())


def numeric_fields(module: ModuleType) -> list[str]:
    return [
        name
        for name, value in fields_of(module).items()
        if isinstance(value, (int, Decimal, Fraction)) and not isinstance(value, bool)
    ]


# --- ParameterError ---------------------------------------------------------------------------


def test_parameter_error_names_the_field_and_keeps_being_a_value_error() -> None:
    error = ParameterError("slab2_limit", "slabs_out_of_order", {"other": "slab1_limit"})
    assert isinstance(error, ValueError)
    assert (error.field, error.code, error.params) == (
        "slab2_limit",
        "slabs_out_of_order",
        {"other": "slab1_limit"},
    )
    assert str(error) == "limits must rise: 'slab2_limit' must be more than 'slab1_limit'"
    assert error.message_en == str(error)
    assert error.message_hi == "सीमाएं बढ़ते क्रम में होनी चाहिए: 'slab2_limit', 'slab1_limit' से अधिक होना चाहिए"


def test_parameter_error_survives_pickling() -> None:
    # Celery results and cached form states pickle exceptions.
    error = ParameterError("slab4_cap", "cap_below_floor", {"other": "slab3_floor"})
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own object)
    assert copy == error
    assert str(copy) == "parameter 'slab4_cap' must not be below 'slab3_floor'"


def test_an_unknown_code_fails_where_it_is_raised() -> None:
    with pytest.raises(KeyError):
        ParameterError("slab1_rate", "no_such_code")


@pytest.mark.parametrize("code", sorted(PARAMETER_MESSAGES))
def test_every_code_has_an_english_and_a_hindi_message(code: str) -> None:
    english, hindi = PARAMETER_MESSAGES[code]
    assert english
    assert hindi
    assert any("\u0900" <= char <= "\u097f" for char in hindi)


# --- The GO figures -------------------------------------------------------------------------


@pytest.mark.parametrize("module", MODULES)
def test_the_go_defaults_validate(module: ModuleType) -> None:
    params = module.Parameters()
    assert parameter_problems(module.Parameters, {}) == []
    assert parameter_problems(module.Parameters, params.to_dict()) == []
    for name, value in dataclasses.asdict(params).items():
        assert module.Parameters.field_problem(name, value) is None, name


# --- Every invariant, refused with its field and code ----------------------------------------

# (scheme, draft, field named, code, params). Each draft breaks one invariant only, so each row
# fails if its check is removed (the draft would load, or another check would name another
# field or code).
INVARIANTS = [
    # Margin Money: shares of the project cost.
    *[
        (margin_money, {name: "1.01"}, name, "rate_over_one", {})
        for name in (
            "slab1_rate",
            "slab2_rate",
            "slab3_rate",
            "slab4_rate",
            "own_contribution_general_rate",
            "own_contribution_special_rate",
        )
    ],
    *[
        (margin_money, {name: "0"}, name, "not_positive", {})
        for name in ("slab1_limit", "slab1_rate", "slab1_cap", "slab4_cap")
    ],
    (margin_money, {"min_age": 101}, "min_age", "too_large", {"maximum": "100"}),
    (margin_money, {"slab2_limit": "2500000"}, "slab2_limit", "slabs_out_of_order", {"other": "slab1_limit"}),
    (margin_money, {"slab3_limit": "5000000"}, "slab3_limit", "slabs_out_of_order", {"other": "slab2_limit"}),
    (
        margin_money,
        {"own_contribution_special_rate": "0.11"},
        "own_contribution_special_rate",
        "above_other",
        {"other": "own_contribution_general_rate"},
    ),
    *[
        (margin_money, {name: "0.9"}, name, "leaves_no_loan", {"other": "own_contribution_general_rate"})
        for name in ("slab1_rate", "slab2_rate", "slab3_rate", "slab4_rate")
    ],
    (
        margin_money,
        {"own_contribution_general_rate": "0.75"},
        "slab1_rate",
        "leaves_no_loan",
        {"other": "own_contribution_general_rate"},
    ),
    # 90% of Rs 25 lakh is Rs 22.5 lakh: a floor that high leaves nothing for the bank.
    (margin_money, {"slab2_floor": "2250000"}, "slab2_floor", "leaves_no_loan", {"other": "slab1_limit"}),
    (margin_money, {"slab3_floor": "4500000"}, "slab3_floor", "leaves_no_loan", {"other": "slab2_limit"}),
    (margin_money, {"slab4_cap": "600000"}, "slab4_cap", "cap_below_floor", {"other": "slab2_floor"}),
    (margin_money, {"slab4_cap": "900000"}, "slab4_cap", "cap_below_floor", {"other": "slab3_floor"}),
    # Business Standard's 15% for slab 3 would pay Rs 22.5 lakh at Rs 150 lakh, above Rs 20 lakh.
    (
        margin_money,
        {"slab3_rate": "0.15"},
        "slab3_rate",
        "over_ceiling",
        {"slab": "3", "amount": "₹22,50,000", "other": "slab4_cap"},
    ),
    (
        margin_money,
        {"slab2_rate": "0.45"},
        "slab2_rate",
        "over_ceiling",
        {"slab": "2", "amount": "₹22,50,000", "other": "slab4_cap"},
    ),
    (
        margin_money,
        {"slab1_rate": "0.85", "slab1_cap": "2500000"},
        "slab1_rate",
        "over_ceiling",
        {"slab": "1", "amount": "₹21,25,000", "other": "slab4_cap"},
    ),
    (
        margin_money,
        {"slab1_rate": "0.85", "slab1_cap": "2100000"},
        "slab1_cap",
        "over_ceiling",
        {"slab": "1", "amount": "₹21,00,000", "other": "slab4_cap"},
    ),
    # Training and Toolkit.
    *[
        (toolkit, {name: 0}, name, "too_small", {"minimum": "1"})
        for name in (
            "toolkit_lookback_years",
            "rpl_bridge_days",
            "general_skill_days",
            "max_trainees_per_batch",
        )
    ],
    (toolkit, {"toolkit_value_cap": "0"}, "toolkit_value_cap", "not_positive", {}),
    *[
        (toolkit, {name: limit + 1}, name, "too_large", {"maximum": str(limit)})
        for name, limit in (
            ("min_age", 100),
            ("toolkit_lookback_years", 100),
            ("rpl_bridge_days", 365),
            ("general_skill_days", 365),
            ("edp_days", 365),
        )
    ],
    # Marketing Development Assistance.
    (mda, {"reimbursement_rate": "1.01"}, "reimbursement_rate", "rate_over_one", {}),
    (mda, {"reimbursement_rate": "0"}, "reimbursement_rate", "not_positive", {}),
    *[
        (mda, {name: 0}, name, "too_small", {"minimum": "1"})
        for name in (
            "ecommerce_claims_per_person",
            "max_claims_per_year",
            "claim_window_days",
            "similar_benefit_lookback_years",
        )
    ],
    *[
        (mda, {name: limit + 1}, name, "too_large", {"maximum": str(limit)})
        for name, limit in (
            ("claim_window_days", 3650),
            ("min_age", 100),
            ("similar_benefit_lookback_years", 100),
        )
    ],
    # Common Facility Centre.
    *[
        (cfc, {name: "1.01"}, name, "rate_over_one", {})
        for name in (
            "band1_min_spv_rate",
            "band2_min_spv_rate",
            "band3_min_spv_rate",
            "special_min_spv_rate",
            "special_max_state_rate",
            "institution_max_state_rate",
            "max_member_share",
            "first_instalment_rate",
            "second_instalment_rate",
            "third_instalment_rate",
        )
    ],
    (cfc, {"min_product_linked_share": "4/3"}, "min_product_linked_share", "rate_over_one", {}),
    *[
        (cfc, {name: "0"}, name, "not_positive", {})
        for name in ("band1_limit", "max_member_share", "first_instalment_rate", "third_instalment_rate")
    ],
    *[(cfc, {name: 0}, name, "too_small", {"minimum": "1"}) for name in ("min_members", "min_lease_years")],
    (cfc, {"allowed_legal_forms": []}, "allowed_legal_forms", "empty", {}),
    (
        cfc,
        {"allowed_legal_forms": ["society", "trust"]},
        "allowed_legal_forms",
        "bad_value",
        {"value": "'trust'"},
    ),
    (cfc, {"band2_limit": "40000000"}, "band2_limit", "slabs_out_of_order", {"other": "band1_limit"}),
    (cfc, {"band3_limit": "80000000"}, "band3_limit", "slabs_out_of_order", {"other": "band2_limit"}),
    (
        cfc,
        {"second_instalment_rate": "0.2"},
        "third_instalment_rate",
        "shares_do_not_add_up",
        {"parts": "first_instalment_rate + second_instalment_rate + third_instalment_rate", "total": "0.90"},
    ),
]


@pytest.mark.parametrize(
    ("module", "data", "field", "code", "params"),
    INVARIANTS,
    ids=[f"{row[0].CODE}-{row[2]}-{row[3]}-{'-'.join(row[1])}" for row in INVARIANTS],
)
def test_each_invariant_is_refused_naming_its_field(
    module: ModuleType, data: dict[str, Any], field: str, code: str, params: dict[str, str]
) -> None:
    error = refused(module, data)
    assert (error.field, error.code, error.params) == (field, code, params)
    assert field in fields_of(module)
    assert f"'{field}'" in str(error)
    assert f"'{field}'" in error.message_hi
    assert parameter_problems(module.Parameters, data) == [error]


def test_every_code_is_one_some_check_raises() -> None:
    raised = {row[3] for row in INVARIANTS} | {"unknown", "bad_value", "not_negative"}
    assert raised == set(PARAMETER_MESSAGES)
    assert FIELD_CODES.issubset(raised)


@pytest.mark.parametrize(
    ("module", "data"),
    [
        # The bounds themselves are allowed.
        (margin_money, {"min_age": 100}),
        (toolkit, {"min_age": 100, "toolkit_lookback_years": 100, "rpl_bridge_days": 365, "edp_days": 365}),
        (mda, {"claim_window_days": 3650, "similar_benefit_lookback_years": 100}),
        (mda, {"reimbursement_rate": "1"}),
        (cfc, {"max_member_share": "1", "min_product_linked_share": "1"}),
        (cfc, {"band1_limit": MAX_FIGURE - 2, "band2_limit": MAX_FIGURE - 1, "band3_limit": MAX_FIGURE}),
        # Zeros the rules can live with, each for the reason given next to the parameter.
        (toolkit, {"edp_days": 0, "honorarium_per_day": "0", "food_cost_cap_per_day": "0"}),
        (toolkit, {"institution_cost_cap_per_day": "0"}),
        (mda, {"outside_up_air_cap": "0", "ecommerce_cap": "0", "min_age": 0}),
        (cfc, {"special_state_cap": "0", "institution_state_cap": "0", "special_max_state_rate": "0"}),
        (cfc, {"min_product_linked_share": "0", "band1_min_spv_rate": "0"}),
        (
            cfc,
            {"first_instalment_rate": "0.7", "second_instalment_rate": "0", "third_instalment_rate": "0.3"},
        ),
        # A GO may move slab 1 alone; the margin money then jumps at Rs 25 lakh, which no rule
        # forbids. A slab 1 cap above the overall ceiling is harmless while 25% never reaches it.
        (margin_money, {"slab1_rate": "0.30", "slab1_cap": "700000"}),
        (margin_money, {"slab1_cap": "3000000"}),
        (margin_money, {"own_contribution_special_rate": "0.10"}),
        (margin_money, {"slab2_floor": "2249999.99", "slab4_cap": "2250000"}),
    ],
)
def test_figures_at_the_edges_are_allowed(module: ModuleType, data: dict[str, Any]) -> None:
    assert parameter_problems(module.Parameters, data) == []
    params = module.Parameters.from_dict(data)
    assert module.Parameters.from_dict(params.to_dict()) == params


@pytest.mark.parametrize("module", MODULES)
def test_every_number_refuses_a_negative(module: ModuleType) -> None:
    for name in numeric_fields(module):
        error = refused(module, {name: "-1"})
        assert (error.field, error.code, str(error)) == (
            name,
            "not_negative",
            f"parameter '{name}' must not be negative",
        )


@pytest.mark.parametrize("module", MODULES)
def test_every_money_figure_refuses_an_amount_beyond_any_go(module: ModuleType) -> None:
    names = [name for name, value in fields_of(module).items() if isinstance(value, Decimal)]
    assert names
    for name in names:
        error = refused(module, {name: str(MAX_FIGURE + Decimal("0.01"))})
        assert (error.field, error.code, error.params) == (name, "too_large", {"maximum": "1000000000000"})


# --- Reading stored figures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "raw"),
    [
        ("slab1_rate", "a quarter"),
        ("slab1_rate", True),
        ("slab1_rate", "NaN"),
        ("slab1_rate", "sNaN"),
        ("slab1_rate", "Infinity"),
        ("slab1_rate", float("inf")),
        ("slab1_rate", float("nan")),
        ("slab1_rate", None),
        ("slab1_rate", [0, [2, 5], -2]),  # Decimal would read this tuple form as 0.25
        ("slab1_rate", {"value": "0.25"}),
        ("min_age", "eighteen"),
        ("min_age", True),
        ("min_age", 18.5),
        ("min_age", 18.0),
        ("min_age", "--5"),
        ("min_age", "²"),
        ("min_age", None),
        ("require_up_domicile", "yes"),
        ("require_up_domicile", 1),
        ("require_up_domicile", None),
    ],
)
def test_a_value_that_is_not_of_the_fields_type_is_bad_value(field: str, raw: Any) -> None:
    error = refused(margin_money, {field: raw})
    assert (error.field, error.code) == (field, "bad_value")
    assert str(error).startswith(f"parameter '{field}': cannot use ")


@pytest.mark.parametrize(
    ("field", "raw"),
    [
        ("min_product_linked_share", "1/0"),
        ("min_product_linked_share", float("inf")),
        ("min_product_linked_share", "two-thirds"),
        ("min_product_linked_share", True),
        ("min_product_linked_share", [2, 3]),
        ("allowed_legal_forms", "society"),
        ("allowed_legal_forms", ["society", 8]),
    ],
)
def test_fractions_and_lists_that_cannot_be_read_are_bad_value(field: str, raw: Any) -> None:
    error = refused(cfc, {field: raw})
    assert (error.field, error.code) == (field, "bad_value")


def test_a_long_refused_value_is_cut_short_in_the_message() -> None:
    error = refused(margin_money, {"slab1_rate": "x" * 500})
    assert len(error.params["value"]) == 60
    assert error.params["value"].endswith("...")


def test_json_numbers_mean_what_they_say() -> None:
    assert cfc.Parameters.from_dict({"min_product_linked_share": 0.7}).min_product_linked_share == Fraction(
        7, 10
    )
    assert margin_money.Parameters.from_dict({"min_age": " 21 "}).min_age == 21
    assert margin_money.Parameters.from_dict({"min_age": "२१"}).min_age == 21


def test_a_wrong_python_type_passed_directly_is_still_a_type_error() -> None:
    # Code that builds Parameters itself has a bug to fix, not a figure to correct.
    with pytest.raises(TypeError, match="slab1_rate"):
        margin_money.Parameters(slab1_rate=0.25)  # type: ignore[arg-type]


def test_direct_construction_checks_the_same_invariants() -> None:
    with pytest.raises(ParameterError) as caught:
        margin_money.Parameters(slab4_cap=Decimal("900000"))
    assert (caught.value.field, caught.value.code) == ("slab4_cap", "cap_below_floor")


# --- All problems at once -------------------------------------------------------------------


def test_parameter_problems_lists_every_bad_field_in_the_order_given() -> None:
    problems = parameter_problems(
        margin_money.Parameters,
        {
            "slab1_rate": "1.5",
            "slab2_limit": "100",  # out of order, but only worth saying once the rest are fine
            "slab5_rate": "0.05",
            "min_age": "eighteen",
            "slab4_cap": "-1",
        },
    )
    assert [(p.field, p.code) for p in problems] == [
        ("slab1_rate", "rate_over_one"),
        ("slab5_rate", "unknown"),
        ("min_age", "bad_value"),
        ("slab4_cap", "not_negative"),
    ]
    assert (
        str(problems[1]) == "unknown parameter 'slab5_rate' for schemes.rules.margin_money.terms.Parameters"
    )


def test_parameter_problems_gives_the_first_cross_field_problem_once_each_field_is_fine() -> None:
    problems = parameter_problems(margin_money.Parameters, {"slab2_limit": "100", "slab4_cap": "600000"})
    assert problems == [ParameterError("slab2_limit", "slabs_out_of_order", {"other": "slab1_limit"})]


def test_from_dict_raises_the_first_of_the_problems() -> None:
    data = {"claim_window_days": 0, "reimbursement_rate": "2"}
    error = refused(mda, data)
    assert error == parameter_problems(mda.Parameters, data)[0]
    assert (error.field, error.code, str(error)) == (
        "claim_window_days",
        "too_small",
        "parameter 'claim_window_days' must be at least 1",
    )


# --- Properties ------------------------------------------------------------------------------

AS_OF = date(2026, 5, 12)

raw_numbers = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.decimals(min_value=-2, max_value=2, places=4).map(str),
    st.fractions(min_value=-2, max_value=2, max_denominator=1000).map(str),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)
scales = st.sampled_from(["0", "0.5", "0.9", "0.99", "1", "1.01", "1.5", "2", "10", "1000"])


@st.composite
def one_mutation(draw: st.DrawFn, module: ModuleType) -> tuple[str, Any]:
    """A numeric field and a new value: anything JSON could hold, or the GO figure scaled."""
    name = draw(st.sampled_from(numeric_fields(module)))
    default = getattr(module.Parameters(), name)
    scaled = draw(scales)
    if isinstance(default, int):
        near = int(default * Decimal(scaled)) + draw(st.integers(min_value=-1, max_value=1))
    elif isinstance(default, Fraction):
        near = str(default * Fraction(scaled))
    else:
        near = str(default * Decimal(scaled))
    return name, draw(st.one_of(st.just(near), raw_numbers))


def check_rules_hold(module: ModuleType, params: Any) -> None:
    """Figures that load never make a rule fail to answer, and keep the rules' own promises."""
    if module is margin_money:
        born_young = AS_OF - timedelta(days=365 * 10)
        for cost in (
            Decimal("0.01"),
            Decimal("1"),
            params.slab1_limit,
            params.slab1_limit + Decimal("0.01"),
            params.slab2_limit,
            params.slab2_limit + Decimal("0.01"),
            params.slab3_limit,
            params.slab3_limit + Decimal("0.01"),
            params.slab3_limit * 3,
        ):
            facts = margin_money.Facts(
                as_of=AS_OF,
                date_of_birth=born_young,
                capital_costs=(CostItem("Machinery", cost),),
                working_capital=Decimal("0"),
                categories=frozenset({"woman"}) if cost > params.slab2_limit else frozenset(),
            )
            benefit = margin_money.evaluate(facts, params).benefit
            assert benefit is not None
            margin = benefit.line("margin_money").amount
            assert benefit.line("bank_loan").amount >= 0
            assert margin <= benefit.line("project_cost").amount
            assert margin <= params.slab4_cap
    elif module is toolkit:
        facts = toolkit.Facts(
            as_of=AS_OF,
            date_of_birth=AS_OF - timedelta(days=365 * 10),
            received_toolkit_before=True,
            last_toolkit_on=AS_OF - timedelta(days=30),
            toolkit_value=Decimal("25000"),
        )
        benefit = toolkit.evaluate(facts, params).benefit
        assert benefit is not None
        assert benefit.line("honorarium").amount >= 0
        assert benefit.line("toolkit").amount <= params.toolkit_value_cap
    elif module is mda:
        for category in mda.ClaimCategory:
            facts = mda.Facts(
                as_of=AS_OF,
                category=category,
                event_date=AS_OF - timedelta(days=200),
                trade_type=mda.TradeType.B2C,
                stall_cost=Decimal("300000"),
                freight_cost=Decimal("60000"),
                rail_or_bus_fare=Decimal("5000"),
                air_fare=Decimal("90000"),
                ecommerce_cost=Decimal("20000"),
                earlier_claims_in_year=2,
                earlier_ecommerce_claims=0,
                date_of_birth=AS_OF - timedelta(days=365 * 10),
            )
            benefit = mda.evaluate(facts, params).benefit
            assert benefit is not None
            assert benefit.amount >= 0
    else:
        for applicant in cfc.Applicant:
            for cost in (
                params.band1_limit,
                params.band2_limit + Decimal("0.01"),
                params.band3_limit,
                params.band3_limit * 2,
            ):
                facts = cfc.Facts(
                    as_of=AS_OF,
                    applicant=applicant,
                    member_count=20,
                    product_linked_members=14,
                    cost_items=(CostItem("Machinery", cost),),
                    is_environment_or_research_project=True,
                )
                benefit = cfc.evaluate(facts, params).benefit
                assert benefit is not None
                state = benefit.line("state_share").amount
                assert state >= 0
                assert benefit.line("spv_share").amount >= 0
                parts = [benefit.line(f"instalment_{n}").amount for n in (1, 2, 3)]
                assert all(part >= 0 for part in parts)
                assert sum(parts) == state


@pytest.mark.parametrize("module", MODULES)
def test_the_go_defaults_keep_the_rules_promises(module: ModuleType) -> None:
    check_rules_hold(module, module.Parameters())


@pytest.mark.parametrize("module", MODULES)
@PROPERTY
@given(data=st.data())
def test_a_changed_figure_loads_or_is_refused_by_name(module: ModuleType, data: st.DataObject) -> None:
    name, value = data.draw(one_mutation(module))
    draft = {**module.Parameters().to_dict(), name: value}
    problems = parameter_problems(module.Parameters, draft)
    try:
        params = module.Parameters.from_dict(draft)
    except ParameterError as error:
        assert error.field in fields_of(module)
        assert error.code in PARAMETER_MESSAGES
        assert problems
        assert problems[0] == error
        assert error.message_hi
        return
    assert problems == []
    check_rules_hold(module, params)


@pytest.mark.parametrize("module", MODULES)
@PROPERTY
@given(data=st.data())
def test_parameter_problems_lists_every_field_that_fails_on_its_own(
    module: ModuleType, data: st.DataObject
) -> None:
    mutations = dict(data.draw(st.lists(one_mutation(module), min_size=1, max_size=6)))

    def fails_on_its_own(name: str) -> bool:
        try:
            module.Parameters.from_dict({name: mutations[name]})
        except ParameterError as error:
            if error.code in FIELD_CODES:
                assert error.field == name
                return True
        return False

    expected = [name for name in mutations if fails_on_its_own(name)]
    problems = parameter_problems(module.Parameters, mutations)
    if expected:
        assert [problem.field for problem in problems] == expected
        assert all(problem.code in FIELD_CODES for problem in problems)
    else:
        assert len(problems) <= 1
        assert all(problem.code not in FIELD_CODES for problem in problems)


@st.composite
def margin_money_drafts(draw: st.DrawFn) -> dict[str, str]:
    """Whole slab tables drawn inside the invariants, so nearly all of them load."""
    paisa = Decimal("0.01")

    def below(limit: Decimal) -> Decimal:
        return draw(
            st.decimals(min_value=0, max_value=(limit - paisa).quantize(paisa, ROUND_FLOOR), places=2)
        )

    rate = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("0.6"), places=3)
    amount = st.decimals(min_value=1, max_value=10**8, places=2)
    limit1 = draw(amount)
    limit2 = limit1 + draw(amount)
    limit3 = limit2 + draw(amount)
    rates = [draw(rate) for _ in range(4)]
    cap1 = draw(amount)
    general = draw(st.decimals(min_value=0, max_value=Decimal("0.35"), places=3))
    floor2 = below((1 - general) * limit1)
    floor3 = below((1 - general) * limit2)
    needed = max(floor2, floor3, min(rates[0] * limit1, cap1), rates[1] * limit2, rates[2] * limit3)
    cap4 = needed.quantize(paisa, ROUND_CEILING) + draw(st.decimals(min_value=0, max_value=10**7, places=2))
    return {
        "slab1_limit": str(limit1),
        "slab1_rate": str(rates[0]),
        "slab1_cap": str(cap1),
        "slab2_limit": str(limit2),
        "slab2_rate": str(rates[1]),
        "slab2_floor": str(floor2),
        "slab3_limit": str(limit3),
        "slab3_rate": str(rates[2]),
        "slab3_floor": str(floor3),
        "slab4_rate": str(rates[3]),
        "slab4_cap": str(max(cap4, Decimal(1))),
        "own_contribution_general_rate": str(general),
        "own_contribution_special_rate": str(draw(st.decimals(min_value=0, max_value=general, places=3))),
    }


@PROPERTY
@given(
    draft=margin_money_drafts(),
    cost=st.decimals(min_value=0, max_value=10**9, places=2),
    special=st.booleans(),
)
def test_any_slab_table_that_loads_leaves_a_bank_loan_and_stays_under_the_ceiling(
    draft: dict[str, str], cost: Decimal, special: bool
) -> None:
    assert parameter_problems(margin_money.Parameters, draft) == []
    params = margin_money.Parameters.from_dict(draft)
    facts = margin_money.Facts(
        as_of=AS_OF,
        capital_costs=(CostItem("Machinery", cost),),
        working_capital=Decimal("0"),
        categories=frozenset({"sc"}) if special else frozenset(),
    )
    benefit = margin_money.compute_benefit(facts, params)
    assert benefit is not None
    margin = benefit.line("margin_money").amount
    assert 0 <= margin <= min(cost, params.slab4_cap)
    assert benefit.line("bank_loan").amount >= 0
    assert margin + benefit.line("own_contribution").amount + benefit.line("bank_loan").amount == cost


@PROPERTY
@given(
    first=st.decimals(min_value=Decimal("0.001"), max_value=Decimal("0.998"), places=3),
    second=st.decimals(min_value=0, max_value=Decimal("0.998"), places=3),
    share=st.decimals(min_value=0, max_value=10**9, places=2),
)
def test_any_instalment_split_that_loads_pays_the_state_share_exactly(
    first: Decimal, second: Decimal, share: Decimal
) -> None:
    third = 1 - first - second
    assume(third > 0)
    params = cfc.Parameters.from_dict(
        {
            "first_instalment_rate": str(first),
            "second_instalment_rate": str(second),
            "third_instalment_rate": str(third),
        }
    )
    parts = cfc.instalments(share, params)
    assert all(part >= 0 for part in parts)
    assert sum(parts) == share
