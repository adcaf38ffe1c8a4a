"""ODOP Financial Assistance (Margin Money) Scheme: the margin money and the project's financing."""

from __future__ import annotations

from decimal import Decimal

from schemes.rules.base import (
    ZERO,
    Benefit,
    BenefitLine,
    CostItem,
    format_inr,
    format_rate,
    money,
)
from schemes.rules.margin_money.terms import CATEGORY_NAMES, Category, Facts, Parameters


def project_cost_from(capital_costs: tuple[CostItem, ...], working_capital: Decimal) -> Decimal:
    """Para 1(9): capital cost without land purchase, plus one cycle of working capital."""
    capital = sum((item.amount for item in capital_costs if not item.is_land), ZERO)
    return money(capital + working_capital)


def margin_money_for(project_cost: Decimal, params: Parameters) -> Decimal:
    """The margin money for a project cost, by the four slabs of paras 1(2)-1(5)."""
    return _slab(money(project_cost), params)[0]


def _slab(project_cost: Decimal, params: Parameters) -> tuple[Decimal, str, str, str]:
    """Margin money with the clause and a note in both languages saying which slab applied."""
    cost = format_inr(project_cost)
    if project_cost <= params.slab1_limit:
        share = money(params.slab1_rate * project_cost)
        amount = min(share, money(params.slab1_cap))
        return (
            amount,
            "GO-MM-2018 para 1(2)",
            f"Project cost up to {format_inr(params.slab1_limit)}: "
            f"{format_rate(params.slab1_rate)} of {cost} is {format_inr(share)}, "
            f"at most {format_inr(params.slab1_cap)}.",
            f"{format_inr(params.slab1_limit)} तक की परियोजना: {cost} का "
            f"{format_rate(params.slab1_rate)} = {format_inr(share)}, "
            f"अधिकतम {format_inr(params.slab1_cap)}।",
        )
    if project_cost <= params.slab2_limit:
        share = money(params.slab2_rate * project_cost)
        amount = max(share, money(params.slab2_floor))
        return (
            amount,
            "GO-MM-2018 para 1(3)",
            f"Project cost above {format_inr(params.slab1_limit)} up to "
            f"{format_inr(params.slab2_limit)}: {format_rate(params.slab2_rate)} of {cost} is "
            f"{format_inr(share)}, or {format_inr(params.slab2_floor)}, whichever is more.",
            f"{format_inr(params.slab1_limit)} से अधिक और {format_inr(params.slab2_limit)} तक की "
            f"परियोजना: {cost} का {format_rate(params.slab2_rate)} = {format_inr(share)} या "
            f"{format_inr(params.slab2_floor)}, जो भी अधिक हो।",
        )
    if project_cost <= params.slab3_limit:
        share = money(params.slab3_rate * project_cost)
        amount = max(share, money(params.slab3_floor))
        return (
            amount,
            "GO-MM-2018 para 1(4)",
            f"Project cost above {format_inr(params.slab2_limit)} up to "
            f"{format_inr(params.slab3_limit)}: {format_rate(params.slab3_rate)} of {cost} is "
            f"{format_inr(share)}, or {format_inr(params.slab3_floor)}, whichever is more.",
            f"{format_inr(params.slab2_limit)} से अधिक और {format_inr(params.slab3_limit)} तक की "
            f"परियोजना: {cost} का {format_rate(params.slab3_rate)} = {format_inr(share)} या "
            f"{format_inr(params.slab3_floor)}, जो भी अधिक हो।",
        )
    share = money(params.slab4_rate * project_cost)
    amount = min(share, money(params.slab4_cap))
    return (
        amount,
        "GO-MM-2018 para 1(5)",
        f"Project cost above {format_inr(params.slab3_limit)}: "
        f"{format_rate(params.slab4_rate)} of {cost} is {format_inr(share)}, "
        f"at most {format_inr(params.slab4_cap)}.",
        f"{format_inr(params.slab3_limit)} से अधिक की परियोजना: {cost} का "
        f"{format_rate(params.slab4_rate)} = {format_inr(share)}, "
        f"अधिकतम {format_inr(params.slab4_cap)}।",
    )


