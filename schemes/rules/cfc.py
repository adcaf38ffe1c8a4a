"""ODOP Common Facility Centre (CFC) Promotion Scheme: SPV eligibility, funding shares, instalments.

Sources: GO-CFC-2018 (no. 1095/18-4-2018-18(विविध)/17टी.सी.-III, 6 November 2018) as amended by
GO-CFC-2023 (no. 613/18-4-2023-18(विविध)/17टी.सी.-3, 3 October 2023); the amendment prevails.
Where the reference gives no paragraph number for a 2023 rule, the clause names the topic.

Benefit lines (in this order): ``capital_cost``, ``land_excluded``, ``project_cost``,
``state_share``, ``spv_share``, ``instalment_1``, ``instalment_2``, ``instalment_3``.
``Benefit.amount`` is ``state_share``. Always ``state_share + spv_share == project_cost`` and
the three instalments add up to ``state_share``, to the paisa.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from schemes.rules.base import (
    ZERO,
    Benefit,
    BenefitLine,
    CostItem,
    Outcome,
    ParametersBase,
    RuleOutcome,
    Status,
    check_not_negative,
    format_inr,
    format_rate,
    make_rule,
    money,
)

CODE = "CFC"
NAME_EN = "ODOP Common Facility Centre (CFC) Promotion Scheme"
NAME_HI = "एक जनपद एक उत्पाद सामान्य सुविधा केन्द्र प्रोत्साहन योजना"

# GO-CFC-2023 funding table; the reference gives no paragraph number for it.
_FUNDING_CLAUSE = "GO-CFC-2023 (funding pattern)"
_SPECIAL_CLAUSE = "GO-CFC-2023 (projects above Rs 10 crore)"
_INSTITUTION_CLAUSE = "GO-CFC-2023 para 2(ख)"


class Applicant(StrEnum):
    #: A Special Purpose Vehicle formed by the product's stakeholders (GO-CFC-2018 para 2).
    SPV = "spv"
    #: A central or state government technical institution applying without an SPV
    #: (GO-CFC-2023 para 2(ख)).
    TECHNICAL_INSTITUTION = "technical_institution"


class LegalForm(StrEnum):
    """Legal forms of an SPV. Only the first three are allowed since GO-CFC-2023."""

    PRODUCER_COMPANY = "producer_company"
    SOCIETY = "society"
    SECTION_8_COMPANY = "section_8_company"
    # Allowed by GO-CFC-2018 only; kept so an older proposal can be described and refused.
    SELF_HELP_GROUP = "self_help_group"
    COOPERATIVE = "cooperative"
    VOLUNTARY_ORGANISATION = "voluntary_organisation"
    PRIVATE_LIMITED_COMPANY = "private_limited_company"
    LIMITED_COMPANY = "limited_company"
    LLP = "llp"


LEGAL_FORM_NAMES: dict[LegalForm, tuple[str, str]] = {
    LegalForm.PRODUCER_COMPANY: ("Producer Company", "उत्पादक कंपनी"),
    LegalForm.SOCIETY: ("Society", "सोसाइटी"),
    LegalForm.SECTION_8_COMPANY: ("Section 8 Company", "धारा 8 कंपनी"),
    LegalForm.SELF_HELP_GROUP: ("Self-help group", "स्वयं सहायता समूह"),
    LegalForm.COOPERATIVE: ("Cooperative", "सहकारी समिति"),
    LegalForm.VOLUNTARY_ORGANISATION: ("Voluntary organisation", "स्वैच्छिक संगठन"),
    LegalForm.PRIVATE_LIMITED_COMPANY: ("Private limited company", "प्राइवेट लिमिटेड कंपनी"),
    LegalForm.LIMITED_COMPANY: ("Limited company", "लिमिटेड कंपनी"),
    LegalForm.LLP: ("Limited liability partnership", "सीमित दायित्व भागीदारी (एलएलपी)"),
}


class LandTenure(StrEnum):
    """How the SPV holds the CFC's land (GO-CFC-2023, land)."""

    OWNED_BY_SPV = "owned_by_spv"
    LEASE_IN_GOVERNMENT_INDUSTRIAL_AREA = "lease_in_government_industrial_area"
    OTHER = "other"


class Committee(StrEnum):
    STATE_LEVEL = "state_level"
    HIGH_LEVEL = "high_level"


