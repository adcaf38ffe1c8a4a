"""Common Facility Centre (GO-CFC-2018 as amended by GO-CFC-2023)."""

import dataclasses
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemes.rules import cfc
from schemes.rules.base import CostItem, Status

PARAMS = cfc.Parameters()
PROPERTY = settings(database=None, deadline=None, max_examples=300)
CRORE = Decimal("10000000")


def proposal(cost: Decimal | None = Decimal("30000000"), **changes: object) -> cfc.Facts:
    base = cfc.Facts(
        as_of=date(2026, 5, 1),
        legal_form=cfc.LegalForm.PRODUCER_COMPANY,
        member_count=25,
        product_linked_members=20,
        largest_member_share=Decimal("0.08"),
        members_from_distinct_families=True,
        land_tenure=cfc.LandTenure.OWNED_BY_SPV,
        land_belongs_to_member=False,
        cost_items=None if cost is None else (CostItem("Building and machinery", cost),),
        is_environment_or_research_project=False,
    )
    return dataclasses.replace(base, **changes)


def statuses(facts: cfc.Facts, params: cfc.Parameters = PARAMS) -> dict[str, Status]:
    return {rule.code: rule.status for rule in cfc.check_eligibility(facts, params)}


def shares(facts: cfc.Facts, params: cfc.Parameters = PARAMS) -> tuple[Decimal, Decimal]:
    benefit = cfc.compute_benefit(facts, params)
    assert benefit is not None
    return benefit.line("state_share").amount, benefit.line("spv_share").amount


# --- Funding bands (GO-CFC-2023) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("cost", "special", "state", "spv", "committee"),
    [
        ("0", False, "0.00", "0.00", cfc.Committee.STATE_LEVEL),
        ("10000000", False, "9000000.00", "1000000.00", cfc.Committee.STATE_LEVEL),
        ("39999999", False, "35999999.10", "3999999.90", cfc.Committee.STATE_LEVEL),
        ("40000000", False, "36000000.00", "4000000.00", cfc.Committee.STATE_LEVEL),
        ("40000001", False, "32000000.80", "8000000.20", cfc.Committee.STATE_LEVEL),
        ("80000000", False, "64000000.00", "16000000.00", cfc.Committee.STATE_LEVEL),
        ("80000001", False, "56000000.70", "24000000.30", cfc.Committee.STATE_LEVEL),
        ("100000000", False, "70000000.00", "30000000.00", cfc.Committee.STATE_LEVEL),
        ("100000000", True, "70000000.00", "30000000.00", cfc.Committee.STATE_LEVEL),
        ("100000001", True, "60000000.60", "40000000.40", cfc.Committee.HIGH_LEVEL),
        ("100000001", False, "0.00", "100000001.00", cfc.Committee.HIGH_LEVEL),
        ("150000000", True, "90000000.00", "60000000.00", cfc.Committee.HIGH_LEVEL),
        ("150000001", True, "90000000.00", "60000001.00", cfc.Committee.HIGH_LEVEL),
        ("200000000", True, "90000000.00", "110000000.00", cfc.Committee.HIGH_LEVEL),
    ],
)
def test_state_and_spv_shares_at_every_band_edge(
    cost: str, special: bool, state: str, spv: str, committee: cfc.Committee
) -> None:
    facts = proposal(Decimal(cost), is_environment_or_research_project=special)
    assert shares(facts) == (Decimal(state), Decimal(spv))
    assert cfc.approving_committee(facts, PARAMS) == committee
    benefit = cfc.compute_benefit(facts, PARAMS)
    assert benefit is not None
    assert benefit.amount == Decimal(state)


@pytest.mark.parametrize(
    ("cost", "special", "status", "clause"),
    [
        ("40000000", False, Status.PASSED, "GO-CFC-2023 (funding pattern)"),
        ("40000001", False, Status.PASSED, "GO-CFC-2023 (funding pattern)"),
        ("80000000", False, Status.PASSED, "GO-CFC-2023 (funding pattern)"),
        ("100000000", False, Status.PASSED, "GO-CFC-2023 (funding pattern)"),
        ("100000001", False, Status.FAILED, "GO-CFC-2023 (projects above Rs 10 crore)"),
        ("100000001", True, Status.PASSED, "GO-CFC-2023 (projects above Rs 10 crore)"),
        ("100000001", None, Status.NEEDS_DOCUMENT, "GO-CFC-2023 (projects above Rs 10 crore)"),
    ],
)
def test_above_ten_crore_only_for_environment_or_research(
    cost: str, special: bool | None, status: Status, clause: str
) -> None:
    rule = cfc.evaluate(proposal(Decimal(cost), is_environment_or_research_project=special), PARAMS).rule(
        "project_cost"
    )
    assert (rule.status, rule.clause) == (status, clause)


