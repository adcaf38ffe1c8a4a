"""ODOP Common Facility Centre (CFC) Promotion Scheme: SPV eligibility, funding shares, instalments.: the eligibility rules."""

from __future__ import annotations

from fractions import Fraction

from schemes.rules.base import (
    RuleOutcome,
    Status,
    format_inr,
    format_rate,
    make_rule,
    money,
)
from schemes.rules.cfc.benefit import (
    _band_note,
    max_state_share,
)
from schemes.rules.cfc.terms import (
    _FUNDING_CLAUSE,
    _SPECIAL_CLAUSE,
    LEGAL_FORM_NAMES,
    Applicant,
    Facts,
    LandTenure,
    LegalForm,
    Parameters,
    project_cost,
)

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