COMMITTEE_NAMES: dict[Committee, tuple[str, str]] = {
    Committee.STATE_LEVEL: ("State Level Committee", "प्रदेश स्तरीय समिति"),
    Committee.HIGH_LEVEL: ("High Level Committee", "उच्च स्तरीय समिति"),
}


@dataclass(frozen=True)
class Parameters(ParametersBase):
    """Figures of GO-CFC-2018 as amended by GO-CFC-2023; defaults are the GO values."""

    #: GO-CFC-2023 funding pattern: first band, project cost up to Rs 4 crore ...
    band1_limit: Decimal = Decimal("40000000")
    #: ... with an SPV contribution of at least 10%.
    band1_min_spv_rate: Decimal = Decimal("0.10")
    #: Second band, above Rs 4 crore up to Rs 8 crore ...
    band2_limit: Decimal = Decimal("80000000")
    #: ... with at least 20%.
    band2_min_spv_rate: Decimal = Decimal("0.20")
    #: Third band, above Rs 8 crore up to Rs 10 crore ...
    band3_limit: Decimal = Decimal("100000000")
    #: ... with at least 30%.
    band3_min_spv_rate: Decimal = Decimal("0.30")
    #: GO-CFC-2023, above Rs 10 crore (environment or R&D purposes only): SPV at least 40% ...
    special_min_spv_rate: Decimal = Decimal("0.40")
    #: ... state at most 60% ...
    special_max_state_rate: Decimal = Decimal("0.60")
    #: ... or Rs 9 crore, whichever is less.
    special_state_cap: Decimal = Decimal("90000000")
    #: GO-CFC-2023 para 2(ख): technical institution, state at most 50% ...
    institution_max_state_rate: Decimal = Decimal("0.50")
    #: ... or Rs 7.5 crore, whichever is less.
    institution_state_cap: Decimal = Decimal("75000000")
    #: GO-CFC-2018 paras 18 and 24: the State Level Committee sanctions up to Rs 10 crore, the
    #: High Level Committee above.
    state_committee_limit: Decimal = Decimal("100000000")
    #: GO-CFC-2018 para 2 (kept in 2023): at least 20 SPV members.
    min_members: int = 20
    #: GO-CFC-2018 para 2 (kept in 2023): at least two-thirds of members linked to the product.
    #: A fraction, so 20 of 30 members is exactly enough.
    min_product_linked_share: Fraction = Fraction(2, 3)
    #: GO-CFC-2018 para 2 (kept in 2023): no member above 10% of the shares.
    max_member_share: Decimal = Decimal("0.10")
    #: GO-CFC-2023: Producer Company, Society or Section-8 Company.
    allowed_legal_forms: tuple[str, ...] = (
        LegalForm.PRODUCER_COMPANY.value,
        LegalForm.SOCIETY.value,
        LegalForm.SECTION_8_COMPANY.value,
    )
    #: GO-CFC-2023 (land): a lease, only in a government industrial area, for at least 25 years.
    min_lease_years: int = 25
    #: GO-CFC-2018 para 30: share of the state grant in the first instalment ...
    first_instalment_rate: Decimal = Decimal("0.40")
    #: ... the second, after 75% use of the first ...
    second_instalment_rate: Decimal = Decimal("0.30")
    #: ... and the third, after 75% use of the first two.
    third_instalment_rate: Decimal = Decimal("0.30")

    def validate(self) -> None:
        if not self.band1_limit < self.band2_limit < self.band3_limit:
            raise ValueError("band limits must rise: band1_limit < band2_limit < band3_limit")
        for name in (
            "band1_min_spv_rate",
            "band2_min_spv_rate",
            "band3_min_spv_rate",
            "special_min_spv_rate",
            "special_max_state_rate",
            "institution_max_state_rate",
            "max_member_share",
        ):
            if getattr(self, name) > 1:
                raise ValueError(f"parameter {name!r} must be at most 1")
        if self.min_product_linked_share > 1:
            raise ValueError("parameter 'min_product_linked_share' must be at most 1")
        total = self.first_instalment_rate + self.second_instalment_rate + self.third_instalment_rate
        if total != 1:
            raise ValueError("instalment rates must add up to 1")
        for form in self.allowed_legal_forms:
            LegalForm(form)