def test_unknown_purpose_above_ten_crore_gives_no_benefit_yet() -> None:
    facts = proposal(Decimal("100000001"), is_environment_or_research_project=None)
    assert cfc.compute_benefit(facts, PARAMS) is None
    assert statuses(facts)["contribution"] == Status.NEEDS_DOCUMENT


def test_breakdown_excludes_land_and_splits_the_state_share_40_30_30() -> None:
    facts = proposal(
        None,
        cost_items=(
            CostItem("Building", Decimal("20000000")),
            CostItem("Machinery", Decimal("30000000")),
            CostItem("Land", Decimal("10000000"), is_land=True),
        ),
    )
    benefit = cfc.compute_benefit(facts, PARAMS)
    assert benefit is not None
    assert [(line.code, line.amount) for line in benefit.lines] == [
        ("capital_cost", Decimal("60000000.00")),
        ("land_excluded", Decimal("10000000.00")),
        ("project_cost", Decimal("50000000.00")),
        ("state_share", Decimal("40000000.00")),
        ("spv_share", Decimal("10000000.00")),
        ("instalment_1", Decimal("16000000.00")),
        ("instalment_2", Decimal("12000000.00")),
        ("instalment_3", Decimal("12000000.00")),
    ]
    assert benefit.line("state_share").note_en == (
        "Project cost above ₹4,00,00,000 and up to ₹8,00,00,000: the SPV puts in at least 20%, "
        "the state the rest. Sanctioned by the State Level Committee."
    )


def test_land_does_not_lift_a_project_into_a_higher_band() -> None:
    facts = proposal(
        None,
        cost_items=(
            CostItem("Machinery", Decimal("40000000")),
            CostItem("Lease rent", Decimal("5000000"), is_land=True),
        ),
    )
    assert shares(facts) == (Decimal("36000000.00"), Decimal("4000000.00"))


def test_a_bigger_spv_offer_lowers_the_state_share() -> None:
    facts = proposal(Decimal("40000000"), proposed_spv_contribution=Decimal("10000000"))
    assert shares(facts) == (Decimal("30000000.00"), Decimal("10000000.00"))
    assert statuses(facts)["contribution"] == Status.PASSED


def test_an_offer_below_the_minimum_fails_and_the_minimum_is_shown() -> None:
    facts = proposal(Decimal("40000000"), proposed_spv_contribution=Decimal("3999999.99"))
    rule = cfc.evaluate(facts, PARAMS).rule("contribution")
    assert rule.status == Status.FAILED
    assert rule.message_en == "The SPV must put in at least ₹40,00,000; it offers ₹39,99,999.99."
    assert shares(facts) == (Decimal("36000000.00"), Decimal("4000000.00"))


def test_exact_minimum_offer_passes() -> None:
    facts = proposal(Decimal("40000000"), proposed_spv_contribution=Decimal("4000000"))
    assert statuses(facts)["contribution"] == Status.PASSED


@pytest.mark.parametrize(
    ("cost", "state"),
    [
        ("100000000", "50000000.00"),
        ("150000000", "75000000.00"),
        ("150000002", "75000000.00"),
        ("300000000", "75000000.00"),
        ("1000001", "500000.50"),
    ],
)
def test_technical_institution_gets_half_up_to_seven_and_a_half_crore(cost: str, state: str) -> None:
    facts = cfc.Facts(
        as_of=date(2026, 5, 1),
        applicant=cfc.Applicant.TECHNICAL_INSTITUTION,
        cost_items=(CostItem("Lab", Decimal(cost)),),
    )
    state_share, other = shares(facts)
    assert state_share == Decimal(state)
    assert state_share + other == Decimal(cost)
    assert cfc.approving_committee(facts, PARAMS) == cfc.Committee.HIGH_LEVEL
    assert list(statuses(facts)) == ["project_cost", "contribution"]
    benefit = cfc.compute_benefit(facts, PARAMS)
    assert benefit is not None
    assert benefit.line("spv_share").label_en == "Institution's share"


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("36000000", ("14400000.00", "10800000.00", "10800000.00")),
        ("1000.01", ("400.00", "300.00", "300.01")),
        ("0.01", ("0.00", "0.00", "0.01")),
        ("0.02", ("0.01", "0.01", "0.00")),
        ("60000000.60", ("24000000.24", "18000000.18", "18000000.18")),
        ("0", ("0.00", "0.00", "0.00")),
    ],
)
def test_instalments_last_one_absorbs_rounding(state: str, expected: tuple[str, str, str]) -> None:
    assert cfc.instalments(Decimal(state), PARAMS) == tuple(Decimal(v) for v in expected)


def test_approving_committee_unknown_without_cost() -> None:
    assert cfc.approving_committee(proposal(None), PARAMS) is None
    assert cfc.compute_benefit(proposal(None), PARAMS) is None


