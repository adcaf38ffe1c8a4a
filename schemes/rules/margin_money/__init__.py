"""ODOP Financial Assistance (Margin Money) Scheme: eligibility and the margin-money amount.

Source: GO-MM-2018 (no. 13/2018/861/18-4-2018-18(विविध)/17टी.सी.-I, 24 September 2018).

Benefit lines (in this order): ``capital_cost``, ``land_excluded``, ``working_capital``,
``project_cost``, ``margin_money``, ``own_contribution``, ``bank_loan``. Only ``margin_money`` is
paid by the scheme and equals ``Benefit.amount``; the others explain it. Project cost, own
contribution and bank loan always satisfy ``project_cost == margin_money + own_contribution +
bank_loan`` to the paisa.
"""

from __future__ import annotations

from schemes.rules.base import Outcome
from schemes.rules.margin_money.benefit import (
    _category_names,
    _slab,
    compute_benefit,
    margin_money_for,
    own_contribution_rate,
    project_cost_from,
)
from schemes.rules.margin_money.eligibility import (
    _affidavit,
    _category_certificate,
    _district_product,
    _no_earlier_benefit,
    _not_defaulter,
    _once_per_family,
    _up_domicile,
    check_eligibility,
)
from schemes.rules.margin_money.terms import (
    CATEGORY_NAMES,
    CODE,
    NAME_EN,
    NAME_HI,
    Category,
    Facts,
    Parameters,
)

__all__ = [
    "CATEGORY_NAMES",
    "CODE",
    "NAME_EN",
    "NAME_HI",
    "Category",
    "Facts",
    "Parameters",
    "_affidavit",
    "_category_certificate",
    "_category_names",
    "_district_product",
    "_no_earlier_benefit",
    "_not_defaulter",
    "_once_per_family",
    "_slab",
    "_up_domicile",
    "check_eligibility",
    "compute_benefit",
    "evaluate",
    "margin_money_for",
    "own_contribution_rate",
    "project_cost_from",
]


def evaluate(facts: Facts, params: Parameters) -> Outcome:
    return Outcome(
        scheme=CODE,
        rules=check_eligibility(facts, params),
        benefit=compute_benefit(facts, params),
    )
