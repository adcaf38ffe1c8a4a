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

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from schemes.rules.base import (
    ZERO,
    Benefit,
    BenefitLine,
    Document,
    Outcome,
    ParametersBase,
    RuleOutcome,
    Status,
    age_rule,
    check_not_after,
    check_not_negative,
    declared_fact_rule,
    financial_year,
    format_date,
    format_inr,
    format_rate,
    make_rule,
    money,
)

CODE = "MDA"
NAME_EN = "ODOP Marketing Development Assistance Scheme"
NAME_HI = "एक जनपद एक उत्पाद विपणन प्रोत्साहन योजना"

# Source of the optional conditions that are not in either GO.
_PORTAL_CLAUSE = "msme1connect.up.gov.in (not in GO-MDA-2019/2020)"


class ClaimCategory(StrEnum):
    """What the claim is for; each has its own caps (GO-MDA-2019/2020 items 1-4)."""

    #: Item 1(क): other fairs and exhibitions held inside Uttar Pradesh.
    UP_OTHER = "up_other"
    #: Item 1(ख), added 2020: national or international level fairs held inside Uttar Pradesh.
    UP_NATIONAL = "up_national"
    #: Item 2: national or international level fairs held in India outside Uttar Pradesh.
    OUTSIDE_UP = "outside_up"
    #: Item 3: trade fairs and exhibitions abroad.
    FOREIGN = "foreign"
    #: Item 4: starting business on a reputed e-commerce website or portal.
    ECOMMERCE = "ecommerce"


CATEGORY_NAMES: dict[ClaimCategory, tuple[str, str]] = {
    ClaimCategory.UP_OTHER: ("fair or exhibition in Uttar Pradesh", "उत्तर प्रदेश में मेला/प्रदर्शनी"),
    ClaimCategory.UP_NATIONAL: (
        "national or international fair in Uttar Pradesh",
        "उत्तर प्रदेश में राष्ट्रीय/अंतरराष्ट्रीय स्तर का मेला",
    ),
    ClaimCategory.OUTSIDE_UP: (
        "national or international fair in India outside Uttar Pradesh",
        "उत्तर प्रदेश के बाहर भारत में राष्ट्रीय/अंतरराष्ट्रीय स्तर का मेला",
    ),
    ClaimCategory.FOREIGN: ("trade fair abroad", "विदेश में व्यापार मेला/प्रदर्शनी"),
    ClaimCategory.ECOMMERCE: (
        "starting business on an e-commerce portal",
        "ई-कॉमर्स पोर्टल पर व्यापार शुरू करना",
    ),
}


class TradeType(StrEnum):
    """Business-to-business or business-to-consumer fair (sets the freight cap, items 2-3)."""

    B2B = "b2b"
    B2C = "b2c"


FAIR_CATEGORIES = frozenset(
    {
        ClaimCategory.UP_OTHER,
        ClaimCategory.UP_NATIONAL,
        ClaimCategory.OUTSIDE_UP,
        ClaimCategory.FOREIGN,
    }
)
# The freight cap depends on B2B/B2C only for these categories (items 2 and 3).
_TRADE_TYPE_CATEGORIES = frozenset({ClaimCategory.OUTSIDE_UP, ClaimCategory.FOREIGN})


