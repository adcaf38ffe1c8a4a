"""ODOP Training and Toolkit Distribution Scheme: eligibility, honorarium and toolkit value.

Source: GO-TT-2020 (no. 347/18-4-2020-4(विविध)/20, 5 May 2020).

Benefit lines (in this order): ``honorarium``, ``toolkit``, ``institution_cost_cap``,
``food_cost_cap``. ``Benefit.amount`` is ``honorarium + toolkit``: the honorarium is paid to the
trainee by DBT and the toolkit is given free, in kind, at its value. The two ``*_cap`` lines are
information only: the most the scheme pays the training institution for this trainee.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from schemes.rules.base import (
    Benefit,
    BenefitLine,
    Document,
    Outcome,
    ParametersBase,
    RuleOutcome,
    Status,
    age_rule,
    anniversary,
    check_not_after,
    check_not_negative,
    declared_fact_rule,
    format_date,
    format_inr,
    make_rule,
    money,
    paper_status,
)

CODE = "TT"
NAME_EN = "ODOP Training and Toolkit Distribution Scheme"
NAME_HI = "एक जनपद एक उत्पाद दक्षता/कौशल विकास/उद्यमिता विकास प्रशिक्षण एवं टूलकिट वितरण योजना"


@dataclass(frozen=True)
class Parameters(ParametersBase):
    """Figures of GO-TT-2020; defaults are the GO values."""

    #: Para 1(1): minimum age on the date of application.
    min_age: int = 18
    #: Para 1(4): no product toolkit from any GoI/GoUP scheme in the last 2 years (विगत 02 वर्षों).
    toolkit_lookback_years: int = 2
    #: Para 3(3): bridge course days on the RPL track (craft has a Sector Skill Council QP).
    rpl_bridge_days: int = 5
    #: Para 3(4): general skill training days where the craft has no QP.
    general_skill_days: int = 5
    #: Paras 3(3)-3(4): entrepreneurship development (EDP) days on either track.
    edp_days: int = 5
    #: Para 3(8): honorarium per trainee per day, paid by DBT after the training. UNCERTAIN: a
    #: 2023 district notice speaks of the semi-skilled wage rate instead, so it is a parameter.
    honorarium_per_day: Decimal = Decimal("200")
    #: Para 3(7): training is free and non-residential. UNCERTAIN: a 2025 report describes
    #: residential training. Information only; it changes the wording of the breakdown.
    training_residential: bool = False
    #: Para 3(6): most trainees in one batch (used when placing trainees in batches).
    max_trainees_per_batch: int = 25
    #: Para 4(1): most paid to the institution per trainee per day (trainer, venue, certificate).
    institution_cost_cap_per_day: Decimal = Decimal("400")
    #: Para 4(1): most paid for food per trainee per day.
    food_cost_cap_per_day: Decimal = Decimal("250")
    #: Para 5(3): highest value of one toolkit.
    toolkit_value_cap: Decimal = Decimal("20000")

    LABELS = MappingProxyType(
        {
            "min_age": ("Minimum age on the date of application", "आवेदन की तिथि पर न्यूनतम आयु"),
            "toolkit_lookback_years": (
                "Toolkit from another scheme: years looked back",
                "अन्य योजना से टूलकिट: विगत वर्षों की संख्या",
            ),
            "rpl_bridge_days": ("RPL track: days of bridge course", "आरपीएल ट्रैक: ब्रिज कोर्स के दिन"),
            "general_skill_days": (
                "General track: days of skill training",
                "सामान्य ट्रैक: कौशल प्रशिक्षण के दिन",
            ),
            "edp_days": (
                "Days of entrepreneurship development (EDP)",
                "उद्यमिता विकास (ईडीपी) प्रशिक्षण के दिन",
            ),
            "honorarium_per_day": ("Honorarium per trainee per day", "प्रति प्रशिक्षणार्थी प्रतिदिन मानदेय"),
            "training_residential": ("Training is residential", "प्रशिक्षण आवासीय है"),
            "max_trainees_per_batch": ("Most trainees in one batch", "एक बैच में अधिकतम प्रशिक्षणार्थी"),
            "institution_cost_cap_per_day": (
                "Most paid to the institution per trainee per day",
                "प्रशिक्षण संस्था को प्रति प्रशिक्षणार्थी प्रतिदिन अधिकतम भुगतान",
            ),
            "food_cost_cap_per_day": (
                "Most paid for food per trainee per day",
                "भोजन पर प्रति प्रशिक्षणार्थी प्रतिदिन अधिकतम व्यय",
            ),
            "toolkit_value_cap": ("Highest value of one toolkit", "एक टूलकिट का अधिकतम मूल्य"),
        }
    )

    POSITIVE = frozenset(
        {
            # Para 1(4) bars a toolkit "in the last 2 years"; 0 years would bar nobody.
            "toolkit_lookback_years",
            # Each track trains the craft (paras 3(3)-3(4)); no skill days is no training. EDP
            # days may be 0: a GO could drop the EDP part and the skill training still stands.
            "rpl_bridge_days",
            "general_skill_days",
            # Batches hold 1 to this many trainees (toolkit.services.create_batch): 0 would
            # refuse every batch, so nobody could be trained.
            "max_trainees_per_batch",
            # Para 5(3): the free toolkit is the scheme; at 0 nobody would get one, and a kit
            # whose value is not fixed yet is shown at this cap. The other money figures may be
            # 0: the institution and food caps (para 4(1)) are information only here, and the
            # honorarium is expected to change (reference 2.6) while the toolkit remains.
            "toolkit_value_cap",
        }
    )
    MAXIMA = MappingProxyType(
        {
            # The age and look-back rules work out a date that many years on; a hundred years
            # is beyond any GO and keeps that date in the calendar.
            "min_age": 100,
            "toolkit_lookback_years": 100,
            # The GO's course is 5 + 5 days; a year is beyond any short course and keeps the
            # honorarium (days x rate) a sum the rules can compute.
            "rpl_bridge_days": 365,
            "general_skill_days": 365,
            "edp_days": 365,
        }
    )


@dataclass(frozen=True)
class Facts:
    """What the Training and Toolkit rules need to know about one applicant.

    ``received_toolkit_before`` is whether the applicant has ever had a toolkit for this product
    under any GoI or GoUP scheme; when True, ``last_toolkit_on`` says when.
    ``family_has_received_benefit`` is whether the applicant or their husband or wife has already
    had this scheme's benefit. ``craft_has_qualification_pack`` picks the RPL track (para 3(3)).
    ``toolkit_value`` is the value fixed for this district's and product's kit (para 5(2)), if
    known.
    """

    as_of: date
    date_of_birth: date | None = None
    is_up_native: bool | None = None
    received_toolkit_before: bool | None = None
    last_toolkit_on: date | None = None
    family_has_received_benefit: bool | None = None
    practises_craft: bool | None = None
    craft_has_qualification_pack: bool = False
    toolkit_value: Decimal | None = None
    verified_documents: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        check_not_negative(self, "toolkit_value")
        check_not_after(self, self.as_of, "date_of_birth", "last_toolkit_on")
        if self.last_toolkit_on is not None and self.received_toolkit_before is False:
            raise ValueError("last_toolkit_on is given but received_toolkit_before is False")


# --- Benefit -----------------------------------------------------------------------------


def training_days(facts: Facts, params: Parameters) -> tuple[int, int]:
    """(skill days, EDP days): 5 + 5 on both tracks under paras 3(2)-3(4)."""
    if facts.craft_has_qualification_pack:
        return params.rpl_bridge_days, params.edp_days
    return params.general_skill_days, params.edp_days


def compute_benefit(facts: Facts, params: Parameters) -> Benefit:
    """Honorarium for the training days and the toolkit's value.

    Never None: days and rates come from the parameters, and a kit whose value is not yet fixed
    is shown at the cap, the most it can be worth.
    """
    skill_days, edp_days = training_days(facts, params)
    days = skill_days + edp_days
    rate = money(params.honorarium_per_day)
    honorarium = money(rate * days)
    if facts.craft_has_qualification_pack:
        track_en = f"{skill_days} days bridge course with RPL assessment + {edp_days} days EDP"
        track_hi = f"{skill_days} दिन ब्रिज कोर्स (आरपीएल मूल्यांकन) + {edp_days} दिन उद्यमिता विकास"
        track_clause = "GO-TT-2020 para 3(3), para 3(8)"
    else:
        track_en = f"{skill_days} days general skill training + {edp_days} days EDP"
        track_hi = f"{skill_days} दिन सामान्य कौशल प्रशिक्षण + {edp_days} दिन उद्यमिता विकास"
        track_clause = "GO-TT-2020 para 3(4), para 3(8)"
    if params.training_residential:
        kind_en, kind_hi = "free and residential", "निःशुल्क और आवासीय"
    else:
        kind_en, kind_hi = "free and non-residential", "निःशुल्क और अनावासीय"

    cap = money(params.toolkit_value_cap)
    if facts.toolkit_value is None:
        toolkit = cap
        kit_en = f"The kit's value is not fixed yet; shown at the most it can be, {format_inr(cap)}."
        kit_hi = f"किट का मूल्य अभी तय नहीं है; अधिकतम सीमा {format_inr(cap)} दिखाई गई है।"
    else:
        value = money(facts.toolkit_value)
        toolkit = min(value, cap)
        kit_en = f"Kit value {format_inr(value)}, at most {format_inr(cap)}."
        kit_hi = f"किट का मूल्य {format_inr(value)}, अधिकतम {format_inr(cap)}।"

    institution_rate = money(params.institution_cost_cap_per_day)
    food_rate = money(params.food_cost_cap_per_day)
    lines = (
        BenefitLine(
            "honorarium",
            "Honorarium for the training",
            "प्रशिक्षण का मानदेय",
            honorarium,
            track_clause,
            f"{format_inr(rate)} a day for {days} days ({track_en}); paid by DBT after you "
            f"complete the training. The training is {kind_en}.",
            f"{days} दिन ({track_hi}) के लिए {format_inr(rate)} प्रतिदिन; प्रशिक्षण सफलतापूर्वक पूरा "
            f"करने पर डीबीटी से भुगतान। प्रशिक्षण {kind_hi} है।",
        ),
        BenefitLine(
            "toolkit",
            "Improved toolkit, free",
            "उन्नत टूलकिट, निःशुल्क",
            toolkit,
            "GO-TT-2020 para 5(1), para 5(3)",
            kit_en,
            kit_hi,
        ),
        BenefitLine(
            "institution_cost_cap",
            "Most paid to the training institution for you (not paid to you)",
            "आपके प्रशिक्षण हेतु संस्था को अधिकतम भुगतान (आपको देय नहीं)",
            money(institution_rate * days),
            "GO-TT-2020 para 4(1)",
            f"Actual cost, up to {format_inr(institution_rate)} a day for {days} days.",
            f"वास्तविक व्यय, अधिकतम {format_inr(institution_rate)} प्रतिदिन, {days} दिन।",
        ),
        BenefitLine(
            "food_cost_cap",
            "Most paid for your food during training (not paid to you)",
            "प्रशिक्षण के दौरान आपके भोजन पर अधिकतम व्यय (आपको देय नहीं)",
            money(food_rate * days),
            "GO-TT-2020 para 4(1)",
            f"Actual cost, up to {format_inr(food_rate)} a day for {days} days.",
            f"वास्तविक व्यय, अधिकतम {format_inr(food_rate)} प्रतिदिन, {days} दिन।",
        ),
    )
    return Benefit(amount=honorarium + toolkit, lines=lines)


# --- Eligibility -------------------------------------------------------------------------


def toolkit_eligible_from(last_toolkit_on: date, params: Parameters) -> date:
    """First date of application on which an earlier toolkit no longer bars the applicant.

    Para 1(4) bars anyone who had a toolkit "in the last 2 years" (विगत 02 वर्षों). We read the
    last 2 years as the two years ending the day before the date of application: a toolkit
    received on 1 May 2024 bars applications up to 30 April 2026, and an application on 1 May 2026
    (exactly 2 years later) is allowed. A 29 February toolkit clears on 1 March.
    """
    return anniversary(last_toolkit_on, params.toolkit_lookback_years)


def _up_native(facts: Facts) -> RuleOutcome:
    return declared_fact_rule(
        code="up_native",
        clause="GO-TT-2020 para 1(2)",
        document=Document.DOMICILE_CERTIFICATE,
        fact=facts.is_up_native,
        verified_documents=facts.verified_documents,
        ask=(
            "Tell us whether you are a native (मूल निवासी) of Uttar Pradesh.",
            "बताएं कि क्या आप उत्तर प्रदेश के मूल निवासी हैं।",
        ),
        fail=(
            "Only a native of Uttar Pradesh can get this training and toolkit.",
            "यह प्रशिक्षण और टूलकिट केवल उत्तर प्रदेश के मूल निवासी को मिलता है।",
        ),
        checked=(
            "Your residence certificate has been checked.",
            "आपके निवास प्रमाण पत्र की जांच हो चुकी है।",
        ),
        attach=(
            "Attach your residence certificate showing that you are a native of Uttar Pradesh.",
            "उत्तर प्रदेश का मूल निवासी होने का निवास प्रमाण पत्र लगाएं।",
        ),
    )


def _no_recent_toolkit(facts: Facts, params: Parameters) -> RuleOutcome:
    clause = "GO-TT-2020 para 1(4)"
    years = params.toolkit_lookback_years
    if facts.received_toolkit_before is None:
        return make_rule(
            "no_recent_toolkit",
            Status.NEEDS_DOCUMENT,
            clause,
            "Tell us whether you have ever received a toolkit for this product under any government scheme.",
            "बताएं कि क्या आपको कभी किसी सरकारी योजना में इस उत्पाद का टूलकिट मिला है।",
        )
    if not facts.received_toolkit_before:
        return make_rule(
            "no_recent_toolkit",
            Status.PASSED,
            clause,
            "You have not received a toolkit for this product under any government scheme.",
            "आपको किसी सरकारी योजना में इस उत्पाद का टूलकिट नहीं मिला है।",
        )
    if facts.last_toolkit_on is None:
        return make_rule(
            "no_recent_toolkit",
            Status.NEEDS_DOCUMENT,
            clause,
            "Tell us the date on which you received your last toolkit.",
            "बताएं कि आपको पिछला टूलकिट किस तिथि को मिला था।",
        )
    last = format_date(facts.last_toolkit_on)
    eligible_from = toolkit_eligible_from(facts.last_toolkit_on, params)
    if facts.as_of >= eligible_from:
        return make_rule(
            "no_recent_toolkit",
            Status.PASSED,
            clause,
            f"Your last toolkit was received on {last}, at least {years} years before you applied.",
            f"आपको पिछला टूलकिट {last} को मिला था, जो आवेदन से कम से कम {years} वर्ष पहले है।",
        )
    return make_rule(
        "no_recent_toolkit",
        Status.FAILED,
        clause,
        f"You received a toolkit on {last}. Anyone who received a toolkit under any government "
        f"scheme in the last {years} years cannot get one now; you can apply from "
        f"{format_date(eligible_from)}.",
        f"आपको {last} को टूलकिट मिला था। जिसे पिछले {years} वर्षों में किसी सरकारी योजना में "
        f"टूलकिट मिला हो, उसे अभी नहीं मिल सकता; आप {format_date(eligible_from)} से आवेदन कर "
        "सकते हैं।",
    )


def _once_per_family(facts: Facts) -> RuleOutcome:
    clause = "GO-TT-2020 para 1(5)"
    if facts.family_has_received_benefit is None:
        return make_rule(
            "once_per_family",
            Status.NEEDS_DOCUMENT,
            clause,
            "Tell us whether you or your husband or wife has already had this scheme's training and toolkit.",
            "बताएं कि क्या आपको या आपके पति/पत्नी को इस योजना का प्रशिक्षण और टूलकिट पहले मिल चुका है।",
        )
    if facts.family_has_received_benefit:
        return make_rule(
            "once_per_family",
            Status.FAILED,
            clause,
            "Only one person in a family (husband and wife) can get this benefit, and your family "
            "has already had it.",
            "एक परिवार (पति और पत्नी) में केवल एक व्यक्ति को यह लाभ मिलता है, और आपके परिवार को यह पहले मिल चुका है।",
        )
    return make_rule(
        "once_per_family",
        Status.PASSED,
        clause,
        "Neither you nor your husband or wife has had this benefit before.",
        "आपको या आपके पति/पत्नी को यह लाभ पहले नहीं मिला है।",
    )


def _craft_proof(facts: Facts) -> RuleOutcome:
    # The GO trains people in the district's ODOP product (para 2); district notices ask for
    # an artisan card, weaver card or a certificate from the Gram Pradhan or ward member.
    return declared_fact_rule(
        code="craft_proof",
        clause="GO-TT-2020 para 2",
        document=Document.CRAFT_PROOF,
        fact=facts.practises_craft,
        verified_documents=facts.verified_documents,
        ask=(
            "Tell us whether you work in your district's ODOP craft.",
            "बताएं कि क्या आप अपने जनपद के ओडीओपी उत्पाद के शिल्प/कारीगरी का काम करते हैं।",
        ),
        fail=(
            "This training and toolkit are for people who work in the ODOP craft of their district.",
            "यह प्रशिक्षण और टूलकिट अपने जनपद के ओडीओपी उत्पाद का काम करने वाले कारीगरों के लिए है।",
        ),
        checked=(
            "Your proof of work in the craft has been checked.",
            "आपके शिल्प/कारीगरी के काम के प्रमाण की जांच हो चुकी है।",
        ),
        attach=(
            "Attach proof that you work in the craft: an artisan card, a weaver card, or a "
            "certificate from the Gram Pradhan, Nagar Panchayat chairman or ward member.",
            "कारीगरी के काम का प्रमाण लगाएं: कारीगर कार्ड, बुनकर कार्ड, या ग्राम प्रधान, नगर पंचायत "
            "अध्यक्ष या वार्ड सदस्य का प्रमाण पत्र।",
        ),
    )


def _declaration(facts: Facts) -> RuleOutcome:
    clause = "GO-TT-2020 para 1(6)"
    document = Document.DECLARATION
    if paper_status(document, facts.verified_documents) == Status.PASSED:
        return make_rule(
            "declaration",
            Status.PASSED,
            clause,
            "Your declaration has been checked.",
            "आपके घोषणा पत्र की जांच हो चुकी है।",
            document,
        )
    return make_rule(
        "declaration",
        Status.NEEDS_DOCUMENT,
        clause,
        "Attach a signed declaration that you meet the conditions of the scheme.",
        "योजना की शर्तें पूरी करने का हस्ताक्षरित घोषणा पत्र लगाएं।",
        document,
    )


def check_eligibility(facts: Facts, params: Parameters) -> tuple[RuleOutcome, ...]:
    """Every rule's outcome, in the order of GO-TT-2020 para 1."""
    return (
        age_rule(
            code="age",
            clause="GO-TT-2020 para 1(1)",
            date_of_birth=facts.date_of_birth,
            as_of=facts.as_of,
            min_age=params.min_age,
        ),
        _up_native(facts),
        _no_recent_toolkit(facts, params),
        _once_per_family(facts),
        _craft_proof(facts),
        _declaration(facts),
    )


def evaluate(facts: Facts, params: Parameters) -> Outcome:
    return Outcome(
        scheme=CODE,
        rules=check_eligibility(facts, params),
        benefit=compute_benefit(facts, params),
    )
