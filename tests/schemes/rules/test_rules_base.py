"""Shared pieces of the scheme rules: dates, money, parameters, outcomes."""

import json
from datetime import date
from decimal import Decimal
from types import ModuleType

import pytest

from schemes.rules import SCHEME_MODULES, cfc, margin_money, mda, toolkit
from schemes.rules.base import (
    Benefit,
    BenefitLine,
    Outcome,
    RuleOutcome,
    Status,
    age_on,
    anniversary,
    financial_year,
    format_inr,
    format_rate,
    money,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 31), "2025-26"),
        (date(2026, 4, 1), "2026-27"),
        (date(2026, 1, 1), "2025-26"),
        (date(2026, 12, 31), "2026-27"),
        (date(2027, 3, 31), "2026-27"),
        (date(1999, 4, 1), "1999-00"),
        (date(2000, 3, 31), "1999-00"),
        (date(2009, 4, 1), "2009-10"),
    ],
)
def test_financial_year_runs_april_to_march(day: date, expected: str) -> None:
    assert financial_year(day) == expected


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(2008, 5, 12), 18, date(2026, 5, 12)),
        (date(2008, 2, 29), 18, date(2026, 3, 1)),
        (date(2004, 2, 29), 20, date(2024, 2, 29)),
        (date(2024, 2, 29), 2, date(2026, 3, 1)),
        (date(2024, 2, 28), 2, date(2026, 2, 28)),
        (date(2025, 12, 31), 1, date(2026, 12, 31)),
    ],
)
def test_anniversary_moves_29_february_to_1_march_in_common_years(
    start: date, years: int, expected: date
) -> None:
    assert anniversary(start, years) == expected


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        (date(2008, 5, 12), date(2026, 5, 11), 17),
        (date(2008, 5, 12), date(2026, 5, 12), 18),
        (date(2008, 5, 12), date(2026, 5, 13), 18),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2004, 2, 29), date(2024, 2, 28), 19),
        (date(2004, 2, 29), date(2024, 2, 29), 20),
        (date(2008, 1, 1), date(2008, 1, 1), 0),
    ],
)
def test_age_on_counts_completed_years(born: date, on: date, expected: int) -> None:
    assert age_on(born, on) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0.005"), Decimal("0.01")),
        (Decimal("0.004"), Decimal("0.00")),
        (Decimal("2.675"), Decimal("2.68")),
        (Decimal("-2.675"), Decimal("-2.68")),
        (5, Decimal("5.00")),
    ],
)
def test_money_rounds_half_up_to_paise(value: Decimal | int, expected: Decimal) -> None:
    result = money(value)
    assert result == expected
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("0"), "₹0"),
        (Decimal("100"), "₹100"),
        (Decimal("1234.5"), "₹1,234.50"),
        (Decimal("625000"), "₹6,25,000"),
        (Decimal("2000000"), "₹20,00,000"),
        (Decimal("100000000"), "₹10,00,00,000"),
        (Decimal("123456789.05"), "₹12,34,56,789.05"),
        (Decimal("-1500"), "-₹1,500"),
    ],
)
def test_format_inr_uses_indian_grouping(amount: Decimal, expected: str) -> None:
    assert format_inr(amount) == expected


@pytest.mark.parametrize(
    ("rate", "expected"),
    [(Decimal("0.75"), "75%"), (Decimal("0.075"), "7.5%"), (Decimal("0.10"), "10%")],
)
def test_format_rate(rate: Decimal, expected: str) -> None:
    assert format_rate(rate) == expected


# --- Parameters ---------------------------------------------------------------------------


def test_parameters_from_dict_rejects_an_unknown_key_by_name() -> None:
    with pytest.raises(ValueError, match="'slab5_rate'"):
        margin_money.Parameters.from_dict({"slab5_rate": "0.05"})


def test_parameters_from_dict_fills_missing_keys_with_go_defaults() -> None:
    params = margin_money.Parameters.from_dict({"min_age": 21})
    assert params.min_age == 21
    assert params.slab1_cap == Decimal("625000")
    assert params.require_up_domicile is False


def test_parameters_from_empty_dict_are_the_defaults() -> None:
    assert toolkit.Parameters.from_dict({}) == toolkit.Parameters()


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"slab1_rate": "a quarter"}, "slab1_rate"),
        ({"slab1_rate": True}, "slab1_rate"),
        ({"slab1_rate": "NaN"}, "slab1_rate"),
        ({"min_age": "eighteen"}, "min_age"),
        ({"min_age": True}, "min_age"),
        ({"min_age": 18.5}, "min_age"),
        ({"require_up_domicile": "yes"}, "require_up_domicile"),
        ({"slab1_cap": "-1"}, "slab1_cap"),
    ],
)
def test_parameters_from_dict_rejects_bad_values_naming_the_key(data: dict[str, object], key: str) -> None:
    with pytest.raises(ValueError, match=f"'{key}'"):
        margin_money.Parameters.from_dict(data)