@dataclass(frozen=True)
class Parameters(ParametersBase):
    """Figures of GO-MDA-2019 as amended by GO-MDA-2020; defaults are the GO values."""

    #: Items 1-4: share of each eligible expense reimbursed (75%).
    reimbursement_rate: Decimal = Decimal("0.75")
    #: Item 1(क): stall charges at other fairs inside UP, at most Rs 50,000.
    up_other_stall_cap: Decimal = Decimal("50000")
    #: Item 1(क): freight from the production site to the fair, at most Rs 7,500.
    up_other_freight_cap: Decimal = Decimal("7500")
    #: Item 1(ख) (GO-MDA-2020): stall charges at national/international fairs inside UP.
    up_national_stall_cap: Decimal = Decimal("150000")
    #: Item 1(ख) (GO-MDA-2020): freight for national/international fairs inside UP.
    up_national_freight_cap: Decimal = Decimal("7500")
    #: Item 2 (GO-MDA-2020, was Rs 50,000 in 2019): stall charges, fairs in India outside UP.
    outside_up_stall_cap: Decimal = Decimal("200000")
    #: Item 2 (GO-MDA-2020): freight for a B2B fair in India outside UP.
    outside_up_freight_cap_b2b: Decimal = Decimal("25000")
    #: Item 2 (GO-MDA-2020): freight for a B2C fair in India outside UP.
    outside_up_freight_cap_b2c: Decimal = Decimal("50000")
    #: Item 2 (GO-MDA-2020): economy air fare for one person, at most Rs 7,000.
    outside_up_air_cap: Decimal = Decimal("7000")
    #: Item 3: stall charges at a fair abroad, at most Rs 2 lakh.
    foreign_stall_cap: Decimal = Decimal("200000")
    #: Item 3: freight for a B2B fair abroad.
    foreign_freight_cap_b2b: Decimal = Decimal("25000")
    #: Item 3: freight for a B2C fair abroad.
    foreign_freight_cap_b2c: Decimal = Decimal("50000")
    #: Item 3: domestic 3-AC rail/AC bus plus economy air abroad, together at most Rs 75,000.
    foreign_travel_cap: Decimal = Decimal("75000")
    #: Item 4: starting business on one e-commerce portal, at most Rs 10,000.
    ecommerce_cap: Decimal = Decimal("10000")
    #: Item 4 (GO-MDA-2020): e-commerce help is available once per person or unit.
    ecommerce_claims_per_person: int = 1
    #: GO-MDA-2020: at most 3 fair claims in a financial year under this scheme, all fairs together.
    max_claims_per_year: int = 3
    #: GO-MDA-2019 para 8: apply within 120 days of the event, not counting the event's month.
    claim_window_days: int = 120
    #: UNCERTAIN, off by default: msme1connect adds a minimum age; the GOs do not.
    require_min_age: bool = False
    #: Minimum age used when ``require_min_age`` is on.
    min_age: int = 18
    #: UNCERTAIN, off by default: msme1connect adds "no similar benefit from GoI or the State in
    #: the last two years"; the GOs do not.
    require_no_similar_benefit: bool = False
    #: Look-back years used when ``require_no_similar_benefit`` is on.
    similar_benefit_lookback_years: int = 2
    #: UNCERTAIN, off by default: some listings make Udyam registration mandatory; the GOs accept
    #: any ID card, registration certificate or Udyog Aadhaar (GO-MDA-2019 para 2).
    require_udyam: bool = False

    def validate(self) -> None:
        if self.reimbursement_rate > 1:
            raise ValueError("parameter 'reimbursement_rate' must be at most 1")
        if self.claim_window_days < 1:
            raise ValueError("parameter 'claim_window_days' must be at least 1")


@dataclass(frozen=True)
class Facts:
    """One claim and what the rules need to know about the claimant.

    ``event_date`` is the last day of the fair; for e-commerce, the date of the service provider's
    invoice. Expense fields are the amounts actually spent; None means not claimed.
    ``rail_or_bus_fare`` is the actual 3-AC rail or AC bus fare of one person (for a fair abroad,
    the domestic part of the journey); ``air_fare`` is economy air fare of one person.
    ``earlier_claims_in_year`` counts this claimant's other fair claims, paid or pending (not
    rejected), whose fair falls in the same financial year as this one (see
    :func:`claim_financial_year`).
    """

    as_of: date
    category: ClaimCategory
    event_date: date | None = None
    trade_type: TradeType | None = None
    stall_cost: Decimal | None = None
    freight_cost: Decimal | None = None
    rail_or_bus_fare: Decimal | None = None
    air_fare: Decimal | None = None
    ecommerce_cost: Decimal | None = None
    has_registration: bool | None = None
    markets_district_product: bool | None = None
    earlier_claims_in_year: int | None = None
    earlier_ecommerce_claims: int | None = None
    has_other_scheme_benefit_for_event: bool | None = None
    date_of_birth: date | None = None
    has_similar_benefit_recently: bool | None = None
    has_udyam: bool | None = None
    verified_documents: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "category", ClaimCategory(self.category))
        if self.trade_type is not None:
            object.__setattr__(self, "trade_type", TradeType(self.trade_type))
        check_not_negative(
            self,
            "stall_cost",
            "freight_cost",
            "rail_or_bus_fare",
            "air_fare",
            "ecommerce_cost",
            "earlier_claims_in_year",
            "earlier_ecommerce_claims",
        )
        check_not_after(self, self.as_of, "date_of_birth")


