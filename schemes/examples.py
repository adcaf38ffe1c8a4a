"""Worked examples for the public scheme pages, computed by the rules with the RuleSet in force
(never typed in), so a new GO changes the examples the day it takes effect."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from schemes.models import RuleSet
from schemes.rules import cfc, margin_money, mda, toolkit
from schemes.rules.base import Benefit, CostItem, format_inr

LAKH = Decimal("100000")
CRORE = Decimal("10000000")


@dataclass(frozen=True)
class Example:
    title: str
    benefit: Benefit


def _mm(as_of: date, params, cost: Decimal, categories=frozenset()) -> Benefit:
    facts = margin_money.Facts(
        as_of=as_of,
        capital_costs=(CostItem(label="machinery and work-shed", amount=cost * Decimal("0.8")),),
        working_capital=cost * Decimal("0.2"),
        categories=categories,
    )
    return margin_money.compute_benefit(facts, params)


def _cfc(as_of: date, params, cost: Decimal, environment: bool = False) -> Benefit:
    facts = cfc.Facts(
        as_of=as_of,
        cost_items=(CostItem(label="building and machinery", amount=cost),),
        is_environment_or_research_project=environment,
    )
    return cfc.compute_benefit(facts, params)


def worked_examples(*, ruleset: RuleSet, as_of: date) -> list[Example]:
    params = ruleset.rule_parameters()
    code = ruleset.scheme.code
    if code == "MM":
        examples = [
            (
                _("Project cost %(cost)s, general category") % {"cost": format_inr(cost)},
                _mm(as_of, params, cost),
            )
            for cost in (10 * LAKH, 40 * LAKH, 100 * LAKH, 200 * LAKH)
        ]
        examples.append(
            (
                _("Project cost %(cost)s, a woman entrepreneur") % {"cost": format_inr(10 * LAKH)},
                _mm(as_of, params, 10 * LAKH, frozenset({margin_money.Category.WOMAN})),
            )
        )
    elif code == "TT":
        examples = [
            (
                _("A trained artisan whose kit costs %(value)s") % {"value": format_inr(value)},
                toolkit.compute_benefit(toolkit.Facts(as_of=as_of, toolkit_value=value), params),
            )
            for value in (Decimal("15000"), Decimal("25000"))
        ]
    elif code == "MDA":
        examples = [
            (
                _("A B2C fair in Delhi: stall %(stall)s, freight %(freight)s, rail %(rail)s, air %(air)s")
                % {
                    "stall": format_inr(Decimal("300000")),
                    "freight": format_inr(Decimal("40000")),
                    "rail": format_inr(Decimal("4000")),
                    "air": format_inr(Decimal("12000")),
                },
                mda.compute_benefit(
                    mda.Facts(
                        as_of=as_of,
                        category=mda.ClaimCategory.OUTSIDE_UP,
                        trade_type=mda.TradeType.B2C,
                        stall_cost=Decimal("300000"),
                        freight_cost=Decimal("40000"),
                        rail_or_bus_fare=Decimal("4000"),
                        air_fare=Decimal("12000"),
                    ),
                    params,
                ),
            ),
            (
                _("A district fair in Uttar Pradesh: stall %(stall)s, freight %(freight)s")
                % {"stall": format_inr(Decimal("40000")), "freight": format_inr(Decimal("12000"))},
                mda.compute_benefit(
                    mda.Facts(
                        as_of=as_of,
                        category=mda.ClaimCategory.UP_OTHER,
                        stall_cost=Decimal("40000"),
                        freight_cost=Decimal("12000"),
                    ),
                    params,
                ),
            ),
        ]
    else:
        examples = [
            (_("Project cost %(cost)s") % {"cost": format_inr(cost)}, _cfc(as_of, params, cost))
            for cost in (3 * CRORE, 6 * CRORE, 9 * CRORE)
        ]
        examples.append(
            (
                _("Project cost %(cost)s, a waste-management plant") % {"cost": format_inr(12 * CRORE)},
                _cfc(as_of, params, 12 * CRORE, environment=True),
            )
        )
    return [Example(title=title, benefit=benefit) for title, benefit in examples if benefit is not None]