def test_parameters_from_dict_accepts_json_numbers() -> None:
    params = margin_money.Parameters.from_dict({"slab1_rate": 0.3, "slab1_cap": 700000})
    assert params.slab1_rate == Decimal("0.3")
    assert params.slab1_cap == Decimal("700000")


def test_parameters_reject_a_float_passed_directly() -> None:
    with pytest.raises(TypeError, match="honorarium_per_day"):
        toolkit.Parameters(honorarium_per_day=250.0)  # type: ignore[arg-type]


@pytest.mark.parametrize("module", [margin_money, toolkit, mda, cfc])
def test_every_scheme_parameters_round_trip_through_json(module: ModuleType) -> None:
    params = module.Parameters()
    stored = json.loads(json.dumps(params.to_dict()))
    assert module.Parameters.from_dict(stored) == params


def test_scheme_modules_are_registered_by_code() -> None:
    assert dict(SCHEME_MODULES) == {"MM": margin_money, "TT": toolkit, "MDA": mda, "CFC": cfc}
    assert [m.NAME_EN for m in SCHEME_MODULES.values()] == [
        "ODOP Financial Assistance (Margin Money) Scheme",
        "ODOP Training and Toolkit Distribution Scheme",
        "ODOP Marketing Development Assistance Scheme",
        "ODOP Common Facility Centre (CFC) Promotion Scheme",
    ]


# --- Outcome ------------------------------------------------------------------------------


def _rule(code: str, status: Status) -> RuleOutcome:
    return RuleOutcome(code, status, "en", "hi", "GO-X para 1")


@pytest.mark.parametrize(
    ("statuses", "eligible", "needs"),
    [
        ((Status.PASSED, Status.PASSED), True, False),
        ((Status.PASSED, Status.NEEDS_DOCUMENT), True, True),
        ((Status.FAILED, Status.PASSED), False, False),
        ((Status.FAILED, Status.NEEDS_DOCUMENT), False, True),
        ((), True, False),
    ],
)
def test_outcome_flags(statuses: tuple[Status, ...], eligible: bool, needs: bool) -> None:
    outcome = Outcome("MM", tuple(_rule(f"r{i}", s) for i, s in enumerate(statuses)), benefit=None)
    assert outcome.is_eligible is eligible
    assert outcome.needs_documents is needs


def test_outcome_to_dict_is_json_with_decimals_as_strings() -> None:
    outcome = Outcome(
        scheme="TT",
        rules=(RuleOutcome("age", Status.FAILED, "Too young", "कम आयु", "GO-TT-2020 para 1(1)"),),
        benefit=Benefit(
            amount=Decimal("2000.00"),
            lines=(
                BenefitLine("honorarium", "Honorarium", "मानदेय", Decimal("2000.00"), "GO-TT-2020 para 3(8)"),
            ),
        ),
    )
    data = outcome.to_dict()
    assert data == {
        "scheme": "TT",
        "is_eligible": False,
        "needs_documents": False,
        "rules": [
            {
                "code": "age",
                "status": "failed",
                "message_en": "Too young",
                "message_hi": "कम आयु",
                "clause": "GO-TT-2020 para 1(1)",
                "document": "",
            }
        ],
        "benefit": {
            "amount": "2000.00",
            "lines": [
                {
                    "code": "honorarium",
                    "label_en": "Honorarium",
                    "label_hi": "मानदेय",
                    "amount": "2000.00",
                    "clause": "GO-TT-2020 para 3(8)",
                    "note_en": "",
                    "note_hi": "",
                }
            ],
        },
    }
    assert json.loads(json.dumps(data)) == data


def test_outcome_to_dict_without_benefit() -> None:
    assert Outcome("CFC", (), None).to_dict() == {
        "scheme": "CFC",
        "is_eligible": True,
        "needs_documents": False,
        "rules": [],
        "benefit": None,
    }


def test_outcome_rule_and_benefit_line_lookup() -> None:
    outcome = Outcome("MM", (_rule("age", Status.PASSED),), None)
    assert outcome.rule("age").status == Status.PASSED
    with pytest.raises(KeyError):
        outcome.rule("missing")
    benefit = Benefit(Decimal("1.00"), (BenefitLine("a", "A", "ए", Decimal("1.00"), "c"),))
    assert benefit.line("a").amount == Decimal("1.00")
    with pytest.raises(KeyError):
        benefit.line("b")
