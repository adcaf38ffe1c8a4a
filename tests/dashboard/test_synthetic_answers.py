"""Synthetic files answer every step of their sub-scheme's form as the step forms store it, and
keep the outcome the rules give for those answers under their RuleSet; the answers spread so
that other figures give other benefits and refuse some files."""

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from applications.facts import evaluate_application
from applications.models import Application, AuditEvent
from applications.steps import steps_for
from applications.workflow import Status
from dashboard.synthetic import fill
from dashboard.synthetic_answers import SYNTHETIC_NOTIFICATION, Answers, Profile
from schemes.models import NotifiedFair, RuleSet
from schemes.rules.base import age_on

COUNT = 1000

# A draft RuleSet's figures for each sub-scheme, changed from those in force.
WHAT_IF = {
    "MM": {"slab1_rate": "0.20", "require_up_domicile": True},
    "TT": {"toolkit_lookback_years": 5, "honorarium_per_day": "250"},
    "MDA": {"claim_window_days": 45, "up_other_stall_cap": "20000"},
    "CFC": {"band1_min_spv_rate": "0.15"},
}


@pytest.fixture(scope="module")
def filled(django_db_setup, django_db_blocker):
    """One fill for the module, rolled back when it ends; each test runs in a savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        assert fill(count=COUNT, seed=11, batch_size=400) == COUNT
        yield
        transaction.set_rollback(True)


@pytest.fixture
def files(filled, db):
    return list(
        Application.objects.select_related("applicant", "scheme", "ruleset__scheme", "district").order_by(
            "pk"
        )
    )


def _paid(outcome):
    """What `_set_outcome` stores as the benefit: nothing for a file that is not eligible."""
    return outcome.benefit.amount if outcome.benefit and outcome.is_eligible else None


def test_every_file_answers_every_step_as_its_forms_store_it(files):
    assert {application.scheme.code for application in files} == {"MM", "TT", "MDA", "CFC"}
    for application in files:
        steps = steps_for(application.scheme.code)
        assert set(application.details) == {step.slug for step in steps}
        assert application.details[steps[0].slug]["product"] == str(application.product_id)
        assert application.current_step == "documents"
        for step in steps:
            answers = application.details[step.slug]
            form = step.form_class(data=answers, application=application)
            assert form.is_valid(), (application.pk, step.slug, form.errors)
            assert form.answers_to_store() == answers, (application.pk, step.slug)


def test_the_rules_give_every_file_the_outcome_it_keeps(files):
    rejected = set(
        AuditEvent.objects.filter(action="reject_ineligible").values_list("application_id", flat=True)
    )
    assert rejected
    for application in files:
        outcome = evaluate_application(application)
        assert outcome is not None, application.pk
        assert (application.is_eligible, application.benefit_amount) == (
            outcome.is_eligible,
            _paid(outcome),
        ), application.pk
        if application.status != Status.DRAFT:
            # Submitting lets only an eligible file through; the office refuses some later.
            assert application.is_eligible == (application.pk not in rejected), application.pk


def test_outcomes_spread_within_each_sub_scheme(files):
    by_scheme = defaultdict(list)
    for application in files:
        by_scheme[application.scheme.code].append(application)
    for code, applications in by_scheme.items():
        amounts = {a.benefit_amount for a in applications if a.is_eligible}
        refused = [a for a in applications if not a.is_eligible]
        assert amounts and (refused or len(amounts) > 1), code
    # Toolkit: 10 days of Rs 200 and the kit at its Rs 20,000 cap (no kit value is asked).
    assert {a.benefit_amount for a in by_scheme["TT"] if a.is_eligible} == {Decimal("22000.00")}
    assert any(not a.is_eligible for a in by_scheme["TT"])
    # Margin money: projects in all four slabs of GO-MM-2018 para 1.
    params = by_scheme["MM"][0].ruleset.rule_parameters()
    slabs = set()
    for application in by_scheme["MM"]:
        project = application.details["project"]
        cost = sum(
            Decimal(project[name] or 0)
            for name in ("machinery_cost", "workshed_cost", "other_capital_cost", "working_capital")
        )
        slabs.add(sum(cost > limit for limit in (params.slab1_limit, params.slab2_limit, params.slab3_limit)))
    assert slabs == {0, 1, 2, 3}
    assert len({a.benefit_amount for a in by_scheme["MM"] if a.is_eligible}) > 50
    # Marketing assistance: every kind of claim, stall charges under and over their caps.
    categories = {a.details["fair"]["claim_category"] for a in by_scheme["MDA"]}
    assert categories == {"up_other", "up_national", "outside_up", "foreign", "ecommerce"}
    assert len({a.benefit_amount for a in by_scheme["MDA"] if a.is_eligible}) > 30
    # CFC: proposals in more than one funding band.
    costs = {Decimal(a.details["proposal"]["cfc_capital_cost"]) for a in by_scheme["CFC"]}
    assert min(costs) <= Decimal("40000000") < max(costs)


def test_a_draft_ruleset_changes_what_some_files_get(files):
    """The what-if: every submitted file evaluated again under other figures."""
    changed, refused = defaultdict(int), defaultdict(int)
    for application in files:
        if application.status == Status.DRAFT or not application.is_eligible:
            continue
        code = application.scheme.code
        application.ruleset = RuleSet(
            scheme=application.scheme, parameters={**application.ruleset.parameters, **WHAT_IF[code]}
        )
        outcome = evaluate_application(application)
        if not outcome.is_eligible:
            refused[code] += 1
        elif _paid(outcome) != application.benefit_amount:
            changed[code] += 1
    assert set(refused) == {"MM", "TT", "MDA", "CFC"}
    assert set(changed) >= {"MM", "TT", "MDA"}


def test_every_ruleset_has_answers_that_pass_and_answers_that_fail(db):
    rulesets = {}
    for ruleset in RuleSet.objects.select_related("scheme").order_by("-effective_from"):
        rulesets.setdefault(ruleset.scheme.code, []).append(ruleset)
    today = timezone.localdate()
    answers = Answers(seed=3, today=today, since=today - timedelta(days=900), rulesets=rulesets)
    rng = random.Random(3)
    for ruleset in RuleSet.objects.select_related("scheme"):
        for _ in range(20):
            assert answers.pick(rng, ruleset, eligible=True).is_eligible is True
            assert answers.pick(rng, ruleset, eligible=False).is_eligible is False


def test_claims_name_synthetic_fairs_off_the_list_made_once(filled, db):
    fairs = NotifiedFair.objects.filter(notification_reference=SYNTHETIC_NOTIFICATION)
    assert fairs.exists() and not fairs.filter(is_active=True).exists()
    named = set(
        Application.objects.filter(scheme__code="MDA")
        .exclude(details__fair__notified_fair="")
        .values_list("details__fair__notified_fair", flat=True)
    )
    assert named and {str(pk) for pk in fairs.values_list("pk", flat=True)} >= named
    before = fairs.count()
    fill(count=20, seed=12, batch_size=20)
    assert fairs.count() == before


@pytest.mark.parametrize("on", [date(2024, 2, 29), date(2025, 3, 1), date(2025, 12, 31), date(2026, 1, 1)])
def test_a_date_of_birth_gives_the_profile_s_age_on_the_day(on):
    rng = random.Random(on.toordinal())
    for age in range(18, 70):
        profile = Profile("female", "obc", False, False, True, age)
        for _ in range(30):
            assert age_on(profile.date_of_birth(rng, on), on) == age
