"""ODOP Marketing Development Assistance (MDA): eligibility of a claim and the amount reimbursed.: the eligibility rules."""

from __future__ import annotations

from schemes.rules.base import (
    Document,
    RuleOutcome,
    Status,
    age_rule,
    declared_fact_rule,
    format_date,
    make_rule,
)
from schemes.rules.mda.benefit import (
    claim_financial_year,
    claim_window,
)
from schemes.rules.mda.terms import (
    _PORTAL_CLAUSE,
    FAIR_CATEGORIES,
    Facts,
    Parameters,
)

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
