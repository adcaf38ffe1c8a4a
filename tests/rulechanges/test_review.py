"""A RuleSet is drafted, simulated and sent by one member of the ODOP cell and published by
another; every refusal changes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.exceptions import NotPermitted
from rulechanges.services import (
    RuleChangeError,
    change_draft,
    publish_ruleset,
    return_ruleset,
    submit_for_review,
)
from schemes.evaluation import evaluate_answers
from schemes.models import RuleSet, RuleSetEvent, Scheme
from schemes.selectors import active_ruleset
from tests.applications.helpers import png_upload
from tests.factories import StaffFactory
from tests.rulechanges.helpers import draft, simulate, state_user

pytestmark = pytest.mark.django_db


def _snapshot(ruleset):
    ruleset.refresh_from_db()
    return (
        ruleset.state,
        ruleset.parameters,
        ruleset.published_by_id,
        ruleset.effective_from,
        RuleSetEvent.objects.filter(ruleset=ruleset).count(),
    )


def test_a_draft_computes_nothing_until_a_second_person_publishes_it():
    maker, checker = state_user("maker"), state_user("checker")
    tt = Scheme.objects.get(code="TT")
    today = timezone.localdate()
    ruleset = draft(maker, effective_from=today, honorarium_per_day="250")
    assert ruleset.state == RuleSet.State.DRAFT
    # A draft is nobody's rules: the checker and every new file still use the GO in force.
    assert active_ruleset(scheme=tt, on=today).pk != ruleset.pk
    assert evaluate_answers(data={}, as_of=today, codes=["TT"])[0].outcome.benefit.amount == Decimal(
        "22000.00"
    )

    simulate(maker, ruleset)
    submit_for_review(user=maker, ruleset_id=ruleset.pk)
    ruleset.refresh_from_db()
    assert ruleset.state == RuleSet.State.IN_REVIEW
    assert active_ruleset(scheme=tt, on=today).pk != ruleset.pk

    # The maker cannot be the checker.
    before = _snapshot(ruleset)
    with pytest.raises(NotPermitted):
        publish_ruleset(user=maker, ruleset_id=ruleset.pk)
    assert _snapshot(ruleset) == before

    publish_ruleset(user=checker, ruleset_id=ruleset.pk, note="Checked against the GO.")
    ruleset.refresh_from_db()
    assert (ruleset.state, ruleset.published_by, ruleset.created_by) == (
        RuleSet.State.PUBLISHED,
        checker,
        maker,
    )
    assert ruleset.published_at is not None
    assert active_ruleset(scheme=tt, on=today).pk == ruleset.pk
    assert evaluate_answers(data={}, as_of=today, codes=["TT"])[0].outcome.benefit.amount == Decimal(
        "22500.00"
    )
    assert list(ruleset.events.values_list("action", "actor__username")) == [
        ("drafted", "maker"),
        ("simulated", "maker"),
        ("submitted", "maker"),
        ("published", "checker"),
    ]
    assert ruleset.events.get(action="published").note == "Checked against the GO."


def test_the_database_refuses_a_ruleset_published_by_its_drafter():
    maker = state_user("maker")
    ruleset = draft(maker, honorarium_per_day="250")
    with pytest.raises(IntegrityError), transaction.atomic():
        RuleSet.objects.filter(pk=ruleset.pk).update(
            state=RuleSet.State.PUBLISHED, published_by=maker, published_at=timezone.now()
        )
    assert RuleSet.objects.get(pk=ruleset.pk).state == RuleSet.State.DRAFT


def test_sent_back_with_a_note_the_drafter_changes_it_and_sends_it_again():
    maker, checker = state_user("maker"), state_user("checker")
    ruleset = draft(maker, honorarium_per_day="250")
    simulate(maker, ruleset)
    submit_for_review(user=maker, ruleset_id=ruleset.pk)
    before = _snapshot(ruleset)
    with pytest.raises(RuleChangeError) as refused:
        return_ruleset(user=checker, ruleset_id=ruleset.pk, note="  ")
    assert refused.value.field == "note"
    assert _snapshot(ruleset) == before

    return_ruleset(user=checker, ruleset_id=ruleset.pk, note="The GO says 240, not 250.")
    ruleset.refresh_from_db()
    assert ruleset.state == RuleSet.State.DRAFT
    assert ruleset.events.get(action="returned").note == "The GO says 240, not 250."
    # In review nothing could change; back in draft its drafter changes it (and only they).
    with pytest.raises(NotPermitted):
        change_draft(
            user=checker,
            ruleset_id=ruleset.pk,
            go_reference=ruleset.go_reference,
            go_date=ruleset.go_date,
            effective_from=ruleset.effective_from,
            parameters={**ruleset.parameters, "honorarium_per_day": "240"},
        )
    change_draft(
        user=maker,
        ruleset_id=ruleset.pk,
        go_reference=ruleset.go_reference,
        go_date=ruleset.go_date,
        effective_from=ruleset.effective_from,
        parameters={**ruleset.parameters, "honorarium_per_day": "240"},
    )
    ruleset.refresh_from_db()
    assert ruleset.parameters["honorarium_per_day"] == "240"
    # The what-if of 250 no longer describes the draft: it cannot be sent until run again.
    with pytest.raises(RuleChangeError):
        submit_for_review(user=maker, ruleset_id=ruleset.pk)
    assert RuleSet.objects.get(pk=ruleset.pk).state == RuleSet.State.DRAFT
    simulate(maker, ruleset)
    submit_for_review(user=maker, ruleset_id=ruleset.pk)
    publish_ruleset(user=checker, ruleset_id=ruleset.pk)
    assert RuleSet.objects.get(pk=ruleset.pk).parameters["honorarium_per_day"] == "240"


def test_a_published_ruleset_never_changes_again():
    maker, checker = state_user("maker"), state_user("checker")
    ruleset = draft(maker, honorarium_per_day="250")
    simulate(maker, ruleset)
    submit_for_review(user=maker, ruleset_id=ruleset.pk)
    publish_ruleset(user=checker, ruleset_id=ruleset.pk)
    before = _snapshot(ruleset)
    for user in (maker, checker):
        with pytest.raises(RuleChangeError):
            change_draft(
                user=user,
                ruleset_id=ruleset.pk,
                go_reference="x",
                go_date=ruleset.go_date,
                effective_from=ruleset.effective_from,
                parameters={**ruleset.parameters, "honorarium_per_day": "999"},
            )
        with pytest.raises(RuleChangeError):
            return_ruleset(user=user, ruleset_id=ruleset.pk, note="undo")
        with pytest.raises(RuleChangeError):
            publish_ruleset(user=user, ruleset_id=ruleset.pk)
    assert _snapshot(ruleset) == before


def test_only_state_staff_draft_or_publish():
    maker = state_user("maker")
    ruleset = draft(maker, honorarium_per_day="250")
    simulate(maker, ruleset)
    submit_for_review(user=maker, ruleset_id=ruleset.pk)
    before = _snapshot(ruleset)
    for outsider in (StaffFactory(), StaffFactory(role="committee_member")):
        with pytest.raises(NotPermitted):
            publish_ruleset(user=outsider, ruleset_id=ruleset.pk)
        with pytest.raises(NotPermitted):
            draft(outsider, honorarium_per_day="300")
    assert _snapshot(ruleset) == before
    assert RuleSet.objects.filter(state=RuleSet.State.DRAFT).count() == 0


def test_sending_for_review_needs_the_go_pdf_and_a_finished_what_if():
    maker = state_user("maker")
    ruleset = draft(maker, with_pdf=False, honorarium_per_day="250")
    simulate(maker, ruleset)
    with pytest.raises(RuleChangeError) as refused:
        submit_for_review(user=maker, ruleset_id=ruleset.pk)
    assert refused.value.field == "go_document"
    assert RuleSet.objects.get(pk=ruleset.pk).state == RuleSet.State.DRAFT


def test_the_go_must_be_a_pdf():
    maker = state_user("maker")
    from rulechanges.services import draft_ruleset

    tt = Scheme.objects.get(code="TT")
    with pytest.raises(RuleChangeError) as refused:
        draft_ruleset(
            user=maker,
            scheme=tt,
            go_reference="1",
            go_date=timezone.localdate(),
            effective_from=timezone.localdate(),
            parameters=active_ruleset(scheme=tt, on=timezone.localdate()).parameters,
            go_document=png_upload("go.pdf"),
        )
    assert refused.value.field == "go_document"
    assert RuleSet.objects.filter(state=RuleSet.State.DRAFT).count() == 0


def test_an_effective_date_before_files_already_decided_is_refused():
    from tests.applications.helpers import approved_by_committee, officer, submitted_toolkit

    dic = officer()
    approved_by_committee(submitted_toolkit(), dic, "tsc")
    maker = state_user("maker")
    with pytest.raises(RuleChangeError) as refused:
        draft(maker, effective_from=timezone.localdate() - timedelta(days=3), honorarium_per_day="250")
    assert refused.value.field == "effective_from"
    assert str(refused.value.message).startswith("1 files of this sub-scheme have been decided since")
    assert RuleSet.objects.filter(state=RuleSet.State.DRAFT).count() == 0
    # From tomorrow it is fine: no file has been decided under it.
    assert draft(maker, effective_from=timezone.localdate() + timedelta(days=1), honorarium_per_day="250").pk


def test_two_published_rulesets_cannot_start_on_the_same_day():
    maker, checker = state_user("maker"), state_user("checker")
    day = timezone.localdate() + timedelta(days=10)
    first = draft(maker, effective_from=day, honorarium_per_day="250")
    second = draft(maker, effective_from=day, honorarium_per_day="260")
    for ruleset in (first, second):
        simulate(maker, ruleset)
        submit_for_review(user=maker, ruleset_id=ruleset.pk)
    publish_ruleset(user=checker, ruleset_id=first.pk)
    before = _snapshot(second)
    with pytest.raises(RuleChangeError) as refused:
        publish_ruleset(user=checker, ruleset_id=second.pk)
    assert refused.value.field == "effective_from"
    assert _snapshot(second) == before