# --- Dates -------------------------------------------------------------------------------


def claim_window(event_date: date, params: Parameters) -> tuple[date, date]:
    """(start, last day) of the 120-day count after the month of the event.

    GO-MDA-2019 para 8 allows 120 days "excluding the month of the event". The count starts on
    the first day of the next month and its last day is the 120th day counted from there, both
    included: an event in January 2026 may be claimed up to 31 May 2026. An application made in
    the event's own month, after the event, is also in time: the month is excluded from the
    count, not from the right to apply.
    """
    if event_date.month == 12:
        start = date(event_date.year + 1, 1, 1)
    else:
        start = date(event_date.year, event_date.month + 1, 1)
    return start, start + timedelta(days=params.claim_window_days - 1)


def claim_financial_year(facts: Facts) -> str | None:
    """The financial year a claim counts against: that of the fair, not of the application.

    Counting by the fair keeps the limit about participation, which is what the GO limits:
    otherwise claims for fairs held in one year could be moved into the next by applying late.
    None until the fair's date is known.
    """
    return None if facts.event_date is None else financial_year(facts.event_date)


# --- Benefit -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LineRule:
    """How one expense of a claim is reimbursed: ``rate`` of the amount spent, at most ``cap``.

    ``sources`` are the Facts fields whose amounts are added up for this line; a rate of 1 with
    no cap is the GO's "actual fare".
    """

    code: str
    label_en: str
    label_hi: str
    rate: Decimal
    cap: Decimal | None
    clause: str
    sources: tuple[str, ...]


_EXPENSE_FIELDS = ("stall_cost", "freight_cost", "rail_or_bus_fare", "air_fare", "ecommerce_cost")
_EXPENSE_LABELS: dict[str, tuple[str, str, str]] = {
    # field: (line code, English label, Hindi label) for expenses a category does not cover
    "stall_cost": ("stall", "Stall charges", "स्टॉल शुल्क"),
    "freight_cost": ("freight", "Freight", "माल भाड़ा"),
    "rail_or_bus_fare": ("travel", "Rail or bus fare", "रेल या बस किराया"),
    "air_fare": ("air", "Air fare", "हवाई किराया"),
    "ecommerce_cost": ("ecommerce", "E-commerce onboarding", "ई-कॉमर्स पोर्टल पर पंजीकरण का व्यय"),
}


def _stall(cap: Decimal, clause: str, rate: Decimal) -> LineRule:
    return LineRule("stall", "Stall charges", "स्टॉल शुल्क", rate, cap, clause, ("stall_cost",))


def _freight(cap: Decimal, clause: str, rate: Decimal) -> LineRule:
    return LineRule(
        "freight",
        "Freight from your production site to the fair",
        "उत्पादन स्थल से मेले तक माल भाड़ा",
        rate,
        cap,
        clause,
        ("freight_cost",),
    )


def _actual_fare(clause: str) -> LineRule:
    return LineRule(
        "travel",
        "Travel of one person by 3-AC rail or AC bus (actual fare)",
        "एक व्यक्ति की यात्रा, थर्ड एसी रेल या एसी बस (वास्तविक किराया)",
        Decimal("1"),
        None,
        clause,
        ("rail_or_bus_fare",),
    )