# --- SPV rules ----------------------------------------------------------------------------


def test_all_rules_pass_for_a_good_spv() -> None:
    outcome = cfc.evaluate(proposal(proposed_spv_contribution=Decimal("3000000")), PARAMS)
    assert [(r.code, r.status, r.clause) for r in outcome.rules] == [
        ("legal_form", Status.PASSED, "GO-CFC-2023 (legal form of the SPV)"),
        ("member_count", Status.PASSED, "GO-CFC-2018 para 2"),
        ("product_linked_members", Status.PASSED, "GO-CFC-2018 para 2"),
        ("member_shareholding", Status.PASSED, "GO-CFC-2018 para 2"),
        ("one_member_per_family", Status.PASSED, "GO-CFC-2023 para 2.7"),
        ("land", Status.PASSED, "GO-CFC-2023 (land)"),
        ("project_cost", Status.PASSED, "GO-CFC-2023 (funding pattern)"),
        ("contribution", Status.PASSED, "GO-CFC-2023 (funding pattern)"),
    ]
    assert outcome.is_eligible is True
    assert outcome.needs_documents is False
    assert outcome.scheme == "CFC"


@pytest.mark.parametrize(
    ("members", "status"), [(19, Status.FAILED), (20, Status.PASSED), (None, Status.NEEDS_DOCUMENT)]
)
def test_at_least_20_members(members: int | None, status: Status) -> None:
    facts = proposal(member_count=members, product_linked_members=None if members is None else 19)
    assert statuses(facts)["member_count"] == status


@pytest.mark.parametrize(
    ("members", "linked", "status"),
    [
        (20, 13, Status.FAILED),
        (20, 14, Status.PASSED),
        (21, 13, Status.FAILED),
        (21, 14, Status.PASSED),
        (30, 19, Status.FAILED),
        (30, 20, Status.PASSED),
        (30, 30, Status.PASSED),
    ],
)
def test_two_thirds_of_members_linked_to_the_product(members: int, linked: int, status: Status) -> None:
    facts = proposal(member_count=members, product_linked_members=linked)
    assert statuses(facts)["product_linked_members"] == status


@pytest.mark.parametrize(("members", "need"), [(20, 14), (21, 14), (22, 15), (30, 20), (3, 2)])
def test_min_product_linked_members_is_an_exact_ceiling(members: int, need: int) -> None:
    assert cfc.min_product_linked_members(members, PARAMS) == need


@pytest.mark.parametrize(
    ("share", "status"),
    [
        (Decimal("0.10"), Status.PASSED),
        (Decimal("0.1000"), Status.PASSED),
        (Decimal("0.1001"), Status.FAILED),
        (Decimal("0.5"), Status.FAILED),
        (None, Status.NEEDS_DOCUMENT),
    ],
)
def test_no_member_above_ten_percent(share: Decimal | None, status: Status) -> None:
    assert statuses(proposal(largest_member_share=share))["member_shareholding"] == status


@pytest.mark.parametrize(
    ("distinct", "status"),
    [(True, Status.PASSED), (False, Status.FAILED), (None, Status.NEEDS_DOCUMENT)],
)
def test_one_member_per_family(distinct: bool | None, status: Status) -> None:
    facts = proposal(members_from_distinct_families=distinct)
    assert statuses(facts)["one_member_per_family"] == status


@pytest.mark.parametrize(
    ("form", "status"),
    [
        (cfc.LegalForm.PRODUCER_COMPANY, Status.PASSED),
        (cfc.LegalForm.SOCIETY, Status.PASSED),
        (cfc.LegalForm.SECTION_8_COMPANY, Status.PASSED),
        (cfc.LegalForm.SELF_HELP_GROUP, Status.FAILED),
        (cfc.LegalForm.COOPERATIVE, Status.FAILED),
        (cfc.LegalForm.VOLUNTARY_ORGANISATION, Status.FAILED),
        (cfc.LegalForm.PRIVATE_LIMITED_COMPANY, Status.FAILED),
        (cfc.LegalForm.LIMITED_COMPANY, Status.FAILED),
        (cfc.LegalForm.LLP, Status.FAILED),
        (None, Status.NEEDS_DOCUMENT),
    ],
)
def test_legal_form_from_the_2023_list(form: cfc.LegalForm | None, status: Status) -> None:
    assert statuses(proposal(legal_form=form))["legal_form"] == status


def test_allowed_legal_forms_parameter_changes_the_result() -> None:
    params = cfc.Parameters.from_dict(
        {"allowed_legal_forms": ["producer_company", "society", "section_8_company", "cooperative"]}
    )
    facts = proposal(legal_form="cooperative")
    assert statuses(facts)["legal_form"] == Status.FAILED
    assert statuses(facts, params)["legal_form"] == Status.PASSED


