"""ODOP Marketing Development Assistance (MDA): eligibility of a claim and the amount reimbursed.

Sources: GO-MDA-2019 (no. 4/2019/56/18-4-2019-18(विविध)/17टी.सी.-II, 22 January 2019) as amended
by GO-MDA-2020 (no. 263/18-4-2020-18(विविध)/17टी.सी.-2, 22 April 2020); the amendment prevails.
"Item" below is the numbered row of the GOs' table of assistance.

One ``Facts`` is one claim: one fair (or the one e-commerce onboarding) with its expenses. The
assistance for export promotion councils (GO-MDA-2020 items 3(5) and 3(6)) is not claimed by
individual producers and is not modelled here.

Benefit lines: one per expense claimed, codes ``stall``, ``freight``, ``travel``, ``air`` and
``ecommerce``; ``Benefit.amount`` is their sum. An expense the claim's category does not cover
(say, an air fare for a fair inside UP) gets a line of 0 with a note, so the applicant sees why.

Decisions on points the GOs leave open (each documented where it is applied):

- The claim window is counted from the last day of the fair (a fair can cross a month end).
- The 3-a-year limit counts claims by the financial year of the fair, not of the application.
- E-commerce onboarding does not count towards the 3 fairs a year; it has its own once-only limit.
"""

from __future__ import annotations

from schemes.rules.base import Outcome
from schemes.rules.mda.benefit import (
    _EXPENSE_FIELDS,
    _EXPENSE_LABELS,
    LineRule,
    _actual_fare,
    _claimed,
    _freight,
    _pay,
    _stall,
    claim_financial_year,
    claim_window,
    compute_benefit,
    line_rules,
)
from schemes.rules.mda.eligibility import (
    _claims_per_year,
    _district_product,
    _ecommerce_once,
    _no_similar_benefit,
    _one_scheme_per_fair,
    _registration,
    _udyam,
    _within_time,
    check_eligibility,
)
from schemes.rules.mda.terms import (
    _PORTAL_CLAUSE,
    _TRADE_TYPE_CATEGORIES,
    CATEGORY_NAMES,
    CODE,
    FAIR_CATEGORIES,
    NAME_EN,
    NAME_HI,
    ClaimCategory,
    Facts,
    Parameters,
    TradeType,
)

__all__ = [
    "CATEGORY_NAMES",
    "CODE",
    "FAIR_CATEGORIES",
    "NAME_EN",
    "NAME_HI",
    "_EXPENSE_FIELDS",
    "_EXPENSE_LABELS",
    "_PORTAL_CLAUSE",
    "_TRADE_TYPE_CATEGORIES",
    "ClaimCategory",
    "Facts",
    "LineRule",
    "Parameters",
    "TradeType",
    "_actual_fare",
    "_claimed",
    "_claims_per_year",
    "_district_product",
    "_ecommerce_once",
    "_freight",
    "_no_similar_benefit",
    "_one_scheme_per_fair",
    "_pay",
    "_registration",
    "_stall",
    "_udyam",
    "_within_time",
    "check_eligibility",
    "claim_financial_year",
    "claim_window",
    "compute_benefit",
    "evaluate",
    "line_rules",
]


def evaluate(facts: Facts, params: Parameters) -> Outcome:
    return Outcome(
        scheme=CODE,
        rules=check_eligibility(facts, params),
        benefit=compute_benefit(facts, params),
    )