def line_rules(
    category: ClaimCategory, trade_type: TradeType | None, params: Parameters
) -> tuple[LineRule, ...]:
    """The expenses a category covers, with their rate and cap.

    For fairs outside UP and abroad the freight cap depends on B2B/B2C; without a trade type no
    freight rule is returned.
    """
    rate = params.reimbursement_rate
    if category == ClaimCategory.UP_OTHER:
        clause = "GO-MDA-2019 item 1(क)"
        return (
            _stall(params.up_other_stall_cap, clause, rate),
            _freight(params.up_other_freight_cap, clause, rate),
            _actual_fare(clause),
        )
    if category == ClaimCategory.UP_NATIONAL:
        clause = "GO-MDA-2020 item 1(ख)"
        return (
            _stall(params.up_national_stall_cap, clause, rate),
            _freight(params.up_national_freight_cap, clause, rate),
            _actual_fare(clause),
        )
    if category == ClaimCategory.OUTSIDE_UP:
        clause = "GO-MDA-2020 item 2"
        rules = [_stall(params.outside_up_stall_cap, clause, rate)]
        if trade_type is not None:
            cap = (
                params.outside_up_freight_cap_b2b
                if trade_type == TradeType.B2B
                else params.outside_up_freight_cap_b2c
            )
            rules.append(_freight(cap, clause, rate))
        rules.append(_actual_fare(clause))
        rules.append(
            LineRule(
                "air",
                "Economy air fare of one person",
                "एक व्यक्ति का इकॉनमी श्रेणी हवाई किराया",
                rate,
                params.outside_up_air_cap,
                clause,
                ("air_fare",),
            )
        )
        return tuple(rules)
    if category == ClaimCategory.FOREIGN:
        clause = "GO-MDA-2019 item 3"
        rules = [_stall(params.foreign_stall_cap, clause, rate)]
        if trade_type is not None:
            cap = (
                params.foreign_freight_cap_b2b
                if trade_type == TradeType.B2B
                else params.foreign_freight_cap_b2c
            )
            rules.append(_freight(cap, clause, rate))
        rules.append(
            LineRule(
                "travel",
                "Travel of one person: 3-AC rail or AC bus in India plus economy air abroad",
                "एक व्यक्ति की यात्रा: देश में थर्ड एसी रेल या एसी बस और विदेश के लिए इकॉनमी हवाई यात्रा",
                rate,
                params.foreign_travel_cap,
                clause,
                ("rail_or_bus_fare", "air_fare"),
            )
        )
        return tuple(rules)
    return (
        LineRule(
            "ecommerce",
            "Starting business on one e-commerce portal",
            "एक ई-कॉमर्स पोर्टल पर व्यापार शुरू करने का व्यय",
            rate,
            params.ecommerce_cap,
            "GO-MDA-2019 item 4",
            ("ecommerce_cost",),
        ),
    )


def _claimed(facts: Facts, sources: tuple[str, ...]) -> Decimal | None:
    amounts = [getattr(facts, name) for name in sources if getattr(facts, name) is not None]
    if not amounts:
        return None
    return money(sum(amounts, ZERO))


def _pay(rule: LineRule, spent: Decimal) -> BenefitLine:
    if rule.cap is None:
        # "Actual fare": the whole amount, no cap.
        return BenefitLine(
            rule.code,
            rule.label_en,
            rule.label_hi,
            spent,
            rule.clause,
            f"Actual fare paid: {format_inr(spent)}.",
            f"वास्तविक किराया: {format_inr(spent)}।",
        )
    share = money(rule.rate * spent)
    cap = money(rule.cap)
    paid = min(share, cap)
    rate = format_rate(rule.rate)
    return BenefitLine(
        rule.code,
        rule.label_en,
        rule.label_hi,
        paid,
        rule.clause,
        f"{rate} of {format_inr(spent)} is {format_inr(share)}, at most {format_inr(cap)}.",
        f"{format_inr(spent)} का {rate} = {format_inr(share)}, अधिकतम {format_inr(cap)}।",
    )