@pytest.mark.parametrize(
    ("tenure", "years", "members_land", "status"),
    [
        (cfc.LandTenure.OWNED_BY_SPV, None, False, Status.PASSED),
        (cfc.LandTenure.LEASE_IN_GOVERNMENT_INDUSTRIAL_AREA, 25, False, Status.PASSED),
        (cfc.LandTenure.LEASE_IN_GOVERNMENT_INDUSTRIAL_AREA, 24, False, Status.FAILED),
        (cfc.LandTenure.LEASE_IN_GOVERNMENT_INDUSTRIAL_AREA, None, False, Status.NEEDS_DOCUMENT),
        (cfc.LandTenure.OTHER, 30, False, Status.FAILED),
        (cfc.LandTenure.OWNED_BY_SPV, None, True, Status.FAILED),
        (None, None, False, Status.NEEDS_DOCUMENT),
    ],
)
def test_land_rules(
    tenure: cfc.LandTenure | None, years: int | None, members_land: bool, status: Status
) -> None:
    facts = proposal(land_tenure=tenure, lease_years=years, land_belongs_to_member=members_land)
    assert statuses(facts)["land"] == status


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"member_count": 10, "product_linked_members": 11}, "product_linked_members"),
        ({"largest_member_share": Decimal("1.5")}, "largest_member_share"),
        ({"member_count": -1}, "member_count"),
        ({"proposed_spv_contribution": Decimal("30000000.01")}, "proposed_spv_contribution"),
        ({"legal_form": "trust"}, "trust"),
    ],
)
def test_impossible_facts_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        proposal(**changes)


# --- Parameters ---------------------------------------------------------------------------


def test_parameters_round_trip_with_fraction_and_list() -> None:
    params = cfc.Parameters(
        min_product_linked_share=Fraction(3, 4),
        allowed_legal_forms=("society",),
        special_state_cap=Decimal("95000000"),
    )
    data = params.to_dict()
    assert data["min_product_linked_share"] == "3/4"
    assert data["allowed_legal_forms"] == ["society"]
    assert cfc.Parameters.from_dict(data) == params
    assert cfc.Parameters().to_dict()["min_product_linked_share"] == "2/3"


def test_changed_band_rate_changes_the_shares() -> None:
    params = cfc.Parameters.from_dict({"band1_min_spv_rate": "0.15"})
    assert shares(proposal(Decimal("40000000")), params) == (
        Decimal("34000000.00"),
        Decimal("6000000.00"),
    )


@pytest.mark.parametrize(
    "data",
    [
        {"first_instalment_rate": "0.5"},
        {"band1_limit": "90000000"},
        {"allowed_legal_forms": ["trust"]},
        {"min_product_linked_share": "4/3"},
        {"min_product_linked_share": "1/0"},
    ],
)
def test_inconsistent_parameters_are_refused(data: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        cfc.Parameters.from_dict(data)


# --- Properties ------------------------------------------------------------------------------

costs = st.decimals(min_value=0, max_value=50 * CRORE, places=2)


@PROPERTY
@given(
    cost=costs,
    special=st.booleans(),
    applicant=st.sampled_from(list(cfc.Applicant)),
    offer_share=st.one_of(st.none(), st.decimals(min_value=0, max_value=1, places=4)),
)
def test_state_and_spv_shares_always_add_up_to_the_project_cost(
    cost: Decimal, special: bool, applicant: cfc.Applicant, offer_share: Decimal | None
) -> None:
    offer = None if offer_share is None else (cost * offer_share).quantize(Decimal("0.01"))
    facts = proposal(
        cost,
        applicant=applicant,
        is_environment_or_research_project=special,
        proposed_spv_contribution=offer,
    )
    benefit = cfc.compute_benefit(facts, PARAMS)
    assert benefit is not None
    state = benefit.line("state_share").amount
    spv = benefit.line("spv_share").amount
    assert state + spv == cost
    assert state >= 0
    assert spv >= 0
    if applicant == cfc.Applicant.TECHNICAL_INSTITUTION:
        assert state <= Decimal("75000000")
        assert state <= cost / 2 + Decimal("0.005")
    elif cost > 10 * CRORE:
        assert state <= Decimal("90000000")
        assert spv >= cost * Decimal("0.40") - Decimal("0.005")
    else:
        assert spv >= cost * Decimal("0.10") - Decimal("0.005")
    parts = [benefit.line(f"instalment_{n}").amount for n in (1, 2, 3)]
    assert sum(parts, Decimal("0")) == state


@PROPERTY
@given(state=costs)
def test_instalments_always_sum_to_the_state_share(state: Decimal) -> None:
    parts = cfc.instalments(state, PARAMS)
    assert sum(parts, Decimal("0")) == state
    assert all(part >= 0 for part in parts)