@dataclass(frozen=True)
class Facts:
    """What the CFC rules need to know about one proposal.

    ``cost_items`` are the proposal's cost lines, with land cost or lease rent marked ``is_land``.
    ``largest_member_share`` is the biggest single member's fraction of the SPV's shares
    (``Decimal("0.10")`` is 10%). ``proposed_spv_contribution`` is what the SPV (or technical
    institution) offers to put in; when unknown the minimum is used.
    """

    as_of: date
    applicant: Applicant = Applicant.SPV
    legal_form: LegalForm | None = None
    member_count: int | None = None
    product_linked_members: int | None = None
    largest_member_share: Decimal | None = None
    members_from_distinct_families: bool | None = None
    land_tenure: LandTenure | None = None
    lease_years: int | None = None
    land_belongs_to_member: bool | None = None
    cost_items: tuple[CostItem, ...] | None = None
    is_environment_or_research_project: bool | None = None
    proposed_spv_contribution: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "applicant", Applicant(self.applicant))
        if self.legal_form is not None:
            object.__setattr__(self, "legal_form", LegalForm(self.legal_form))
        if self.land_tenure is not None:
            object.__setattr__(self, "land_tenure", LandTenure(self.land_tenure))
        check_not_negative(
            self,
            "member_count",
            "product_linked_members",
            "largest_member_share",
            "lease_years",
            "proposed_spv_contribution",
        )
        if (
            self.member_count is not None
            and self.product_linked_members is not None
            and self.product_linked_members > self.member_count
        ):
            raise ValueError("product_linked_members must not exceed member_count")
        if self.largest_member_share is not None and self.largest_member_share > 1:
            raise ValueError("largest_member_share is a fraction and must be at most 1")
        cost = project_cost(self)
        if (
            cost is not None
            and self.proposed_spv_contribution is not None
            and self.proposed_spv_contribution > cost
        ):
            raise ValueError("proposed_spv_contribution must not exceed the project cost")


# --- Money -------------------------------------------------------------------------------


def project_cost(facts: Facts) -> Decimal | None:
    """GO-CFC-2023: land cost and lease rent are not part of the project cost."""
    if facts.cost_items is None:
        return None
    return money(sum((item.amount for item in facts.cost_items if not item.is_land), ZERO))


def max_state_share(
    cost: Decimal, applicant: Applicant, is_special: bool | None, params: Parameters
) -> Decimal | None:
    """The most the state may pay towards a project cost.

    Zero for an SPV project above Rs 10 crore that is not for environment or R&D purposes (not
    fundable); None when such a project's purpose is not known yet.
    """
    cost = money(cost)
    if applicant == Applicant.TECHNICAL_INSTITUTION:
        return min(money(params.institution_max_state_rate * cost), money(params.institution_state_cap))
    if cost <= params.band1_limit:
        spv_rate = params.band1_min_spv_rate
    elif cost <= params.band2_limit:
        spv_rate = params.band2_min_spv_rate
    elif cost <= params.band3_limit:
        spv_rate = params.band3_min_spv_rate
    elif is_special is None:
        return None
    elif not is_special:
        return ZERO
    else:
        # Both the SPV's 40% floor and the state's 60% / Rs 9 crore ceiling must hold.
        return min(
            cost - money(params.special_min_spv_rate * cost),
            money(params.special_max_state_rate * cost),
            money(params.special_state_cap),
        )
    # The SPV's minimum is rounded and the state takes the rest, so the two add up exactly.
    return cost - money(spv_rate * cost)


def instalments(state_share: Decimal, params: Parameters) -> tuple[Decimal, Decimal, Decimal]:
    """GO-CFC-2018 para 30: 40/30/30 of the state share; the last absorbs the rounding."""
    state_share = money(state_share)
    first = money(params.first_instalment_rate * state_share)
    second = money(params.second_instalment_rate * state_share)
    return first, second, state_share - first - second


def approving_committee(facts: Facts, params: Parameters) -> Committee | None:
    """Who sanctions the project: GO-CFC-2018 paras 18 and 24, GO-CFC-2023 para 2(ख).

    None until the project cost is known (an SPV's cost decides it).
    """
    if facts.applicant == Applicant.TECHNICAL_INSTITUTION:
        return Committee.HIGH_LEVEL
    cost = project_cost(facts)
    if cost is None:
        return None
    return _committee_for(cost, facts.applicant, params)


