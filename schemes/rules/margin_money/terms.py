"""ODOP Financial Assistance (Margin Money) Scheme: the terms (code, categories, parameters, facts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from schemes.rules.base import (
    CostItem,
    ParameterError,
    ParametersBase,
    check_not_after,
    check_not_negative,
    check_rising,
    format_inr,
)

CODE = "MM"
NAME_EN = "ODOP Financial Assistance (Margin Money) Scheme"
NAME_HI = "एक जनपद एक उत्पाद वित्त पोषण हेतु सहायता योजना (मार्जिन मनी)"


class Category(StrEnum):
    """Special categories that put in a smaller own contribution (GO-MM-2018 para 1(7))."""

    SC = "sc"
    ST = "st"
    OBC = "obc"
    MINORITY = "minority"
    WOMAN = "woman"
    DIVYANG = "divyang"


CATEGORY_NAMES: dict[Category, tuple[str, str]] = {
    Category.SC: ("Scheduled Caste", "अनुसूचित जाति"),
    Category.ST: ("Scheduled Tribe", "अनुसूचित जनजाति"),
    Category.OBC: ("Other Backward Class", "अन्य पिछड़ा वर्ग"),
    Category.MINORITY: ("Minority", "अल्पसंख्यक"),
    Category.WOMAN: ("Woman", "महिला"),
    Category.DIVYANG: ("Divyangjan", "दिव्यांगजन"),
}


@dataclass(frozen=True)
class Parameters(ParametersBase):
    """Figures of GO-MM-2018; defaults are the GO values."""

    #: Para 1(2): the first slab covers project costs up to Rs 25 lakh.
    slab1_limit: Decimal = Decimal("2500000")
    #: Para 1(2): 25% of the project cost ...
    slab1_rate: Decimal = Decimal("0.25")
    #: Para 1(2): ... but at most Rs 6.25 lakh, whichever is less.
    slab1_cap: Decimal = Decimal("625000")
    #: Para 1(3): the second slab covers more than Rs 25 lakh up to Rs 50 lakh.
    slab2_limit: Decimal = Decimal("5000000")
    #: Para 1(3): 20% of the project cost ...
    slab2_rate: Decimal = Decimal("0.20")
    #: Para 1(3): ... or Rs 6.25 lakh, whichever is more.
    slab2_floor: Decimal = Decimal("625000")
    #: Para 1(4): the third slab covers more than Rs 50 lakh up to Rs 150 lakh.
    slab3_limit: Decimal = Decimal("15000000")
    #: Para 1(4): 10% of the project cost ...
    slab3_rate: Decimal = Decimal("0.10")
    #: Para 1(4): ... or Rs 10 lakh, whichever is more.
    slab3_floor: Decimal = Decimal("1000000")
    #: Para 1(5): above Rs 150 lakh, 10% of the project cost ...
    slab4_rate: Decimal = Decimal("0.10")
    #: Para 1(5): ... but at most Rs 20 lakh, whichever is less (the scheme's overall ceiling).
    slab4_cap: Decimal = Decimal("2000000")
    #: Para 1(7): own contribution of a general-category applicant, share of project cost.
    own_contribution_general_rate: Decimal = Decimal("0.10")
    #: Para 1(7): own contribution of SC, ST, OBC, minority, women and divyangjan applicants.
    own_contribution_special_rate: Decimal = Decimal("0.05")
    #: Para 2(1): minimum age of the applicant.
    min_age: int = 18
    #: UNCERTAIN: LEAFLET-MM and district notices ask for UP domicile; GO-MM-2018 para 2 does
    #: not, so the rule is off unless a RuleSet turns it on.
    require_up_domicile: bool = False

    LABELS = MappingProxyType(
        {
            "slab1_limit": ("First slab: project cost up to", "पहला स्लैब: परियोजना लागत की सीमा"),
            "slab1_rate": (
                "First slab: margin money as a share of project cost",
                "पहला स्लैब: परियोजना लागत के अनुपात में मार्जिन मनी",
            ),
            "slab1_cap": ("First slab: most margin money", "पहला स्लैब: अधिकतम मार्जिन मनी"),
            "slab2_limit": ("Second slab: project cost up to", "दूसरा स्लैब: परियोजना लागत की सीमा"),
            "slab2_rate": (
                "Second slab: margin money as a share of project cost",
                "दूसरा स्लैब: परियोजना लागत के अनुपात में मार्जिन मनी",
            ),
            "slab2_floor": ("Second slab: least margin money", "दूसरा स्लैब: न्यूनतम मार्जिन मनी"),
            "slab3_limit": ("Third slab: project cost up to", "तीसरा स्लैब: परियोजना लागत की सीमा"),
            "slab3_rate": (
                "Third slab: margin money as a share of project cost",
                "तीसरा स्लैब: परियोजना लागत के अनुपात में मार्जिन मनी",
            ),
            "slab3_floor": ("Third slab: least margin money", "तीसरा स्लैब: न्यूनतम मार्जिन मनी"),
            "slab4_rate": (
                "Fourth slab (above the third): margin money as a share of project cost",
                "चौथा स्लैब (तीसरे से अधिक लागत): परियोजना लागत के अनुपात में मार्जिन मनी",
            ),
            "slab4_cap": (
                "Fourth slab: most margin money, the scheme's ceiling",
                "चौथा स्लैब: अधिकतम मार्जिन मनी, योजना की अधिकतम सीमा",
            ),
            "own_contribution_general_rate": (
                "Own contribution, general category: share of project cost",
                "स्वयं का अंशदान, सामान्य श्रेणी: परियोजना लागत का अंश",
            ),
            "own_contribution_special_rate": (
                "Own contribution, special categories: share of project cost",
                "स्वयं का अंशदान, विशेष श्रेणी: परियोजना लागत का अंश",
            ),
            "min_age": ("Minimum age of the applicant", "आवेदक की न्यूनतम आयु"),
            "require_up_domicile": (
                "Applicant must be a domicile of Uttar Pradesh",
                "आवेदक का उत्तर प्रदेश का मूल निवासी होना आवश्यक",
            ),
        }
    )

    SHARES = frozenset(
        {"slab1_rate", "slab2_rate", "slab3_rate", "slab4_rate"}
        | {"own_contribution_general_rate", "own_contribution_special_rate"}
    )
    POSITIVE = frozenset(
        {
            # A first slab of Rs 0 would cover no project; the smallest units, most artisans,
            # are the ones para 1(2) is written for.
            "slab1_limit",
            # With a zero rate or cap in slab 1 those units would get no margin money at all.
            "slab1_rate",
            "slab1_cap",
            # The scheme's overall ceiling (para 1(5)): at 0 the scheme pays nobody.
            "slab4_cap",
        }
    )
    # The age rule works out the day the applicant turns min_age; no minimum age is anywhere
    # near 100, and a larger one would take that day out of the calendar.
    MAXIMA = MappingProxyType({"min_age": 100})

    def validate(self) -> None:
        # Paras 1(2)-1(5): each slab covers the project costs above the one before.
        check_rising(self, "slab1_limit", "slab2_limit", "slab3_limit")
        # Para 1(7): the special categories put in the smaller share; the category certificate
        # rule tells them so ("instead of" the general share).
        if self.own_contribution_special_rate > self.own_contribution_general_rate:
            raise ParameterError(
                "own_contribution_special_rate", "above_other", {"other": "own_contribution_general_rate"}
            )
        self._check_bank_loan()
        self._check_ceiling()

    def _check_bank_loan(self) -> None:
        """Para 1(1): the bank lends the rest of the project cost, so margin money and the own
        contribution (the general share, the larger) must stay below the project cost for every
        cost. Strictly below: then rounding both to paise can never make the loan negative."""
        own = self.own_contribution_general_rate
        for name in ("slab1_rate", "slab2_rate", "slab3_rate", "slab4_rate"):
            if getattr(self, name) + own >= 1:
                raise ParameterError(name, "leaves_no_loan", {"other": "own_contribution_general_rate"})
        # A floor is paid from the first rupee above the slab below: it must leave room there.
        for floor, limit in (("slab2_floor", "slab1_limit"), ("slab3_floor", "slab2_limit")):
            if getattr(self, floor) >= (1 - own) * getattr(self, limit):
                raise ParameterError(floor, "leaves_no_loan", {"other": limit})

    def _check_ceiling(self) -> None:
        """Para 1(5) and LEAFLET-MM ("अधिकतम ₹20 लाख"): slab4_cap is the scheme's overall
        ceiling, so no slab may pay more, at its top or by its floor."""
        for floor in ("slab2_floor", "slab3_floor"):
            if getattr(self, floor) > self.slab4_cap:
                raise ParameterError("slab4_cap", "cap_below_floor", {"other": floor})
        share1 = self.slab1_rate * self.slab1_limit
        tops = (
            ("1", "slab1_rate" if share1 <= self.slab1_cap else "slab1_cap", min(share1, self.slab1_cap)),
            ("2", "slab2_rate", self.slab2_rate * self.slab2_limit),
            ("3", "slab3_rate", self.slab3_rate * self.slab3_limit),
        )
        for slab, name, top in tops:
            if top > self.slab4_cap:
                params = {"slab": slab, "amount": format_inr(top), "other": "slab4_cap"}
                raise ParameterError(name, "over_ceiling", params)


@dataclass(frozen=True)
class Facts:
    """What the Margin Money rules need to know about one applicant and their project.

    ``capital_costs`` lists the project report's capital cost lines, land included (marked
    ``is_land``); ``working_capital`` is one cycle of working capital (para 1(9)).
    ``categories`` empty means general category.
    """

    as_of: date
    date_of_birth: date | None = None
    makes_district_product: bool | None = None
    is_defaulter: bool | None = None
    has_earlier_self_employment_benefit: bool | None = None
    family_has_received_margin_money: bool | None = None
    categories: frozenset[Category] = frozenset()
    is_up_domicile: bool | None = None
    capital_costs: tuple[CostItem, ...] | None = None
    working_capital: Decimal | None = None
    verified_documents: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Accept plain strings ("sc") from forms; an unknown category is a ValueError here
        # rather than a silent general-category applicant.
        object.__setattr__(self, "categories", frozenset(Category(c) for c in self.categories))
        check_not_negative(self, "working_capital")
        check_not_after(self, self.as_of, "date_of_birth")