def compute_benefit(facts: Facts, params: Parameters) -> Benefit | None:
    """The amount reimbursed for the claim, line by line.

    None when freight is claimed for a fair outside UP or abroad and we do not yet know whether
    the fair was B2B or B2C, because the freight cap depends on it.
    """
    if (
        facts.freight_cost is not None
        and facts.category in _TRADE_TYPE_CATEGORIES
        and facts.trade_type is None
    ):
        return None
    rules = line_rules(facts.category, facts.trade_type, params)
    lines: list[BenefitLine] = []
    covered: set[str] = set()
    for rule in rules:
        covered.update(rule.sources)
        spent = _claimed(facts, rule.sources)
        if spent is not None:
            lines.append(_pay(rule, spent))
    category_en, category_hi = CATEGORY_NAMES[facts.category]
    for name in _EXPENSE_FIELDS:
        amount = getattr(facts, name)
        if name in covered or amount is None:
            continue
        code, label_en, label_hi = _EXPENSE_LABELS[name]
        lines.append(
            BenefitLine(
                code,
                label_en,
                label_hi,
                ZERO,
                "GO-MDA-2019 items 1-4, GO-MDA-2020",
                f"Not covered for a {category_en}.",
                f"{category_hi} के लिए यह व्यय देय नहीं है।",
            )
        )
    return Benefit(amount=sum((line.amount for line in lines), ZERO), lines=tuple(lines))


# --- Eligibility -------------------------------------------------------------------------


def _registration(facts: Facts) -> RuleOutcome:
    return declared_fact_rule(
        code="registration",
        clause="GO-MDA-2019 para 2",
        document=Document.REGISTRATION,
        fact=facts.has_registration,
        verified_documents=facts.verified_documents,
        ask=(
            "Tell us whether you hold an ID card, registration certificate or Udyog Aadhaar from "
            "a central or state government department.",
            "बताएं कि क्या आपके पास किसी केंद्र या राज्य सरकार के विभाग का पहचान पत्र, पंजीकरण "
            "प्रमाण पत्र या उद्योग आधार है।",
        ),
        fail=(
            "You need an ID card, registration certificate or Udyog Aadhaar from a central or "
            "state government department to get this help.",
            "यह सहायता पाने के लिए किसी केंद्र या राज्य सरकार के विभाग का पहचान पत्र, पंजीकरण "
            "प्रमाण पत्र या उद्योग आधार होना आवश्यक है।",
        ),
        checked=(
            "Your ID card or registration has been checked.",
            "आपके पहचान पत्र/पंजीकरण की जांच हो चुकी है।",
        ),
        attach=(
            "Attach your ID card, registration certificate or Udyog Aadhaar.",
            "अपना पहचान पत्र, पंजीकरण प्रमाण पत्र या उद्योग आधार लगाएं।",
        ),
    )


def _district_product(facts: Facts) -> RuleOutcome:
    clause = "GO-MDA-2019 para 2"
    if facts.markets_district_product is None:
        return make_rule(
            "district_product",
            Status.NEEDS_DOCUMENT,
            clause,
            "Tell us whether you make or sell your district's ODOP product in the district.",
            "बताएं कि क्या आप जनपद में अपने जनपद के ओडीओपी उत्पाद का उत्पादन या विपणन करते हैं।",
        )
    if not facts.markets_district_product:
        return make_rule(
            "district_product",
            Status.FAILED,
            clause,
            "This help is only for those who make or sell their district's ODOP product in the district.",
            "यह सहायता केवल उन्हें मिलती है जो जनपद में अपने जनपद के ओडीओपी उत्पाद का उत्पादन या विपणन करते हैं।",
        )
    return make_rule(
        "district_product",
        Status.PASSED,
        clause,
        "You make or sell your district's ODOP product in the district.",
        "आप जनपद में अपने जनपद के ओडीओपी उत्पाद का उत्पादन या विपणन करते हैं।",
    )


def _within_time(facts: Facts, params: Parameters) -> RuleOutcome:
    clause = "GO-MDA-2019 para 8"
    days = params.claim_window_days
    if facts.event_date is None:
        return make_rule(
            "within_time",
            Status.NEEDS_DOCUMENT,
            clause,
            "Tell us the date of the fair (its last day), or for e-commerce the date of the invoice.",
            "मेले की तिथि (अंतिम दिन) बताएं, या ई-कॉमर्स के लिए बिल (इनवॉइस) की तिथि बताएं।",
        )
    event = format_date(facts.event_date)
    _, last_day = claim_window(facts.event_date, params)
    last = format_date(last_day)
    if facts.as_of < facts.event_date:
        return make_rule(
            "within_time",
            Status.FAILED,
            clause,
            f"You can claim only after the event; it ends on {event}.",
            f"दावा केवल आयोजन के बाद किया जा सकता है; यह {event} को समाप्त होगा।",
        )
    if facts.as_of > last_day:
        return make_rule(
            "within_time",
            Status.FAILED,
            clause,
            f"The claim had to be made within {days} days after the month of the event, that is by {last}.",
            f"दावा आयोजन के महीने के बाद {days} दिन के भीतर, यानी {last} तक, करना था।",
        )
    return make_rule(
        "within_time",
        Status.PASSED,
        clause,
        f"Claimed in time: the last day for this event ({event}) is {last}.",
        f"दावा समय पर है: इस आयोजन ({event}) के लिए अंतिम तिथि {last} है।",
    )