def _committee_for(cost: Decimal, applicant: Applicant, params: Parameters) -> Committee:
    if applicant == Applicant.TECHNICAL_INSTITUTION or cost > params.state_committee_limit:
        return Committee.HIGH_LEVEL
    return Committee.STATE_LEVEL


def _band_note(cost: Decimal, facts: Facts, params: Parameters) -> tuple[str, str, str]:
    """(clause, English, Hindi) describing the funding rule that applies to this cost."""
    if facts.applicant == Applicant.TECHNICAL_INSTITUTION:
        rate = format_rate(params.institution_max_state_rate)
        cap = format_inr(params.institution_state_cap)
        return (
            _INSTITUTION_CLAUSE,
            f"Technical institution: the state pays {rate} of the project cost or {cap}, "
            "whichever is less; the institution bears the rest.",
            f"तकनीकी संस्था: राज्य सरकार परियोजना लागत का {rate} या {cap}, जो भी कम हो, देती है; "
            "शेष राशि संस्था वहन करती है।",
        )
    bands = (
        (params.band1_limit, params.band1_min_spv_rate, None),
        (params.band2_limit, params.band2_min_spv_rate, params.band1_limit),
        (params.band3_limit, params.band3_min_spv_rate, params.band2_limit),
    )
    for limit, spv_rate, lower in bands:
        if cost <= limit:
            upto_en = f"up to {format_inr(limit)}"
            upto_hi = f"{format_inr(limit)} तक"
            if lower is not None:
                upto_en = f"above {format_inr(lower)} and {upto_en}"
                upto_hi = f"{format_inr(lower)} से अधिक और {upto_hi}"
            rate = format_rate(spv_rate)
            return (
                _FUNDING_CLAUSE,
                f"Project cost {upto_en}: the SPV puts in at least {rate}, the state the rest.",
                f"{upto_hi} की परियोजना: एसपीवी कम से कम {rate} अंशदान देगा, शेष राज्य सरकार।",
            )
    spv_rate = format_rate(params.special_min_spv_rate)
    state_rate = format_rate(params.special_max_state_rate)
    cap = format_inr(params.special_state_cap)
    limit = format_inr(params.band3_limit)
    if facts.is_environment_or_research_project:
        return (
            _SPECIAL_CLAUSE,
            f"Project cost above {limit} for environment or R&D purposes: the SPV puts in at "
            f"least {spv_rate}; the state pays at most {state_rate} or {cap}, whichever is less.",
            f"{limit} से अधिक की पर्यावरण या शोध एवं विकास परियोजना: एसपीवी कम से कम {spv_rate} "
            f"देगा; राज्य सरकार अधिकतम {state_rate} या {cap}, जो भी कम हो।",
        )
    return (
        _SPECIAL_CLAUSE,
        f"Projects above {limit} are funded only for environment protection or R&D purposes.",
        f"{limit} से अधिक की परियोजनाओं को केवल पर्यावरण संरक्षण या शोध एवं विकास के लिए सहायता मिलती है।",
    )