def own_contribution_rate(categories: frozenset[Category], params: Parameters) -> Decimal:
    """Para 1(7): 5% for any special category, 10% otherwise."""
    if categories:
        return params.own_contribution_special_rate
    return params.own_contribution_general_rate


def _category_names(categories: frozenset[Category]) -> tuple[str, str]:
    ordered = [c for c in Category if c in categories]
    return (
        ", ".join(CATEGORY_NAMES[c][0] for c in ordered),
        ", ".join(CATEGORY_NAMES[c][1] for c in ordered),
    )


def compute_benefit(facts: Facts, params: Parameters) -> Benefit | None:
    """Margin money and the project's financing; None until costs and working capital are known."""
    if facts.capital_costs is None or facts.working_capital is None:
        return None
    capital = money(sum((item.amount for item in facts.capital_costs), ZERO))
    land = money(sum((item.amount for item in facts.capital_costs if item.is_land), ZERO))
    working = money(facts.working_capital)
    project = project_cost_from(facts.capital_costs, facts.working_capital)
    margin, slab_clause, slab_en, slab_hi = _slab(project, params)
    rate = own_contribution_rate(facts.categories, params)
    own = money(rate * project)
    # The loan is what is left, so the three parts add up to the project cost exactly.
    loan = project - margin - own
    if facts.categories:
        names_en, names_hi = _category_names(facts.categories)
        own_en = f"{format_rate(rate)} of the project cost (special category: {names_en})."
        own_hi = f"परियोजना लागत का {format_rate(rate)} (विशेष श्रेणी: {names_hi})।"
    else:
        own_en = f"{format_rate(rate)} of the project cost (general category)."
        own_hi = f"परियोजना लागत का {format_rate(rate)} (सामान्य श्रेणी)।"
    lines = (
        BenefitLine(
            "capital_cost",
            "Capital cost in the project report",
            "परियोजना रिपोर्ट में पूंजीगत लागत",
            capital,
            "GO-MM-2018 para 1(9)",
        ),
        BenefitLine(
            "land_excluded",
            "Land purchase, not counted in the project cost",
            "भूमि क्रय की लागत, परियोजना लागत में शामिल नहीं",
            land,
            "GO-MM-2018 para 1(9)",
            "The cost of buying land is left out; a rented workshop or work-shed may be counted.",
            "भूमि खरीदने की लागत नहीं जोड़ी जाती; किराये का वर्कशॉप या वर्कशेड जोड़ा जा सकता है।",
        ),
        BenefitLine(
            "working_capital",
            "Working capital (one cycle)",
            "कार्यशील पूंजी (एक चक्र)",
            working,
            "GO-MM-2018 para 1(9)",
        ),
        BenefitLine(
            "project_cost",
            "Project cost",
            "परियोजना लागत",
            project,
            "GO-MM-2018 para 1(9)",
            "Capital cost without land, plus one cycle of working capital.",
            "भूमि को छोड़कर पूंजीगत लागत और एक चक्र की कार्यशील पूंजी।",
        ),
        BenefitLine(
            "margin_money",
            "Margin money (grant)",
            "मार्जिन मनी (अनुदान)",
            margin,
            slab_clause,
            slab_en,
            slab_hi,
        ),
        BenefitLine(
            "own_contribution",
            "Your own contribution",
            "आपका स्वयं का अंशदान",
            own,
            "GO-MM-2018 para 1(7)",
            own_en,
            own_hi,
        ),
        BenefitLine(
            "bank_loan",
            "Bank loan",
            "बैंक ऋण",
            loan,
            "GO-MM-2018 para 1(1)",
            "Project cost less margin money and your own contribution.",
            "परियोजना लागत में से मार्जिन मनी और आपका अंशदान घटाकर शेष राशि।",
        ),
    )
    return Benefit(amount=margin, lines=lines)
