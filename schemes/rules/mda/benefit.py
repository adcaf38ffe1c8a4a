"""ODOP Marketing Development Assistance (MDA): eligibility of a claim and the amount reimbursed.: the benefit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from schemes.rules.base import (
    ZERO,
    Benefit,
    BenefitLine,
    financial_year,
    format_inr,
    format_rate,
    money,
)
from schemes.rules.mda.terms import (
    _TRADE_TYPE_CATEGORIES,
    CATEGORY_NAMES,
    ClaimCategory,
    Facts,
    Parameters,
    TradeType,
)

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