def compute_benefit(facts: Facts, params: Parameters) -> Benefit | None:
    """State and SPV shares of the project cost and the state's instalments.

    None until the cost is known, and for an SPV project above Rs 10 crore until its purpose is
    known. When the SPV offers more than its minimum, the state pays correspondingly less.
    """
    cost = project_cost(facts)
    if facts.cost_items is None or cost is None:
        return None
    limit = max_state_share(cost, facts.applicant, facts.is_environment_or_research_project, params)
    if limit is None:
        return None
    capital = money(sum((item.amount for item in facts.cost_items), ZERO))
    land = capital - cost
    min_spv = cost - limit
    proposed = facts.proposed_spv_contribution
    if proposed is not None and money(proposed) >= min_spv:
        spv = money(proposed)
        state = cost - spv
    else:
        spv, state = min_spv, limit
    first, second, third = instalments(state, params)
    clause, band_en, band_hi = _band_note(cost, facts, params)
    committee_en, committee_hi = COMMITTEE_NAMES[_committee_for(cost, facts.applicant, params)]
    contributor_en, contributor_hi = (
        ("Institution's share", "संस्था का अंश")
        if facts.applicant == Applicant.TECHNICAL_INSTITUTION
        else ("SPV's share", "एसपीवी का अंश")
    )
    lines = (
        BenefitLine(
            "capital_cost",
            "Cost in the proposal",
            "प्रस्ताव में कुल लागत",
            capital,
            "GO-CFC-2023 (land)",
        ),
        BenefitLine(
            "land_excluded",
            "Land cost or lease rent, not counted in the project cost",
            "भूमि की लागत या लीज़ किराया, परियोजना लागत में शामिल नहीं",
            land,
            "GO-CFC-2023 (land)",
            "The SPV provides the land at its own cost.",
            "भूमि एसपीवी अपने व्यय पर उपलब्ध कराएगा।",
        ),
        BenefitLine(
            "project_cost",
            "Project cost",
            "परियोजना लागत",
            cost,
            "GO-CFC-2023 (land)",
        ),
        BenefitLine(
            "state_share",
            "State government's share (grant)",
            "राज्य सरकार का अंश (अनुदान)",
            state,
            clause,
            f"{band_en} Sanctioned by the {committee_en}.",
            f"{band_hi} स्वीकृति: {committee_hi}।",
        ),
        BenefitLine(
            "spv_share",
            contributor_en,
            contributor_hi,
            spv,
            clause,
            "Spent first, before the state's money (GO-CFC-2018 para 29).",
            "यह राशि राज्य सरकार के अंश से पहले खर्च होगी (GO-CFC-2018 para 29)।",
        ),
        BenefitLine(
            "instalment_1",
            "First instalment of the state share",
            "राज्य अंश की पहली किस्त",
            first,
            "GO-CFC-2018 para 30",
            f"{format_rate(params.first_instalment_rate)} of the state share.",
            f"राज्य अंश का {format_rate(params.first_instalment_rate)}।",
        ),
        BenefitLine(
            "instalment_2",
            "Second instalment of the state share",
            "राज्य अंश की दूसरी किस्त",
            second,
            "GO-CFC-2018 para 30",
            f"{format_rate(params.second_instalment_rate)} of the state share, after 75% of the "
            "first instalment is used.",
            f"राज्य अंश का {format_rate(params.second_instalment_rate)}, पहली किस्त के 75% उपयोग के बाद।",
        ),
        BenefitLine(
            "instalment_3",
            "Third instalment of the state share",
            "राज्य अंश की तीसरी किस्त",
            third,
            "GO-CFC-2018 para 30",
            "The rest of the state share, after 75% of the first two instalments is used.",
            "राज्य अंश की शेष राशि, पहली दो किस्तों के 75% उपयोग के बाद।",
        ),
    )
    return Benefit(amount=state, lines=lines)


# --- Eligibility -------------------------------------------------------------------------


def _legal_form(facts: Facts, params: Parameters) -> RuleOutcome:
    clause = "GO-CFC-2023 (legal form of the SPV)"
    allowed = [LegalForm(form) for form in params.allowed_legal_forms]
    allowed_en = ", ".join(LEGAL_FORM_NAMES[form][0] for form in allowed)
    allowed_hi = ", ".join(LEGAL_FORM_NAMES[form][1] for form in allowed)
    if facts.legal_form is None:
        return make_rule(
            "legal_form",
            Status.NEEDS_DOCUMENT,
            clause,
            f"Tell us the SPV's legal form. Allowed: {allowed_en}.",
            f"एसपीवी का विधिक स्वरूप बताएं। मान्य: {allowed_hi}।",
        )
    name_en, name_hi = LEGAL_FORM_NAMES[facts.legal_form]
    if facts.legal_form.value in params.allowed_legal_forms:
        return make_rule(
            "legal_form",
            Status.PASSED,
            clause,
            f"The SPV is a {name_en}, an allowed form.",
            f"एसपीवी एक {name_hi} है, जो मान्य स्वरूप है।",
        )
    return make_rule(
        "legal_form",
        Status.FAILED,
        clause,
        f"An SPV that is a {name_en} cannot apply. Allowed: {allowed_en}.",
        f"{name_hi} के रूप में गठित एसपीवी आवेदन नहीं कर सकता। मान्य: {allowed_hi}।",
    )


