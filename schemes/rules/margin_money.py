"""ODOP Financial Assistance (Margin Money) Scheme: eligibility and the margin-money amount.

Source: GO-MM-2018 (no. 13/2018/861/18-4-2018-18(विविध)/17टी.सी.-I, 24 September 2018).

Benefit lines (in this order): ``capital_cost``, ``land_excluded``, ``working_capital``,
``project_cost``, ``margin_money``, ``own_contribution``, ``bank_loan``. Only ``margin_money`` is
paid by the scheme and equals ``Benefit.amount``; the others explain it. Project cost, own
contribution and bank loan always satisfy ``project_cost == margin_money + own_contribution +
bank_loan`` to the paisa.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from schemes.rules.base import (
    ZERO,
    Benefit,
    BenefitLine,
    CostItem,
    Document,
    Outcome,
    ParameterError,
    ParametersBase,
    RuleOutcome,
    Status,
    age_rule,
    check_not_after,
    check_not_negative,
    check_rising,
    declared_fact_rule,
    format_inr,
    format_rate,
    make_rule,
    money,
    paper_status,
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


# --- Benefit -----------------------------------------------------------------------------


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


# --- Eligibility -------------------------------------------------------------------------


def _district_product(facts: Facts) -> RuleOutcome:
    clause = "GO-MM-2018 para 2(3)"
    if facts.makes_district_product is None:
        return make_rule(
            "district_product",
            Status.NEEDS_DOCUMENT,
            clause,
            "Tell us which product your unit will make, serve or trade in.",
            "बताएं कि आपकी इकाई किस उत्पाद का निर्माण, सेवा या व्यवसाय करेगी।",
        )
    if facts.makes_district_product:
        return make_rule(
            "district_product",
            Status.PASSED,
            clause,
            "Your unit is for the ODOP product of your district.",
            "आपकी इकाई आपके जनपद के ओडीओपी उत्पाद के लिए है।",
        )
    return make_rule(
        "district_product",
        Status.FAILED,
        clause,
        "Only a unit for the ODOP product of your district can get this help.",
        "यह सहायता केवल आपके जनपद के ओडीओपी उत्पाद की इकाई को मिलती है।",
    )


def _not_defaulter(facts: Facts) -> RuleOutcome:
    clause = "GO-MM-2018 para 2(4)"
    if facts.is_defaulter is None:
        return make_rule(
            "not_defaulter",
            Status.NEEDS_DOCUMENT,
            clause,
            "Tell us whether you or your unit is a defaulter of any bank, financial institution "
            "or government body.",
            "बताएं कि क्या आप या आपकी इकाई किसी बैंक, वित्तीय संस्था या सरकारी संस्था की डिफॉल्टर है।",
        )
    if facts.is_defaulter:
        return make_rule(
            "not_defaulter",
            Status.FAILED,
            clause,
            "A defaulter of any bank, financial institution or government body cannot get this help.",
            "किसी बैंक, वित्तीय संस्था या सरकारी संस्था के डिफॉल्टर को यह सहायता नहीं मिल सकती।",
        )
    return make_rule(
        "not_defaulter",
        Status.PASSED,
        clause,
        "You have said that neither you nor your unit is a defaulter of any bank, financial "
        "institution or government body.",
        "आपने बताया है कि आप या आपकी इकाई किसी बैंक, वित्तीय संस्था या सरकारी संस्था की डिफॉल्टर नहीं है।",
    )


def _no_earlier_benefit(facts: Facts) -> RuleOutcome:
    clause = "GO-MM-2018 para 2(5)"
    code = "no_earlier_self_employment_benefit"
    if facts.has_earlier_self_employment_benefit is None:
        return make_rule(
            code,
            Status.NEEDS_DOCUMENT,
            clause,
            "Tell us whether you have had help under any other self-employment scheme of the "
            "Government of India or Uttar Pradesh.",
            "बताएं कि क्या आपने भारत सरकार या उत्तर प्रदेश सरकार की किसी अन्य स्वरोजगार योजना का लाभ लिया है।",
        )
    if facts.has_earlier_self_employment_benefit:
        return make_rule(
            code,
            Status.FAILED,
            clause,
            "Anyone who has already had help under another self-employment scheme of the "
            "Government of India or Uttar Pradesh (such as PMEGP or the Mukhyamantri Yuva "
            "Swarozgar Yojana) cannot get this help.",
            "जिसने भारत सरकार या उत्तर प्रदेश सरकार की किसी अन्य स्वरोजगार योजना (जैसे पीएमईजीपी "
            "या मुख्यमंत्री युवा स्वरोजगार योजना) का लाभ पहले ले लिया है, उसे यह सहायता नहीं मिल "
            "सकती।",
        )
    return make_rule(
        code,
        Status.PASSED,
        clause,
        "You have said that you have not had help under any other self-employment scheme.",
        "आपने बताया है कि आपने किसी अन्य स्वरोजगार योजना का लाभ नहीं लिया है।",
    )


def _once_per_family(facts: Facts) -> RuleOutcome:
    clause = "GO-MM-2018 para 2(6)"
    if facts.family_has_received_margin_money is None:
        return make_rule(
            "once_per_family",
            Status.NEEDS_DOCUMENT,
            clause,
            "Tell us whether you or anyone in your family has already had margin money under this scheme.",
            "बताएं कि क्या आपको या आपके परिवार के किसी सदस्य को इस योजना में पहले मार्जिन मनी मिल चुकी है।",
        )
    if facts.family_has_received_margin_money:
        return make_rule(
            "once_per_family",
            Status.FAILED,
            clause,
            "This help is given only once to an applicant or their family, and your family has "
            "already had it.",
            "यह सहायता आवेदक या उसके परिवार को केवल एक बार मिलती है, और आपके परिवार को यह पहले मिल चुकी है।",
        )
    return make_rule(
        "once_per_family",
        Status.PASSED,
        clause,
        "No one in your family has had margin money under this scheme.",
        "आपके परिवार में किसी को इस योजना में मार्जिन मनी नहीं मिली है।",
    )


def _up_domicile(facts: Facts) -> RuleOutcome:
    return declared_fact_rule(
        code="up_domicile",
        clause="LEAFLET-MM (UP domicile; not in GO-MM-2018 para 2)",
        document=Document.DOMICILE_CERTIFICATE,
        fact=facts.is_up_domicile,
        verified_documents=facts.verified_documents,
        ask=(
            "Tell us whether you are a domicile (मूल निवासी) of Uttar Pradesh.",
            "बताएं कि क्या आप उत्तर प्रदेश के मूल निवासी हैं।",
        ),
        fail=(
            "Only a domicile of Uttar Pradesh can apply.",
            "केवल उत्तर प्रदेश के मूल निवासी आवेदन कर सकते हैं।",
        ),
        checked=(
            "Your domicile certificate has been checked.",
            "आपके मूल निवास प्रमाण पत्र की जांच हो चुकी है।",
        ),
        attach=(
            "Attach your domicile certificate of Uttar Pradesh.",
            "उत्तर प्रदेश का मूल निवास प्रमाण पत्र लगाएं।",
        ),
    )


def _category_certificate(facts: Facts, params: Parameters) -> RuleOutcome:
    clause = "GO-MM-2018 para 2(8), para 1(7)"
    document = Document.CATEGORY_CERTIFICATE
    general = format_rate(params.own_contribution_general_rate)
    special = format_rate(params.own_contribution_special_rate)
    if not facts.categories:
        return make_rule(
            "category_certificate",
            Status.PASSED,
            clause,
            f"General category: your own contribution is {general} of the project cost; no "
            "category certificate is needed.",
            f"सामान्य श्रेणी: आपका अंशदान परियोजना लागत का {general} है; श्रेणी प्रमाण पत्र की आवश्यकता नहीं है।",
        )
    names_en, names_hi = _category_names(facts.categories)
    if paper_status(document, facts.verified_documents) == Status.PASSED:
        return make_rule(
            "category_certificate",
            Status.PASSED,
            clause,
            f"Your category certificate ({names_en}) has been checked; your own contribution is "
            f"{special} of the project cost.",
            f"आपके श्रेणी प्रमाण पत्र ({names_hi}) की जांच हो चुकी है; आपका अंशदान परियोजना लागत का {special} है।",
            document,
        )
    return make_rule(
        "category_certificate",
        Status.NEEDS_DOCUMENT,
        clause,
        f"Attach a certificate from the competent authority for your category ({names_en}). "
        f"With it your own contribution is {special} of the project cost instead of {general}.",
        f"अपनी श्रेणी ({names_hi}) का सक्षम अधिकारी द्वारा जारी प्रमाण पत्र लगाएं। इससे आपका "
        f"अंशदान परियोजना लागत के {general} के स्थान पर {special} होगा।",
        document,
    )


def _affidavit(facts: Facts) -> RuleOutcome:
    clause = "GO-MM-2018 para 2(7), para 3(1)"
    document = Document.AFFIDAVIT
    if paper_status(document, facts.verified_documents) == Status.PASSED:
        return make_rule(
            "affidavit",
            Status.PASSED,
            clause,
            "Your affidavit has been checked.",
            "आपके शपथ पत्र की जांच हो चुकी है।",
            document,
        )
    return make_rule(
        "affidavit",
        Status.NEEDS_DOCUMENT,
        clause,
        "Attach an affidavit stating that you meet the conditions of the scheme.",
        "योजना की सभी शर्तें पूरी करने का शपथ पत्र लगाएं।",
        document,
    )


def check_eligibility(facts: Facts, params: Parameters) -> tuple[RuleOutcome, ...]:
    """Every rule's outcome, in the order of GO-MM-2018 para 2."""
    rules = [
        age_rule(
            code="age",
            clause="GO-MM-2018 para 2(1)",
            date_of_birth=facts.date_of_birth,
            as_of=facts.as_of,
            min_age=params.min_age,
        ),
        _district_product(facts),
        _not_defaulter(facts),
        _no_earlier_benefit(facts),
        _once_per_family(facts),
    ]
    if params.require_up_domicile:
        rules.append(_up_domicile(facts))
    rules.append(_category_certificate(facts, params))
    rules.append(_affidavit(facts))
    return tuple(rules)


def evaluate(facts: Facts, params: Parameters) -> Outcome:
    return Outcome(
        scheme=CODE,
        rules=check_eligibility(facts, params),
        benefit=compute_benefit(facts, params),
    )
