"""ODOP Common Facility Centre (CFC) Promotion Scheme: SPV eligibility, funding shares, instalments.: the benefit."""

from __future__ import annotations

from decimal import Decimal

from schemes.rules.base import (
    ZERO,
    Benefit,
    BenefitLine,
    format_inr,
    format_rate,
    money,
)
from schemes.rules.cfc.terms import (
    _FUNDING_CLAUSE,
    _INSTITUTION_CLAUSE,
    _SPECIAL_CLAUSE,
    COMMITTEE_NAMES,
    Applicant,
    Committee,
    Facts,
    Parameters,
    project_cost,
)

# --- Money -------------------------------------------------------------------------------


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