def _member_count(facts: Facts, params: Parameters) -> RuleOutcome:
    clause = "GO-CFC-2018 para 2"
    need = params.min_members
    if facts.member_count is None:
        return make_rule(
            "member_count",
            Status.NEEDS_DOCUMENT,
            clause,
            f"Tell us how many members the SPV has; at least {need} are needed.",
            f"बताएं कि एसपीवी में कितने सदस्य हैं; कम से कम {need} सदस्य आवश्यक हैं।",
        )
    if facts.member_count >= need:
        return make_rule(
            "member_count",
            Status.PASSED,
            clause,
            f"The SPV has {facts.member_count} members; at least {need} are needed.",
            f"एसपीवी में {facts.member_count} सदस्य हैं; कम से कम {need} आवश्यक हैं।",
        )
    return make_rule(
        "member_count",
        Status.FAILED,
        clause,
        f"The SPV needs at least {need} members; it has {facts.member_count}.",
        f"एसपीवी में कम से कम {need} सदस्य होने चाहिए; अभी {facts.member_count} हैं।",
    )


def min_product_linked_members(member_count: int, params: Parameters) -> int:
    """Fewest product-linked members that meet the share (two-thirds of 20 is 14, of 30 is 20)."""
    share = params.min_product_linked_share * member_count
    return -(-share.numerator // share.denominator)  # ceiling, exact


def _product_linked(facts: Facts, params: Parameters) -> RuleOutcome:
    clause = "GO-CFC-2018 para 2"
    share = params.min_product_linked_share
    share_text = "two-thirds" if share == Fraction(2, 3) else f"{share}"
    share_hi = "दो-तिहाई" if share == Fraction(2, 3) else f"{share}"
    if facts.member_count is None or facts.product_linked_members is None:
        return make_rule(
            "product_linked_members",
            Status.NEEDS_DOCUMENT,
            clause,
            f"Tell us how many SPV members work with the ODOP product; at least {share_text} of "
            "the members must.",
            f"बताएं कि एसपीवी के कितने सदस्य ओडीओपी उत्पाद से जुड़े हैं; कम से कम {share_hi} सदस्य जुड़े होने चाहिए।",
        )
    need = min_product_linked_members(facts.member_count, params)
    linked = facts.product_linked_members
    if linked >= need:
        return make_rule(
            "product_linked_members",
            Status.PASSED,
            clause,
            f"{linked} of {facts.member_count} members work with the ODOP product; at least "
            f"{need} ({share_text}) are needed.",
            f"{facts.member_count} में से {linked} सदस्य ओडीओपी उत्पाद से जुड़े हैं; कम से कम {need} "
            f"({share_hi}) आवश्यक हैं।",
        )
    return make_rule(
        "product_linked_members",
        Status.FAILED,
        clause,
        f"At least {share_text} of the SPV's members ({need} of {facts.member_count}) must work "
        f"with the ODOP product; only {linked} do.",
        f"एसपीवी के कम से कम {share_hi} सदस्य ({facts.member_count} में से {need}) ओडीओपी उत्पाद "
        f"से जुड़े होने चाहिए; अभी केवल {linked} हैं।",
    )


def _member_shareholding(facts: Facts, params: Parameters) -> RuleOutcome:
    clause = "GO-CFC-2018 para 2"
    limit = format_rate(params.max_member_share)
    if facts.largest_member_share is None:
        return make_rule(
            "member_shareholding",
            Status.NEEDS_DOCUMENT,
            clause,
            f"Tell us the largest share held by one member; no member may hold more than {limit}.",
            f"बताएं कि किसी एक सदस्य के पास सबसे अधिक कितने अंश हैं; कोई सदस्य {limit} से अधिक अंश नहीं रख सकता।",
        )
    held = format_rate(facts.largest_member_share)
    if facts.largest_member_share <= params.max_member_share:
        return make_rule(
            "member_shareholding",
            Status.PASSED,
            clause,
            f"No member holds more than {limit} of the shares (largest: {held}).",
            f"किसी सदस्य के पास {limit} से अधिक अंश नहीं हैं (सबसे अधिक: {held})।",
        )
    return make_rule(
        "member_shareholding",
        Status.FAILED,
        clause,
        f"No member may hold more than {limit} of the SPV's shares; one member holds {held}.",
        f"कोई सदस्य एसपीवी के {limit} से अधिक अंश नहीं रख सकता; एक सदस्य के पास {held} हैं।",
    )


def _one_member_per_family(facts: Facts) -> RuleOutcome:
    clause = "GO-CFC-2023 para 2.7"
    if facts.members_from_distinct_families is None:
        return make_rule(
            "one_member_per_family",
            Status.NEEDS_DOCUMENT,
            clause,
            "Tell us whether every SPV member is from a different family.",
            "बताएं कि क्या एसपीवी का हर सदस्य अलग परिवार से है।",
        )
    if facts.members_from_distinct_families:
        return make_rule(
            "one_member_per_family",
            Status.PASSED,
            clause,
            "Every SPV member is from a different family.",
            "एसपीवी का हर सदस्य अलग परिवार से है।",
        )
    return make_rule(
        "one_member_per_family",
        Status.FAILED,
        clause,
        "Only one person from a family may be a member of the SPV.",
        "एक परिवार से केवल एक व्यक्ति एसपीवी का सदस्य हो सकता है।",
    )


def _land(facts: Facts, params: Parameters) -> RuleOutcome:
    clause = "GO-CFC-2023 (land)"
    years = params.min_lease_years
    if facts.land_tenure is None or facts.land_belongs_to_member is None:
        return make_rule(
            "land",
            Status.NEEDS_DOCUMENT,
            clause,
            "Tell us how the SPV holds the land for the centre, and whether it belongs to any member.",
            "बताएं कि केन्द्र की भूमि एसपीवी के पास किस रूप में है, और क्या वह किसी सदस्य की है।",
        )
    if facts.land_belongs_to_member:
        return make_rule(
            "land",
            Status.FAILED,
            clause,
            "The land must not belong to any member of the SPV.",
            "भूमि एसपीवी के किसी सदस्य की नहीं होनी चाहिए।",
        )
    if facts.land_tenure == LandTenure.OWNED_BY_SPV:
        return make_rule(
            "land",
            Status.PASSED,
            clause,
            "The land is owned by the SPV.",
            "भूमि एसपीवी के स्वामित्व में है।",
        )
    if facts.land_tenure == LandTenure.OTHER:
        return make_rule(
            "land",
            Status.FAILED,
            clause,
            "The land must be owned by the SPV, or leased in a government industrial area or park.",
            "भूमि एसपीवी के स्वामित्व में हो, या किसी सरकारी औद्योगिक क्षेत्र/पार्क में लीज़ पर हो।",
        )
    if facts.lease_years is None:
        return make_rule(
            "land",
            Status.NEEDS_DOCUMENT,
            clause,
            f"Tell us the length of the lease; at least {years} years are needed.",
            f"लीज़ की अवधि बताएं; कम से कम {years} वर्ष आवश्यक है।",
        )
    if facts.lease_years >= years:
        return make_rule(
            "land",
            Status.PASSED,
            clause,
            f"The land is leased in a government industrial area for {facts.lease_years} years.",
            f"भूमि सरकारी औद्योगिक क्षेत्र में {facts.lease_years} वर्ष की लीज़ पर है।",
        )
    return make_rule(
        "land",
        Status.FAILED,
        clause,
        f"A lease must run for at least {years} years; this one is for {facts.lease_years}.",
        f"लीज़ कम से कम {years} वर्ष की होनी चाहिए; यह {facts.lease_years} वर्ष की है।",
    )


def _project_cost_band(facts: Facts, params: Parameters) -> RuleOutcome:
    cost = project_cost(facts)
    if cost is None:
        return make_rule(
            "project_cost",
            Status.NEEDS_DOCUMENT,
            _FUNDING_CLAUSE,
            "Give the cost lines of the proposal.",
            "प्रस्ताव की लागत का विवरण दें।",
        )
    if facts.applicant == Applicant.TECHNICAL_INSTITUTION:
        clause, note_en, note_hi = _band_note(cost, facts, params)
        return make_rule(
            "project_cost",
            Status.PASSED,
            clause,
            f"{note_en} The High Level Committee decides each case.",
            f"{note_hi} प्रत्येक प्रस्ताव पर उच्च स्तरीय समिति निर्णय लेती है।",
        )
    limit = format_inr(params.band3_limit)
    text = format_inr(cost)
    if cost <= params.band3_limit:
        return make_rule(
            "project_cost",
            Status.PASSED,
            _FUNDING_CLAUSE,
            f"The project cost of {text} is within {limit}.",
            f"परियोजना लागत {text} है, जो {limit} की सीमा के भीतर है।",
        )
    if facts.is_environment_or_research_project is None:
        return make_rule(
            "project_cost",
            Status.NEEDS_DOCUMENT,
            _SPECIAL_CLAUSE,
            f"The project cost of {text} is above {limit}. Tell us whether the project is for "
            "environment protection or R&D (for example a CETP, ZED, R&D, waste management or an "
            "industrial estate).",
            f"परियोजना लागत {text} है, जो {limit} से अधिक है। बताएं कि क्या परियोजना पर्यावरण "
            "संरक्षण या शोध एवं विकास के लिए है (जैसे सीईटीपी, ज़ेड, शोध एवं विकास, अपशिष्ट "
            "प्रबंधन या औद्योगिक आस्थान)।",
        )
    if facts.is_environment_or_research_project:
        return make_rule(
            "project_cost",
            Status.PASSED,
            _SPECIAL_CLAUSE,
            f"The project cost of {text} is above {limit}, which is allowed for an environment "
            "or R&D project.",
            f"परियोजना लागत {text} है, जो {limit} से अधिक है; पर्यावरण या शोध एवं विकास परियोजना के लिए यह मान्य है।",
        )
    return make_rule(
        "project_cost",
        Status.FAILED,
        _SPECIAL_CLAUSE,
        f"The project cost of {text} is above {limit}; such projects are funded only for "
        "environment protection or R&D purposes.",
        f"परियोजना लागत {text} है, जो {limit} से अधिक है; ऐसी परियोजनाओं को केवल पर्यावरण "
        "संरक्षण या शोध एवं विकास के लिए सहायता मिलती है।",
    )


def _contribution(facts: Facts, params: Parameters) -> RuleOutcome:
    institution = facts.applicant == Applicant.TECHNICAL_INSTITUTION
    who_en, who_hi = ("institution", "संस्था") if institution else ("SPV", "एसपीवी")
    cost = project_cost(facts)
    limit = (
        None
        if cost is None
        else max_state_share(cost, facts.applicant, facts.is_environment_or_research_project, params)
    )
    if cost is None or limit is None:
        return make_rule(
            "contribution",
            Status.NEEDS_DOCUMENT,
            _FUNDING_CLAUSE,
            f"The {who_en}'s minimum contribution can be worked out once the project cost and "
            "purpose are known.",
            f"परियोजना लागत और उद्देश्य ज्ञात होने पर {who_hi} का न्यूनतम अंशदान तय होगा।",
        )
    clause = _band_note(cost, facts, params)[0]
    need = format_inr(cost - limit)
    if facts.proposed_spv_contribution is None:
        return make_rule(
            "contribution",
            Status.NEEDS_DOCUMENT,
            clause,
            f"Tell us how much the {who_en} will put in; at least {need} is needed.",
            f"बताएं कि {who_hi} कितना अंशदान देगा; कम से कम {need} आवश्यक है।",
        )
    offered = format_inr(facts.proposed_spv_contribution)
    if money(facts.proposed_spv_contribution) >= cost - limit:
        return make_rule(
            "contribution",
            Status.PASSED,
            clause,
            f"The {who_en} will put in {offered}; at least {need} is needed.",
            f"{who_hi} {offered} का अंशदान देगा; कम से कम {need} आवश्यक है।",
        )
    return make_rule(
        "contribution",
        Status.FAILED,
        clause,
        f"The {who_en} must put in at least {need}; it offers {offered}.",
        f"{who_hi} को कम से कम {need} का अंशदान देना होगा; प्रस्तावित अंशदान {offered} है।",
    )


def check_eligibility(facts: Facts, params: Parameters) -> tuple[RuleOutcome, ...]:
    """Every rule's outcome. A technical institution skips the SPV and land rules (para 2(ख))."""
    rules: list[RuleOutcome] = []
    if facts.applicant == Applicant.SPV:
        rules += [
            _legal_form(facts, params),
            _member_count(facts, params),
            _product_linked(facts, params),
            _member_shareholding(facts, params),
            _one_member_per_family(facts),
            _land(facts, params),
        ]
    rules += [_project_cost_band(facts, params), _contribution(facts, params)]
    return tuple(rules)


def evaluate(facts: Facts, params: Parameters) -> Outcome:
    return Outcome(
        scheme=CODE,
        rules=check_eligibility(facts, params),
        benefit=compute_benefit(facts, params),
    )
