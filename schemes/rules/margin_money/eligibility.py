"""ODOP Financial Assistance (Margin Money) Scheme: the eligibility rules."""

from __future__ import annotations

from schemes.rules.base import (
    Document,
    RuleOutcome,
    Status,
    age_rule,
    declared_fact_rule,
    format_rate,
    make_rule,
    paper_status,
)
from schemes.rules.margin_money.benefit import _category_names
from schemes.rules.margin_money.terms import Facts, Parameters


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
