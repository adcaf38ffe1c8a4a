"""ODOP Marketing Development Assistance (MDA): eligibility of a claim and the amount reimbursed.: the terms (codes, parameters, facts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from schemes.rules.base import (
    ParametersBase,
    check_not_after,
    check_not_negative,
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

    LABELS = MappingProxyType(
        {
            "reimbursement_rate": (
                "Share of each eligible expense reimbursed",
                "प्रत्येक मान्य व्यय की प्रतिपूर्ति का अंश",
            ),
            "up_other_stall_cap": (
                "Other fairs in Uttar Pradesh: most for stall charges",
                "उत्तर प्रदेश में अन्य मेले: स्टॉल शुल्क की अधिकतम सहायता",
            ),
            "up_other_freight_cap": (
                "Other fairs in Uttar Pradesh: most for freight",
                "उत्तर प्रदेश में अन्य मेले: माल भाड़े की अधिकतम सहायता",
            ),
            "up_national_stall_cap": (
                "National or international fairs in Uttar Pradesh: most for stall charges",
                "उत्तर प्रदेश में राष्ट्रीय/अंतरराष्ट्रीय स्तर के मेले: स्टॉल शुल्क की अधिकतम सहायता",
            ),
            "up_national_freight_cap": (
                "National or international fairs in Uttar Pradesh: most for freight",
                "उत्तर प्रदेश में राष्ट्रीय/अंतरराष्ट्रीय स्तर के मेले: माल भाड़े की अधिकतम सहायता",
            ),
            "outside_up_stall_cap": (
                "Fairs in India outside Uttar Pradesh: most for stall charges",
                "उत्तर प्रदेश के बाहर भारत में मेले: स्टॉल शुल्क की अधिकतम सहायता",
            ),
            "outside_up_freight_cap_b2b": (
                "Fairs in India outside Uttar Pradesh: most for freight to a B2B fair",
                "उत्तर प्रदेश के बाहर भारत में मेले: B2B मेले के माल भाड़े की अधिकतम सहायता",
            ),
            "outside_up_freight_cap_b2c": (
                "Fairs in India outside Uttar Pradesh: most for freight to a B2C fair",
                "उत्तर प्रदेश के बाहर भारत में मेले: B2C मेले के माल भाड़े की अधिकतम सहायता",
            ),
            "outside_up_air_cap": (
                "Fairs in India outside Uttar Pradesh: most for economy air fare",
                "उत्तर प्रदेश के बाहर भारत में मेले: इकॉनमी हवाई किराये की अधिकतम सहायता",
            ),
            "foreign_stall_cap": (
                "Fairs abroad: most for stall charges",
                "विदेश में मेले: स्टॉल शुल्क की अधिकतम सहायता",
            ),
            "foreign_freight_cap_b2b": (
                "Fairs abroad: most for freight to a B2B fair",
                "विदेश में मेले: B2B मेले के माल भाड़े की अधिकतम सहायता",
            ),
            "foreign_freight_cap_b2c": (
                "Fairs abroad: most for freight to a B2C fair",
                "विदेश में मेले: B2C मेले के माल भाड़े की अधिकतम सहायता",
            ),
            "foreign_travel_cap": (
                "Fairs abroad: most for travel, rail or bus and air together",
                "विदेश में मेले: रेल या बस और हवाई यात्रा की कुल अधिकतम सहायता",
            ),
            "ecommerce_cap": (
                "E-commerce portal: most for starting business",
                "ई-कॉमर्स पोर्टल: व्यापार शुरू करने की अधिकतम सहायता",
            ),
            "ecommerce_claims_per_person": (
                "E-commerce help: times per person or unit",
                "ई-कॉमर्स सहायता: प्रति व्यक्ति या इकाई कितनी बार",
            ),
            "max_claims_per_year": (
                "Most fair claims in a financial year",
                "एक वित्तीय वर्ष में मेलों के अधिकतम दावे",
            ),
            "claim_window_days": (
                "Days to claim, after the month of the event",
                "आयोजन के महीने के बाद दावे के लिए दिन",
            ),
            "require_min_age": ("Claimant must be of a minimum age", "दावेदार की न्यूनतम आयु की शर्त लागू"),
            "min_age": ("Minimum age, when that condition applies", "न्यूनतम आयु, जब यह शर्त लागू हो"),
            "require_no_similar_benefit": (
                "Claimant must have had no similar benefit recently",
                "हाल में कोई समान लाभ न लेने की शर्त लागू",
            ),
            "similar_benefit_lookback_years": (
                "Similar benefit: years looked back, when that condition applies",
                "समान लाभ: विगत वर्षों की संख्या, जब यह शर्त लागू हो",
            ),
            "require_udyam": ("Claimant must have Udyam registration", "उद्यम पंजीकरण की शर्त लागू"),
        }
    )

    SHARES = frozenset({"reimbursement_rate"})
    POSITIVE = frozenset(
        {
            # Every line of items 1-4 pays this share of the expense: at 0 no claim pays.
            "reimbursement_rate",
            # Item 4 (2020) and its rule say e-commerce help is had once; 0 would refuse every
            # e-commerce claim as "already had".
            "ecommerce_claims_per_person",
            # GO-MDA-2020: 3 fair claims a year; 0 would refuse every fair claim.
            "max_claims_per_year",
            # Para 8: a window of 0 days would leave no day on which to claim.
            "claim_window_days",
            # "No similar benefit in the last 0 years" bars nobody; turning the condition off
            # is require_no_similar_benefit's job.
            "similar_benefit_lookback_years",
        }
    )
    # The caps may be 0: a GO can withdraw one item's help (2020 added the air fare; a later
    # one could take it away) while the rest stand.
    MAXIMA = MappingProxyType(
        {
            # The claim window's last day is counted this many days on (and the fair listing
            # looks that far back); ten years is beyond any GO and keeps the day in the calendar.
            "claim_window_days": 3650,
            # As for the other schemes' ages and look-backs: a hundred years is beyond any GO.
            "min_age": 100,
            "similar_benefit_lookback_years": 100,
        }
    )


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
