"""A draft, or a rule set waiting for review, is discarded when it must never be published (its
GO withdrawn, a draft made by mistake): kept with its figures, GO and steps, never used by the
rules, and never moved on again. Every refusal changes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.exceptions import NotPermitted
from accounts.models import Role
from accounts.services import create_staff_user
from applications.services.rules_update import apply_ruleset_to_undecided_files
from outbox.models import OutboxMessage
from rulechanges.models import WhatIf
from rulechanges.services import (
    RuleChangeError,
    change_draft,
    discard_ruleset,
    publish_ruleset,
    request_what_if,
    return_ruleset,
    submit_for_review,
)
from schemes.evaluation import evaluate_answers
from schemes.models import RuleSet, RuleSetEvent, Scheme
from schemes.selectors import (
    active_ruleset,
    active_rulesets,
    published_rulesets,
    ruleset_history,
    upcoming_ruleset,
)
from tests.factories import STAFF_PASSWORD, StaffFactory, district
from tests.rulechanges.helpers import draft, published, simulate, state_user

pytestmark = pytest.mark.django_db


def _snapshot(ruleset: RuleSet):
    ruleset.refresh_from_db()
    return (
        ruleset.state,
        ruleset.parameters,
        ruleset.go_reference,
        ruleset.effective_from,
        ruleset.published_by_id,
        ruleset.published_at,
        list(RuleSetEvent.objects.filter(ruleset=ruleset).values_list("action", "actor_id", "note")),
        WhatIf.objects.filter(ruleset=ruleset).count(),
        OutboxMessage.objects.count(),
    )


def _admin():
    return create_staff_user(username="root", password=STAFF_PASSWORD, role=Role.ADMIN)


def _in_review(maker, code: str = "TT", **figures) -> RuleSet:
    ruleset = draft(maker, code, **figures)
    simulate(maker, ruleset)
    return submit_for_review(user=maker, ruleset_id=ruleset.pk)


def test_the_drafter_discards_a_draft_and_everything_is_kept_with_the_reason():
    maker = state_user("maker")
    ruleset = draft(maker, honorarium_per_day="250")
    simulate(maker, ruleset)
    ruleset.refresh_from_db()
    parameters, document = ruleset.parameters, ruleset.go_document.name

    discard_ruleset(user=maker, ruleset_id=ruleset.pk, note="  GO 77/2026 was withdrawn.  ")

    ruleset.refresh_from_db()
    assert ruleset.state == RuleSet.State.DISCARDED
    assert (ruleset.parameters, ruleset.go_document.name) == (parameters, document)
    assert (ruleset.published_by, ruleset.published_at) == (None, None)
    assert list(ruleset.events.values_list("action", "actor__username", "note")) == [
        ("drafted", "maker", ""),
        ("simulated", "maker", ""),
        ("discarded", "maker", "GO 77/2026 was withdrawn."),
    ]
    assert WhatIf.objects.filter(ruleset=ruleset).count() == 1


def test_a_ruleset_waiting_for_review_is_discarded_by_a_second_person_without_a_note():
    maker, checker = state_user("maker"), state_user("checker")
    ruleset = _in_review(maker, honorarium_per_day="250")

    discard_ruleset(user=checker, ruleset_id=ruleset.pk)

    ruleset.refresh_from_db()
    assert ruleset.state == RuleSet.State.DISCARDED
    assert ruleset.created_by == maker
    last = ruleset.events.order_by("-created_at", "-id").first()
    assert (last.action, last.actor, last.note) == (RuleSetEvent.Action.DISCARDED, checker, "")


def test_the_drafter_withdraws_their_own_ruleset_from_review():
    maker = state_user("maker")
    ruleset = _in_review(maker, honorarium_per_day="250")
    discard_ruleset(user=maker, ruleset_id=ruleset.pk, note="Made by mistake.")
    assert RuleSet.objects.get(pk=ruleset.pk).state == RuleSet.State.DISCARDED


def test_an_administrator_discards_a_colleagues_draft():
    ruleset = draft(state_user("maker"), honorarium_per_day="250")
    admin = _admin()
    discard_ruleset(user=admin, ruleset_id=ruleset.pk, note="The drafter has left the cell.")
    ruleset.refresh_from_db()
    assert ruleset.state == RuleSet.State.DISCARDED
    assert ruleset.events.get(action="discarded").actor == admin


def test_another_member_of_the_cell_cannot_discard_a_colleagues_draft():
    ruleset = draft(state_user("maker"), honorarium_per_day="250")
    before = _snapshot(ruleset)
    with pytest.raises(NotPermitted):
        discard_ruleset(user=state_user("colleague"), ruleset_id=ruleset.pk, note="not mine")
    assert _snapshot(ruleset) == before


@pytest.mark.parametrize("role", ["district_officer", "committee_member", "bank_officer"])
def test_only_state_staff_discard(role):
    maker = state_user("maker")
    rulesets = [draft(maker, honorarium_per_day="250"), _in_review(maker, "MM")]
    outsider = StaffFactory(role=role, district=district("agra"))
    for ruleset in rulesets:
        before = _snapshot(ruleset)
        with pytest.raises(NotPermitted):
            discard_ruleset(user=outsider, ruleset_id=ruleset.pk)
        assert _snapshot(ruleset) == before


def test_a_published_ruleset_cannot_be_discarded_by_anyone():
    maker, checker = state_user("maker"), state_user("checker")
    ruleset = published(maker, checker, honorarium_per_day="250")
    before = _snapshot(ruleset)
    for user in (maker, checker, _admin()):
        with pytest.raises(RuleChangeError) as refused:
            discard_ruleset(user=user, ruleset_id=ruleset.pk, note="undo")
        assert str(refused.value.message) == (
            "Only a draft or a rule set waiting for review can be discarded; this one is Published."
        )
    assert _snapshot(ruleset) == before
    # The GO values loaded with the reference data (no drafter) cannot be discarded either.
    loaded = RuleSet.objects.get(scheme__code="MM", created_by__isnull=True)
    before = _snapshot(loaded)
    with pytest.raises(RuleChangeError):
        discard_ruleset(user=checker, ruleset_id=loaded.pk)
    assert _snapshot(loaded) == before


def test_a_second_discard_is_refused_and_changes_nothing():
    maker = state_user("maker")
    ruleset = draft(maker, honorarium_per_day="250")
    discard_ruleset(user=maker, ruleset_id=ruleset.pk, note="withdrawn")
    before = _snapshot(ruleset)
    for user in (maker, _admin()):
        with pytest.raises(RuleChangeError):
            discard_ruleset(user=user, ruleset_id=ruleset.pk, note="again")
    assert _snapshot(ruleset) == before
    assert ruleset.events.filter(action="discarded").count() == 1


def test_a_ruleset_that_does_not_exist_is_not_discarded():
    maker = state_user("maker")
    count = RuleSetEvent.objects.count()
    with pytest.raises(NotPermitted):
        discard_ruleset(user=maker, ruleset_id=999999)
    assert RuleSetEvent.objects.count() == count


@pytest.mark.parametrize("from_state", [RuleSet.State.DRAFT, RuleSet.State.IN_REVIEW])
def test_nothing_moves_a_discarded_ruleset_on(from_state):
    """Discarded with a finished what-if and its GO attached: every step that would otherwise
    be allowed from where it was is refused."""
    maker, checker = state_user("maker"), state_user("checker")
    ruleset = draft(maker, honorarium_per_day="250")
    simulate(maker, ruleset)
    if from_state == RuleSet.State.IN_REVIEW:
        submit_for_review(user=maker, ruleset_id=ruleset.pk)
    discard_ruleset(user=maker, ruleset_id=ruleset.pk, note="GO withdrawn")
    before = _snapshot(ruleset)
    steps = {
        "change": lambda: change_draft(
            user=maker,
            ruleset_id=ruleset.pk,
            go_reference="78/2026",
            go_date=ruleset.go_date,
            effective_from=ruleset.effective_from,
            parameters={**ruleset.parameters, "honorarium_per_day": "260"},
        ),
        "simulate": lambda: request_what_if(user=maker, ruleset_id=ruleset.pk),
        "submit": lambda: submit_for_review(user=maker, ruleset_id=ruleset.pk),
        "return": lambda: return_ruleset(user=checker, ruleset_id=ruleset.pk, note="look again"),
        "publish": lambda: publish_ruleset(user=checker, ruleset_id=ruleset.pk),
    }
    refused = {}
    for name, step in steps.items():
        try:
            step()
        except RuleChangeError as error:
            refused[name] = str(error.message)
    assert refused == {
        "change": "Only a draft can be changed; this one is Discarded.",
        "simulate": "This rule set is discarded; a what-if is for drafts.",
        "submit": "Only a draft can be sent for review.",
        "return": "Only a rule set waiting for review can be published or sent back.",
        "publish": "Only a rule set waiting for review can be published or sent back.",
    }
    assert _snapshot(ruleset) == before


def test_a_discarded_ruleset_is_never_the_rules():
    maker = state_user("maker")
    tt = Scheme.objects.get(code="TT")
    today = timezone.localdate()
    in_force = active_ruleset(scheme=tt, on=today)
    now = draft(maker, effective_from=today, honorarium_per_day="250")
    later = draft(maker, effective_from=today + timedelta(days=30), honorarium_per_day="300")
    for ruleset in (now, later):
        discard_ruleset(user=maker, ruleset_id=ruleset.pk, note="GO withdrawn")
        ruleset.refresh_from_db()

    # On each one's effective day the rules are still the previous published ones.
    for ruleset in (now, later):
        day = ruleset.effective_from
        assert ruleset.is_effective_on(day) is False
        assert active_ruleset(scheme=tt, on=day) == in_force
        assert active_rulesets(on=day)["TT"] == in_force
        assert evaluate_answers(data={}, as_of=day, codes=["TT"])[0].outcome.benefit.amount == Decimal(
            "22000.00"
        )
    assert upcoming_ruleset(scheme=tt, on=today) is None
    assert list(ruleset_history(scheme=tt)) == [in_force]
    assert {r.pk for r in published_rulesets()}.isdisjoint({now.pk, later.pk})
    # The sweep that moves waiting files to the rules in force leaves them alone.
    assert apply_ruleset_to_undecided_files(ruleset_id=now.pk) == 0
