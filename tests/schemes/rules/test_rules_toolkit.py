"""Training and Toolkit (GO-TT-2020): eligibility, honorarium, toolkit value."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemes.rules import toolkit as tt
from schemes.rules.base import Document, Status

PARAMS = tt.Parameters()
PROPERTY = settings(database=None, deadline=None, max_examples=200)
AS_OF = date(2026, 5, 1)
ALL_PAPERS = frozenset({Document.DOMICILE_CERTIFICATE, Document.CRAFT_PROOF, Document.DECLARATION})


def eligible_facts(**changes: object) -> tt.Facts:
    base = tt.Facts(
        as_of=AS_OF,
        date_of_birth=date(1995, 8, 15),
        is_up_native=True,
        received_toolkit_before=False,
        family_has_received_benefit=False,
        practises_craft=True,
        verified_documents=ALL_PAPERS,
    )
    return dataclasses.replace(base, **changes)


def statuses(facts: tt.Facts, params: tt.Parameters = PARAMS) -> dict[str, Status]:
    return {rule.code: rule.status for rule in tt.check_eligibility(facts, params)}


# --- Benefit -----------------------------------------------------------------------------


def test_default_benefit_is_ten_days_honorarium_and_a_capped_kit() -> None:
    benefit = tt.compute_benefit(eligible_facts(), PARAMS)
    assert [(line.code, line.amount, line.clause) for line in benefit.lines] == [
        ("honorarium", Decimal("2000.00"), "GO-TT-2020 para 3(4), para 3(8)"),
        ("toolkit", Decimal("20000.00"), "GO-TT-2020 para 5(1), para 5(3)"),
        ("institution_cost_cap", Decimal("4000.00"), "GO-TT-2020 para 4(1)"),
        ("food_cost_cap", Decimal("2500.00"), "GO-TT-2020 para 4(1)"),
    ]
    assert benefit.amount == Decimal("22000.00")
    assert benefit.line("honorarium").note_en == (
        "₹200 a day for 10 days (5 days general skill training + 5 days EDP); paid by DBT after "
        "you complete the training. The training is free and non-residential."
    )


def test_rpl_track_is_five_days_bridge_course_and_five_days_edp() -> None:
    benefit = tt.compute_benefit(eligible_facts(craft_has_qualification_pack=True), PARAMS)
    line = benefit.line("honorarium")
    assert line.amount == Decimal("2000.00")
    assert line.clause == "GO-TT-2020 para 3(3), para 3(8)"
    assert line.note_en.startswith(
        "₹200 a day for 10 days (5 days bridge course with RPL assessment + 5 days EDP)"
    )
    assert tt.training_days(eligible_facts(craft_has_qualification_pack=True), PARAMS) == (5, 5)


def test_honorarium_rate_parameter_changes_the_result() -> None:
    params = tt.Parameters.from_dict({"honorarium_per_day": "250"})
    benefit = tt.compute_benefit(eligible_facts(), params)
    assert benefit.line("honorarium").amount == Decimal("2500.00")
    assert benefit.amount == Decimal("22500.00")


def test_day_parameters_follow_the_track() -> None:
    params = tt.Parameters(rpl_bridge_days=6)
    general = tt.compute_benefit(eligible_facts(), params)
    rpl = tt.compute_benefit(eligible_facts(craft_has_qualification_pack=True), params)
    assert general.line("honorarium").amount == Decimal("2000.00")
    assert rpl.line("honorarium").amount == Decimal("2200.00")
    assert rpl.line("institution_cost_cap").amount == Decimal("4400.00")
    assert rpl.line("food_cost_cap").amount == Decimal("2750.00")


def test_residential_parameter_changes_the_wording() -> None:
    params = tt.Parameters(training_residential=True)
    note = tt.compute_benefit(eligible_facts(), params).line("honorarium").note_en
    assert note.endswith("The training is free and residential.")


@pytest.mark.parametrize(
    ("kit_value", "expected"),
    [
        (None, "20000.00"),
        (Decimal("0"), "0.00"),
        (Decimal("15000.50"), "15000.50"),
        (Decimal("19999.99"), "19999.99"),
        (Decimal("20000"), "20000.00"),
        (Decimal("20000.01"), "20000.00"),
        (Decimal("35000"), "20000.00"),
    ],
)
def test_toolkit_value_is_capped_at_20000(kit_value: Decimal | None, expected: str) -> None:
    benefit = tt.compute_benefit(eligible_facts(toolkit_value=kit_value), PARAMS)
    assert benefit.line("toolkit").amount == Decimal(expected)
    assert benefit.amount == Decimal("2000.00") + Decimal(expected)


def test_toolkit_cap_parameter_changes_the_result() -> None:
    params = tt.Parameters.from_dict({"toolkit_value_cap": "25000"})
    benefit = tt.compute_benefit(eligible_facts(toolkit_value=Decimal("22000")), params)
    assert benefit.line("toolkit").amount == Decimal("22000.00")


@PROPERTY
@given(
    value=st.one_of(st.none(), st.decimals(min_value=0, max_value=10_000_000, places=2)),
    rate=st.decimals(min_value=0, max_value=2000, places=2),
)
def test_toolkit_never_exceeds_the_cap_and_amount_is_what_is_paid(
    value: Decimal | None, rate: Decimal
) -> None:
    params = tt.Parameters(honorarium_per_day=rate)
    benefit = tt.compute_benefit(eligible_facts(toolkit_value=value), params)
    assert benefit.line("toolkit").amount <= Decimal("20000")
    assert benefit.line("honorarium").amount == rate * 10
    assert benefit.amount == benefit.line("honorarium").amount + benefit.line("toolkit").amount


# --- Eligibility (para 1) ----------------------------------------------------------------


def test_all_rules_pass_for_an_eligible_artisan() -> None:
    outcome = tt.evaluate(eligible_facts(), PARAMS)
    assert [(r.code, r.status, r.clause) for r in outcome.rules] == [
        ("age", Status.PASSED, "GO-TT-2020 para 1(1)"),
        ("up_native", Status.PASSED, "GO-TT-2020 para 1(2)"),
        ("no_recent_toolkit", Status.PASSED, "GO-TT-2020 para 1(4)"),
        ("once_per_family", Status.PASSED, "GO-TT-2020 para 1(5)"),
        ("craft_proof", Status.PASSED, "GO-TT-2020 para 2"),
        ("declaration", Status.PASSED, "GO-TT-2020 para 1(6)"),
    ]
    assert outcome.is_eligible is True
    assert outcome.needs_documents is False
    assert outcome.scheme == "TT"


@pytest.mark.parametrize(
    ("dob", "as_of", "status"),
    [
        (date(2008, 5, 1), date(2026, 4, 30), Status.FAILED),
        (date(2008, 5, 1), date(2026, 5, 1), Status.PASSED),
        (date(2008, 2, 29), date(2026, 2, 28), Status.FAILED),
        (date(2008, 2, 29), date(2026, 3, 1), Status.PASSED),
        (date(2008, 2, 28), date(2026, 2, 28), Status.PASSED),
    ],
)
def test_age_18_on_the_date_of_application(dob: date, as_of: date, status: Status) -> None:
    assert statuses(eligible_facts(date_of_birth=dob, as_of=as_of))["age"] == status


@pytest.mark.parametrize(
    ("last_toolkit", "as_of", "status"),
    [
        (date(2024, 5, 1), date(2026, 4, 30), Status.FAILED),
        (date(2024, 5, 1), date(2026, 5, 1), Status.PASSED),
        (date(2024, 5, 1), date(2026, 5, 2), Status.PASSED),
        (date(2024, 2, 29), date(2026, 2, 28), Status.FAILED),
        (date(2024, 2, 29), date(2026, 3, 1), Status.PASSED),
        (date(2026, 1, 10), date(2026, 5, 1), Status.FAILED),
        (date(2019, 6, 1), date(2026, 5, 1), Status.PASSED),
    ],
)
def test_no_toolkit_in_the_last_two_years(last_toolkit: date, as_of: date, status: Status) -> None:
    facts = eligible_facts(received_toolkit_before=True, last_toolkit_on=last_toolkit, as_of=as_of)
    assert statuses(facts)["no_recent_toolkit"] == status


def test_recent_toolkit_message_says_when_to_apply() -> None:
    facts = eligible_facts(
        received_toolkit_before=True, last_toolkit_on=date(2024, 5, 1), as_of=date(2026, 4, 30)
    )
    rule = tt.evaluate(facts, PARAMS).rule("no_recent_toolkit")
    assert rule.message_en == (
        "You received a toolkit on 01-05-2024. Anyone who received a toolkit under any "
        "government scheme in the last 2 years cannot get one now; you can apply from 01-05-2026."
    )
    assert tt.toolkit_eligible_from(date(2024, 5, 1), PARAMS) == date(2026, 5, 1)


def test_lookback_parameter_changes_the_result() -> None:
    facts = eligible_facts(received_toolkit_before=True, last_toolkit_on=date(2023, 6, 1))
    assert statuses(facts)["no_recent_toolkit"] == Status.PASSED
    params = tt.Parameters.from_dict({"toolkit_lookback_years": 3})
    assert statuses(facts, params)["no_recent_toolkit"] == Status.FAILED


@pytest.mark.parametrize(
    ("changes", "code", "status"),
    [
        ({"is_up_native": False}, "up_native", Status.FAILED),
        ({"is_up_native": None}, "up_native", Status.NEEDS_DOCUMENT),
        ({"received_toolkit_before": None}, "no_recent_toolkit", Status.NEEDS_DOCUMENT),
        ({"received_toolkit_before": True}, "no_recent_toolkit", Status.NEEDS_DOCUMENT),
        ({"family_has_received_benefit": True}, "once_per_family", Status.FAILED),
        ({"family_has_received_benefit": None}, "once_per_family", Status.NEEDS_DOCUMENT),
        ({"practises_craft": False}, "craft_proof", Status.FAILED),
        ({"practises_craft": None}, "craft_proof", Status.NEEDS_DOCUMENT),
        ({"date_of_birth": None}, "age", Status.NEEDS_DOCUMENT),
    ],
)
def test_each_rule_reacts_to_its_fact(changes: dict[str, object], code: str, status: Status) -> None:
    result = statuses(eligible_facts(**changes))
    assert result[code] == status
    assert [c for c, s in result.items() if s != Status.PASSED] == [code]


@pytest.mark.parametrize(
    ("document", "code"),
    [
        (Document.DOMICILE_CERTIFICATE, "up_native"),
        (Document.CRAFT_PROOF, "craft_proof"),
        (Document.DECLARATION, "declaration"),
    ],
)
def test_papers_are_needed_until_checked(document: Document, code: str) -> None:
    facts = eligible_facts(verified_documents=ALL_PAPERS - {document})
    rule = tt.evaluate(facts, PARAMS).rule(code)
    assert rule.status == Status.NEEDS_DOCUMENT
    assert rule.document == str(document)
    assert statuses(facts)[code] == Status.NEEDS_DOCUMENT


def test_family_rule_speaks_of_husband_and_wife() -> None:
    rule = tt.evaluate(eligible_facts(family_has_received_benefit=True), PARAMS).rule("once_per_family")
    assert rule.message_en == (
        "Only one person in a family (husband and wife) can get this benefit, and your family "
        "has already had it."
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"toolkit_value": Decimal("-1")}, "toolkit_value"),
        ({"last_toolkit_on": date(2026, 5, 2)}, "last_toolkit_on"),
        ({"last_toolkit_on": date(2025, 1, 1)}, "received_toolkit_before"),
    ],
)
def test_impossible_facts_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        eligible_facts(**changes)


def test_parameters_round_trip() -> None:
    params = tt.Parameters(honorarium_per_day=Decimal("372.50"), training_residential=True)
    data = params.to_dict()
    assert data["honorarium_per_day"] == "372.50"
    assert data["training_residential"] is True
    assert tt.Parameters.from_dict(data) == params
    assert tt.Parameters().to_dict() == {
        "min_age": 18,
        "toolkit_lookback_years": 2,
        "rpl_bridge_days": 5,
        "general_skill_days": 5,
        "edp_days": 5,
        "honorarium_per_day": "200",
        "training_residential": False,
        "max_trainees_per_batch": 25,
        "institution_cost_cap_per_day": "400",
        "food_cost_cap_per_day": "250",
        "toolkit_value_cap": "20000",
    }
