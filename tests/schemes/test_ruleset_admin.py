"""Rule sets in the admin are read, never written: a GO change goes through the rule-change
pages (draft, what-if, a second person publishes). A published RuleSet changes what new
computations give and leaves the old ones alone."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.services import create_staff_user
from schemes.evaluation import evaluate_answers, evaluate_with_ruleset, toolkit_facts
from schemes.models import RuleSet, Scheme
from tests.factories import STAFF_PASSWORD
from tests.rulechanges.helpers import published, state_user


@pytest.fixture
def state_staff_client(client):
    client.force_login(create_staff_user(username="cell", password=STAFF_PASSWORD, role=Role.STATE_STAFF))
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.django_db
def test_new_ruleset_changes_new_computations_and_leaves_old_ones():
    tt = Scheme.objects.get(code="TT")
    old = RuleSet.objects.get(scheme=tt)
    old_parameters = dict(old.parameters)
    answers = {"date_of_birth": None}
    today = timezone.localdate()
    before = evaluate_answers(data=answers, as_of=today, codes=["TT"])[0]
    assert before.outcome.benefit.amount == Decimal("22000.00")

    new = published(
        state_user("maker"), state_user("checker"), effective_from=today, honorarium_per_day="250"
    )
    after = evaluate_answers(data=answers, as_of=today, codes=["TT"])[0]
    assert after.ruleset.pk == new.pk
    assert after.outcome.benefit.amount == Decimal("22500.00")
    # A day before the new GO takes effect, and for anything computed with the old RuleSet,
    # the old figures stand.
    yesterday = evaluate_answers(data=answers, as_of=today - timedelta(days=1), codes=["TT"])[0]
    assert yesterday.outcome.benefit.amount == Decimal("22000.00")
    old.refresh_from_db()
    assert old.parameters == old_parameters
    kept = evaluate_with_ruleset(ruleset=old, facts=toolkit_facts({}, today))
    assert kept.benefit.amount == Decimal("22000.00")


@pytest.mark.django_db
def test_missing_keys_are_stored_with_their_default():
    from rulechanges.services import draft_ruleset

    ruleset = draft_ruleset(
        user=state_user("maker"),
        scheme=Scheme.objects.get(code="TT"),
        go_reference="9/2026",
        go_date=timezone.localdate(),
        effective_from=timezone.localdate() + timedelta(days=1),
        parameters={"honorarium_per_day": "300"},
    )
    assert ruleset.parameters["honorarium_per_day"] == "300"
    assert ruleset.parameters["toolkit_value_cap"] == "20000"


@pytest.mark.django_db
def test_the_admin_adds_changes_and_deletes_no_ruleset(state_staff_client):
    ruleset = RuleSet.objects.get(scheme__code="TT")
    assert state_staff_client.get(reverse("admin:schemes_ruleset_add")).status_code == 403
    assert (
        state_staff_client.post(
            reverse("admin:schemes_ruleset_add"), {"scheme": ruleset.scheme_id}
        ).status_code
        == 403
    )
    url = reverse("admin:schemes_ruleset_change", args=[ruleset.pk])
    assert state_staff_client.get(url).status_code == 200
    assert state_staff_client.post(url, {"parameters": "{}"}).status_code == 403
    delete = state_staff_client.post(
        reverse("admin:schemes_ruleset_delete", args=[ruleset.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert RuleSet.objects.get(pk=ruleset.pk).parameters["honorarium_per_day"] == "200"
    assert RuleSet.objects.count() == 4


@pytest.mark.django_db
def test_district_officers_have_no_admin(client):
    from tests.factories import StaffFactory

    client.force_login(StaffFactory())
    assert client.get(reverse("admin:schemes_ruleset_changelist")).status_code == 302


@pytest.mark.django_db
def test_a_submitted_application_keeps_the_figures_of_its_ruleset_once_decided():
    """A new GO changes what new drafts compute; a decided file keeps its RuleSet."""
    from applications.facts import evaluate_application
    from tests.applications.helpers import (
        approved_by_committee,
        make_applicant,
        officer,
        submitted_toolkit,
        toolkit_draft,
    )

    decided = approved_by_committee(submitted_toolkit(), officer(), "tsc")
    assert decided.benefit_amount == Decimal("22000.00")
    published(
        state_user("maker"),
        state_user("checker"),
        effective_from=timezone.localdate() + timedelta(days=1),
        honorarium_per_day="250",
    )
    decided.refresh_from_db()
    assert evaluate_application(decided).benefit.amount == Decimal("22000.00")
    assert decided.benefit_amount == Decimal("22000.00")
    # Until its effective date, new drafts are still computed under the GO in force.
    new_draft = toolkit_draft(make_applicant(seed=42))
    assert new_draft.benefit_amount == Decimal("22000.00")


@pytest.mark.django_db
def test_the_admin_cannot_move_a_discarded_or_published_ruleset(client):
    """Not even a system administrator: the admin shows rule sets and saves nothing, so a
    discarded one cannot be brought back and a published one cannot be discarded there."""
    from rulechanges.services import discard_ruleset
    from tests.rulechanges.helpers import draft

    client.force_login(create_staff_user(username="root", password=STAFF_PASSWORD, role=Role.ADMIN))
    client.cookies["django_language"] = "en"
    maker = state_user("maker")
    discarded = discard_ruleset(user=maker, ruleset_id=draft(maker, honorarium_per_day="250").pk)
    live = RuleSet.objects.get(scheme__code="TT", state=RuleSet.State.PUBLISHED)

    def snapshot():
        return sorted(RuleSet.objects.values_list("pk", "state", "parameters", "published_at"))

    before = snapshot()
    for ruleset, state in ((discarded, "published"), (discarded, "draft"), (live, "discarded")):
        url = reverse("admin:schemes_ruleset_change", args=[ruleset.pk])
        page = client.get(url)
        assert page.status_code == 200
        assert 'name="state"' not in page.content.decode()
        data = {"state": state, "scheme": ruleset.scheme_id, "parameters": "{}", "_save": "Save"}
        assert client.post(url, data).status_code == 403
    changelist = reverse("admin:schemes_ruleset_changelist")
    assert "delete_selected" not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "delete_selected", "_selected_action": [discarded.pk, live.pk]})
    assert snapshot() == before
