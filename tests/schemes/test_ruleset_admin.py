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


@pytest.fixture
def state_staff_client(client):
    client.force_login(create_staff_user(username="cell", password=STAFF_PASSWORD, role=Role.STATE_STAFF))
    client.cookies["django_language"] = "en"
    return client


def _post_ruleset(client, scheme, parameters: str, effective_from):
    return client.post(
        reverse("admin:schemes_ruleset_add"),
        {
            "scheme": scheme.pk,
            "go_reference": "999/18-4-2026",
            "go_date": effective_from.isoformat(),
            "effective_from": effective_from.isoformat(),
            "parameters": parameters,
            "notes": "honorarium revised",
        },
    )


@pytest.mark.django_db
def test_new_ruleset_changes_new_computations_and_leaves_old_ones(state_staff_client):
    tt = Scheme.objects.get(code="TT")
    old = RuleSet.objects.get(scheme=tt)
    old_parameters = dict(old.parameters)
    answers = {"date_of_birth": None}
    today = timezone.localdate()
    before = evaluate_answers(data=answers, as_of=today, codes=["TT"])[0]
    assert before.outcome.benefit.amount == Decimal("22000.00")

    parameters = {**old.parameters, "honorarium_per_day": "250"}
    import json

    response = _post_ruleset(state_staff_client, tt, json.dumps(parameters), today)
    assert response.status_code == 302, response.content.decode()[:2000]

    new = RuleSet.objects.filter(scheme=tt).latest("effective_from")
    assert new.pk != old.pk
    assert new.created_by.username == "cell"
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
def test_bad_parameters_are_refused_naming_the_key(state_staff_client):
    tt = Scheme.objects.get(code="TT")
    response = _post_ruleset(state_staff_client, tt, '{"honorarium_per_dya": "250"}', timezone.localdate())
    assert response.status_code == 200
    assert "honorarium_per_dya" in response.content.decode()
    assert RuleSet.objects.filter(scheme=tt).count() == 1
    response = _post_ruleset(state_staff_client, tt, '{"honorarium_per_day": "-1"}', timezone.localdate())
    assert "must not be negative" in response.content.decode()
    assert RuleSet.objects.filter(scheme=tt).count() == 1


@pytest.mark.django_db
def test_missing_keys_are_stored_with_their_default(state_staff_client):
    tt = Scheme.objects.get(code="TT")
    _post_ruleset(state_staff_client, tt, '{"honorarium_per_day": "300"}', timezone.localdate())
    new = RuleSet.objects.filter(scheme=tt).latest("effective_from")
    assert new.parameters["honorarium_per_day"] == "300"
    assert new.parameters["toolkit_value_cap"] == "20000"


@pytest.mark.django_db
def test_saved_rulesets_cannot_be_edited_or_deleted(state_staff_client):
    ruleset = RuleSet.objects.get(scheme__code="TT")
    url = reverse("admin:schemes_ruleset_change", args=[ruleset.pk])
    assert state_staff_client.get(url).status_code == 200
    response = state_staff_client.post(url, {"parameters": "{}"})
    assert response.status_code == 403
    delete = state_staff_client.post(
        reverse("admin:schemes_ruleset_delete", args=[ruleset.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert RuleSet.objects.get(pk=ruleset.pk).parameters["honorarium_per_day"] == "200"


@pytest.mark.django_db
def test_district_officers_have_no_admin(client):
    from tests.factories import StaffFactory

    client.force_login(StaffFactory())
    assert client.get(reverse("admin:schemes_ruleset_add")).status_code == 302


@pytest.mark.django_db
def test_a_submitted_application_keeps_the_figures_of_its_ruleset(state_staff_client):
    """A new GO changes what new drafts compute; a submitted file keeps its RuleSet."""
    import json

    from applications.facts import evaluate_application
    from tests.applications.helpers import make_applicant, submitted_toolkit, toolkit_draft

    submitted_file = submitted_toolkit()
    assert submitted_file.benefit_amount == Decimal("22000.00")
    tt = Scheme.objects.get(code="TT")
    parameters = {**RuleSet.objects.get(scheme=tt).parameters, "honorarium_per_day": "250"}
    response = _post_ruleset(state_staff_client, tt, json.dumps(parameters), timezone.localdate())
    assert response.status_code == 302
    submitted_file.refresh_from_db()
    assert evaluate_application(submitted_file).benefit.amount == Decimal("22000.00")
    assert submitted_file.benefit_amount == Decimal("22000.00")
    new_draft = toolkit_draft(make_applicant(seed=42))
    assert new_draft.benefit_amount == Decimal("22500.00")
