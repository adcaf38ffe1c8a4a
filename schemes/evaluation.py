"""Turning an applicant's answers into each sub-scheme's facts and evaluating them with the
RuleSet in force. The HTML checker, the API and (later) the application form all call this, so
they always agree."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from schemes.models import RuleSet, Scheme
from schemes.rules import cfc, margin_money, mda, toolkit
from schemes.rules.base import CostItem, Outcome
from schemes.selectors import active_rulesets, in_force, scheme_list

CFC_FIELDS = (
    "legal_form",
    "member_count",
    "product_linked_members",
    "largest_member_share",
    "members_from_distinct_families",
    "land_tenure",
    "lease_years",
    "land_belongs_to_member",
    "cfc_capital_cost",
    "cfc_land_cost",
    "is_environment_or_research_project",
)


@dataclass(frozen=True)
class SchemeResult:
    scheme: Scheme
    ruleset: RuleSet | None
    outcome: Outcome | None
    # Why there is no outcome (the answers do not concern this sub-scheme yet).
    skipped_reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "scheme": self.scheme.code,
            "name_en": self.scheme.name_en,
            "name_hi": self.scheme.name_hi,
            "ruleset": None
            if self.ruleset is None
            else {
                "id": self.ruleset.pk,
                "go_reference": self.ruleset.go_reference,
                "go_date": self.ruleset.go_date.isoformat(),
                "effective_from": self.ruleset.effective_from.isoformat(),
            },
            "outcome": None if self.outcome is None else self.outcome.to_dict(),
            "skipped_reason": self.skipped_reason,
        }


def _mm_categories(data: dict) -> frozenset:
    categories = set()
    if data.get("social_category") in ("sc", "st", "obc"):
        categories.add(margin_money.Category(data["social_category"]))
    if data.get("gender") == "female":
        categories.add(margin_money.Category.WOMAN)
    if data.get("is_minority"):
        categories.add(margin_money.Category.MINORITY)
    if data.get("is_divyang"):
        categories.add(margin_money.Category.DIVYANG)
    return frozenset(categories)


def _cost_items(
    capital: Decimal | None, land: Decimal | None, *, land_label: str
) -> tuple[CostItem, ...] | None:
    if capital is None and land is None:
        return None
    items = [CostItem(label="capital cost", amount=capital or Decimal("0"))]
    if land:
        items.append(CostItem(label=land_label, amount=land, is_land=True))
    return tuple(items)


def margin_money_facts(data: dict, as_of: date) -> margin_money.Facts:
    capital_costs = _cost_items(data.get("capital_cost"), data.get("land_cost"), land_label="land")
    working_capital = data.get("working_capital")
    if capital_costs is not None and working_capital is None:
        working_capital = Decimal("0")
    return margin_money.Facts(
        as_of=as_of,
        date_of_birth=data.get("date_of_birth"),
        makes_district_product=data.get("makes_district_product"),
        is_defaulter=data.get("is_defaulter"),
        has_earlier_self_employment_benefit=data.get("has_earlier_self_employment_benefit"),
        family_has_received_margin_money=data.get("family_has_received_margin_money"),
        categories=_mm_categories(data),
        is_up_domicile=data.get("is_up_native"),
        capital_costs=capital_costs,
        working_capital=working_capital,
    )


def toolkit_facts(data: dict, as_of: date) -> toolkit.Facts:
    return toolkit.Facts(
        as_of=as_of,
        date_of_birth=data.get("date_of_birth"),
        is_up_native=data.get("is_up_native"),
        received_toolkit_before=data.get("received_toolkit_before"),
        last_toolkit_on=data.get("last_toolkit_on"),
        family_has_received_benefit=data.get("family_has_received_toolkit"),
        practises_craft=data.get("practises_craft")
        if data.get("practises_craft") is not None
        else data.get("makes_district_product"),
        craft_has_qualification_pack=bool(data.get("craft_has_qualification_pack")),
        toolkit_value=data.get("toolkit_value"),
    )


def mda_facts(data: dict, as_of: date) -> mda.Facts | None:
    if not data.get("claim_category"):
        return None
    return mda.Facts(
        as_of=as_of,
        category=mda.ClaimCategory(data["claim_category"]),
        event_date=data.get("event_date"),
        trade_type=mda.TradeType(data["trade_type"]) if data.get("trade_type") else None,
        stall_cost=data.get("stall_cost"),
        freight_cost=data.get("freight_cost"),
        rail_or_bus_fare=data.get("rail_or_bus_fare"),
        air_fare=data.get("air_fare"),
        ecommerce_cost=data.get("ecommerce_cost"),
        has_registration=data.get("has_registration"),
        markets_district_product=data.get("makes_district_product"),
        earlier_claims_in_year=data.get("earlier_claims_in_year"),
        earlier_ecommerce_claims=data.get("earlier_ecommerce_claims"),
        has_other_scheme_benefit_for_event=data.get("has_other_scheme_benefit_for_event"),
        date_of_birth=data.get("date_of_birth"),
    )


def cfc_facts(data: dict, as_of: date) -> cfc.Facts | None:
    if all(data.get(name) in (None, "") for name in CFC_FIELDS):
        return None
    share = data.get("largest_member_share")
    return cfc.Facts(
        as_of=as_of,
        legal_form=cfc.LegalForm(data["legal_form"]) if data.get("legal_form") else None,
        member_count=data.get("member_count"),
        product_linked_members=data.get("product_linked_members"),
        largest_member_share=None if share is None else share / Decimal(100),
        members_from_distinct_families=data.get("members_from_distinct_families"),
        land_tenure=cfc.LandTenure(data["land_tenure"]) if data.get("land_tenure") else None,
        lease_years=data.get("lease_years"),
        land_belongs_to_member=data.get("land_belongs_to_member"),
        cost_items=_cost_items(
            data.get("cfc_capital_cost"), data.get("cfc_land_cost"), land_label="land or lease rent"
        ),
        is_environment_or_research_project=data.get("is_environment_or_research_project"),
        proposed_spv_contribution=data.get("spv_contribution"),
    )


FACT_BUILDERS = {
    "MM": margin_money_facts,
    "TT": toolkit_facts,
    "MDA": mda_facts,
    "CFC": cfc_facts,
}
SKIPPED = {
    "MDA": _("Choose what the claim is for to check a marketing assistance claim."),
    "CFC": _(
        "For a group of artisans and units (SPV): answer the group questions to check a common facility centre."
    ),
}


def evaluate_answers(
    *, data: dict, as_of: date, codes: list[str] | None = None, published: list[RuleSet] | None = None
) -> list[SchemeResult]:
    """Evaluate the cleaned checker answers for every sub-scheme (or those in `codes`), each with
    the RuleSet in force on `as_of` (picked from `published` when the caller has read them
    already). Two queries whatever the answers, one with `published`."""
    rulesets = active_rulesets(on=as_of) if published is None else in_force(published, on=as_of)
    results = []
    for scheme in scheme_list():
        if codes and scheme.code not in codes:
            continue
        ruleset = rulesets.get(scheme.code)
        facts = FACT_BUILDERS[scheme.code](data, as_of)
        if facts is None or ruleset is None:
            results.append(SchemeResult(scheme, ruleset, None, str(SKIPPED.get(scheme.code, ""))))
            continue
        outcome = scheme.rules.evaluate(facts, ruleset.rule_parameters())
        results.append(SchemeResult(scheme, ruleset, outcome))
    return results


def evaluate_with_ruleset(*, ruleset: RuleSet, facts) -> Outcome:
    """Evaluate with one given RuleSet, e.g. the one an application was computed with."""
    return ruleset.scheme.rules.evaluate(facts, ruleset.rule_parameters())