def _claims_per_year(facts: Facts, params: Parameters) -> RuleOutcome:
    clause = "GO-MDA-2020 (3 claims a financial year)"
    limit = params.max_claims_per_year
    year = claim_financial_year(facts)
    year_en = f"the financial year {year}" if year else "the financial year of the fair"
    year_hi = f"वित्तीय वर्ष {year}" if year else "मेले के वित्तीय वर्ष"
    if facts.earlier_claims_in_year is None:
        return make_rule(
            "claims_per_year",
            Status.NEEDS_DOCUMENT,
            clause,
            f"Tell us how many other fair claims you have made for {year_en}.",
            f"बताएं कि आपने {year_hi} के लिए मेलों के कितने अन्य दावे किए हैं।",
        )
    if facts.earlier_claims_in_year >= limit:
        return make_rule(
            "claims_per_year",
            Status.FAILED,
            clause,
            f"At most {limit} fair claims are allowed in a financial year, and you already have "
            f"{facts.earlier_claims_in_year} for {year_en}.",
            f"एक वित्तीय वर्ष में अधिकतम {limit} मेलों का लाभ मिलता है, और {year_hi} के लिए आपके "
            f"{facts.earlier_claims_in_year} दावे पहले से हैं।",
        )
    number = facts.earlier_claims_in_year + 1
    return make_rule(
        "claims_per_year",
        Status.PASSED,
        clause,
        f"This is fair claim {number} of at most {limit} for {year_en}.",
        f"{year_hi} के लिए अधिकतम {limit} में से यह मेले का दावा संख्या {number} है।",
    )


def _one_scheme_per_fair(facts: Facts) -> RuleOutcome:
    clause = "GO-MDA-2019, GO-MDA-2020 (one scheme per fair)"
    if facts.has_other_scheme_benefit_for_event is None:
        return make_rule(
            "one_scheme_per_fair",
            Status.NEEDS_DOCUMENT,
            clause,
            "Tell us whether you have had help for this fair under any other scheme of the "
            "Government of India or Uttar Pradesh.",
            "बताएं कि क्या इस मेले के लिए आपको भारत सरकार या उत्तर प्रदेश सरकार की किसी अन्य योजना से सहायता मिली है।",
        )
    if facts.has_other_scheme_benefit_for_event:
        return make_rule(
            "one_scheme_per_fair",
            Status.FAILED,
            clause,
            "Help for one fair is given under one scheme only, and you have had help for this "
            "fair under another scheme.",
            "एक मेले के लिए केवल एक योजना से सहायता मिलती है, और इस मेले के लिए आपको दूसरी योजना से सहायता मिल चुकी है।",
        )
    return make_rule(
        "one_scheme_per_fair",
        Status.PASSED,
        clause,
        "You have not had help for this fair under any other scheme.",
        "इस मेले के लिए आपको किसी अन्य योजना से सहायता नहीं मिली है।",
    )


