"""ODOP Common Facility Centre (CFC) Promotion Scheme: SPV eligibility, funding shares, instalments.: the terms (codes, parameters, facts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from schemes.rules.base import (
    ZERO,
    CostItem,
    ParameterError,
    ParametersBase,
    check_not_negative,
    check_rising,
    decimal_to_str,
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

    LABELS = MappingProxyType(
        {
            "band1_limit": ("First band: project cost up to", "पहला स्लैब: परियोजना लागत की सीमा"),
            "band1_min_spv_rate": (
                "First band: least SPV contribution, share of project cost",
                "पहला स्लैब: एसपीवी का न्यूनतम अंशदान, परियोजना लागत का अंश",
            ),
            "band2_limit": ("Second band: project cost up to", "दूसरा स्लैब: परियोजना लागत की सीमा"),
            "band2_min_spv_rate": (
                "Second band: least SPV contribution, share of project cost",
                "दूसरा स्लैब: एसपीवी का न्यूनतम अंशदान, परियोजना लागत का अंश",
            ),
            "band3_limit": ("Third band: project cost up to", "तीसरा स्लैब: परियोजना लागत की सीमा"),
            "band3_min_spv_rate": (
                "Third band: least SPV contribution, share of project cost",
                "तीसरा स्लैब: एसपीवी का न्यूनतम अंशदान, परियोजना लागत का अंश",
            ),
            "special_min_spv_rate": (
                "Environment or R&D project above the bands: least SPV contribution, share of project cost",
                "स्लैब से अधिक लागत की पर्यावरण या शोध एवं विकास परियोजना: एसपीवी का न्यूनतम अंशदान, "
                "परियोजना लागत का अंश",
            ),
            "special_max_state_rate": (
                "Environment or R&D project above the bands: highest state share of project cost",
                "स्लैब से अधिक लागत की पर्यावरण या शोध एवं विकास परियोजना: परियोजना लागत में राज्य का अधिकतम अंश",
            ),
            "special_state_cap": (
                "Environment or R&D project above the bands: highest state share in rupees",
                "स्लैब से अधिक लागत की पर्यावरण या शोध एवं विकास परियोजना: राज्य अंश की अधिकतम राशि",
            ),
            "institution_max_state_rate": (
                "Technical institution: highest state share of project cost",
                "तकनीकी संस्थान: परियोजना लागत में राज्य का अधिकतम अंश",
            ),
            "institution_state_cap": (
                "Technical institution: highest state share in rupees",
                "तकनीकी संस्थान: राज्य अंश की अधिकतम राशि",
            ),
            "state_committee_limit": (
                "State Level Committee sanctions projects costing up to",
                "प्रदेश स्तरीय समिति द्वारा स्वीकृति की परियोजना लागत सीमा",
            ),
            "min_members": ("Fewest members of the SPV", "एसपीवी के सदस्यों की न्यूनतम संख्या"),
            "min_product_linked_share": (
                "Least share of members linked to the product",
                "उत्पाद से जुड़े सदस्यों का न्यूनतम अनुपात",
            ),
            "max_member_share": (
                "Most of the SPV's shares one member may hold",
                "एक सदस्य की एसपीवी में अधिकतम अंशधारिता",
            ),
            "allowed_legal_forms": ("Legal forms an SPV may take", "एसपीवी के मान्य विधिक स्वरूप"),
            "min_lease_years": (
                "Shortest lease of the land, in years",
                "भूमि की लीज़ की न्यूनतम अवधि (वर्ष)",
            ),
            "first_instalment_rate": (
                "First instalment: part of the state share",
                "पहली किस्त: राज्य अंश का भाग",
            ),
            "second_instalment_rate": (
                "Second instalment: part of the state share",
                "दूसरी किस्त: राज्य अंश का भाग",
            ),
            "third_instalment_rate": (
                "Third instalment: part of the state share",
                "तीसरी किस्त: राज्य अंश का भाग",
            ),
        }
    )

    SHARES = frozenset(
        {
            "band1_min_spv_rate",
            "band2_min_spv_rate",
            "band3_min_spv_rate",
            "special_min_spv_rate",
            "special_max_state_rate",
            "institution_max_state_rate",
            "min_product_linked_share",
            "max_member_share",
            "first_instalment_rate",
            "second_instalment_rate",
            "third_instalment_rate",
        }
    )
    POSITIVE = frozenset(
        {
            # A first band of Rs 0 would cover no project.
            "band1_limit",
            # An SPV is its members: with a minimum of 0 the member rule would pass an SPV
            # with nobody in it.
            "min_members",
            # At 0 no member could hold any share, so every SPV would fail.
            "max_member_share",
            # A lease of at least 0 years is no condition; the land rule asks for a long lease.
            "min_lease_years",
            # Para 30: the second instalment waits for 75% use of the first, so a first
            # instalment of 0 could never be used and nothing more would be released.
            "first_instalment_rate",
            # The third instalment takes what rounding the first two leaves: at a rate of 0 it
            # could come out at minus one paisa.
            "third_instalment_rate",
        }
    )
    # The state's rates and caps may be 0 (a GO could close the route above Rs 10 crore or the
    # technical-institution route), and so may the second instalment (two instalments).

    @classmethod
    def field_problem(cls, name: str, value: object) -> ParameterError | None:
        if name == "allowed_legal_forms" and isinstance(value, tuple):
            if not value:
                # With no form allowed no SPV could apply, and the rule could not say which to use.
                return ParameterError(name, "empty")
            known = {form.value for form in LegalForm}
            for form in value:
                if form not in known:
                    return ParameterError(name, "bad_value", {"value": repr(form)})
        return super().field_problem(name, value)

    def validate(self) -> None:
        # GO-CFC-2023 funding pattern: each band covers the project costs above the one before.
        check_rising(self, "band1_limit", "band2_limit", "band3_limit")
        # Para 30: the three instalments are the whole state share; the third takes the rest.
        total = self.first_instalment_rate + self.second_instalment_rate + self.third_instalment_rate
        if total != 1:
            raise ParameterError(
                "third_instalment_rate",
                "shares_do_not_add_up",
                {
                    "parts": "first_instalment_rate + second_instalment_rate + third_instalment_rate",
                    "total": decimal_to_str(total),
                },
            )


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


def project_cost(facts: Facts) -> Decimal | None:
    """GO-CFC-2023: land cost and lease rent are not part of the project cost."""
    if facts.cost_items is None:
        return None
    return money(sum((item.amount for item in facts.cost_items if not item.is_land), ZERO))