def _ecommerce_once(facts: Facts, params: Parameters) -> RuleOutcome:
    clause = "GO-MDA-2020 item 4"
    limit = params.ecommerce_claims_per_person
    if facts.earlier_ecommerce_claims is None:
        return make_rule(
            "ecommerce_once",
            Status.NEEDS_DOCUMENT,
            clause,
            "Tell us whether you have already had e-commerce help under this scheme.",
            "बताएं कि क्या आपको इस योजना में ई-कॉमर्स की सहायता पहले मिल चुकी है।",
        )
    if facts.earlier_ecommerce_claims >= limit:
        return make_rule(
            "ecommerce_once",
            Status.FAILED,
            clause,
            "E-commerce help is given only once to a person or unit, and you have already had it.",
            "ई-कॉमर्स की सहायता किसी व्यक्ति या इकाई को केवल एक बार मिलती है, और आपको यह पहले मिल चुकी है।",
        )
    return make_rule(
        "ecommerce_once",
        Status.PASSED,
        clause,
        "This is your first e-commerce claim under this scheme.",
        "इस योजना में यह आपका पहला ई-कॉमर्स दावा है।",
    )


def _no_similar_benefit(facts: Facts, params: Parameters) -> RuleOutcome:
    years = params.similar_benefit_lookback_years
    if facts.has_similar_benefit_recently is None:
        return make_rule(
            "no_similar_benefit",
            Status.NEEDS_DOCUMENT,
            _PORTAL_CLAUSE,
            f"Tell us whether you have had similar help from the Government of India or Uttar "
            f"Pradesh in the last {years} years.",
            f"बताएं कि क्या पिछले {years} वर्षों में आपको भारत सरकार या उत्तर प्रदेश सरकार से ऐसी सहायता मिली है।",
        )
    if facts.has_similar_benefit_recently:
        return make_rule(
            "no_similar_benefit",
            Status.FAILED,
            _PORTAL_CLAUSE,
            f"Anyone who had similar help from the Government of India or Uttar Pradesh in the "
            f"last {years} years cannot get this help.",
            f"जिसे पिछले {years} वर्षों में भारत सरकार या उत्तर प्रदेश सरकार से ऐसी सहायता मिली हो, "
            "उसे यह सहायता नहीं मिल सकती।",
        )
    return make_rule(
        "no_similar_benefit",
        Status.PASSED,
        _PORTAL_CLAUSE,
        f"You have not had similar help in the last {years} years.",
        f"पिछले {years} वर्षों में आपको ऐसी सहायता नहीं मिली है।",
    )


def _udyam(facts: Facts) -> RuleOutcome:
    return declared_fact_rule(
        code="udyam",
        clause=_PORTAL_CLAUSE,
        document=Document.UDYAM_REGISTRATION,
        fact=facts.has_udyam,
        verified_documents=facts.verified_documents,
        ask=(
            "Tell us whether you have a Udyam registration.",
            "बताएं कि क्या आपके पास उद्यम पंजीकरण है।",
        ),
        fail=(
            "A valid Udyam registration is needed for this help.",
            "इस सहायता के लिए मान्य उद्यम पंजीकरण आवश्यक है।",
        ),
        checked=(
            "Your Udyam registration has been checked.",
            "आपके उद्यम पंजीकरण की जांच हो चुकी है।",
        ),
        attach=(
            "Attach your Udyam registration certificate.",
            "अपना उद्यम पंजीकरण प्रमाण पत्र लगाएं।",
        ),
    )


def check_eligibility(facts: Facts, params: Parameters) -> tuple[RuleOutcome, ...]:
    """Every rule's outcome for the claim; the optional portal conditions come last when on."""
    rules = [_registration(facts), _district_product(facts), _within_time(facts, params)]
    if facts.category in FAIR_CATEGORIES:
        rules.append(_claims_per_year(facts, params))
        rules.append(_one_scheme_per_fair(facts))
    else:
        rules.append(_ecommerce_once(facts, params))
    if params.require_min_age:
        rules.append(
            age_rule(
                code="age",
                clause=_PORTAL_CLAUSE,
                date_of_birth=facts.date_of_birth,
                as_of=facts.as_of,
                min_age=params.min_age,
            )
        )
    if params.require_no_similar_benefit:
        rules.append(_no_similar_benefit(facts, params))
    if params.require_udyam:
        rules.append(_udyam(facts))
    return tuple(rules)


def evaluate(facts: Facts, params: Parameters) -> Outcome:
    return Outcome(
        scheme=CODE,
        rules=check_eligibility(facts, params),
        benefit=compute_benefit(facts, params),
    )
