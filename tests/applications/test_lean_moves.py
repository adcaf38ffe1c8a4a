"""A recommendation asks the rules once: the move changes no fact they read, so the answer that
allowed it is the one kept on the file (a bulk recommendation of twenty is twenty of these)."""

import pytest

from applications import facts
from applications.services import review
from applications.workflow import Status
from tests.committees.helpers import seat_committee
from tests.committees.test_committee_worker_integration import _ready_for_recommendation, _recommend

pytestmark = pytest.mark.django_db


def test_a_recommendation_evaluates_the_rules_once_and_keeps_that_answer(monkeypatch):
    _committee, secretary, _members = seat_committee()
    application = _ready_for_recommendation(secretary, 7)
    answers = []

    def counted(app, *args):
        outcome = facts.evaluate_application(app, *args)
        answers.append(outcome)
        return outcome

    # Counts the real evaluation wherever the services call it from.
    monkeypatch.setattr(review, "evaluate_application", counted)
    monkeypatch.setattr("applications.services.submission.evaluate_application", counted)
    _recommend(application, secretary)

    application.refresh_from_db()
    assert application.status == Status.RECOMMENDED
    assert len(answers) == 1
    assert application.outcome == answers[0].to_dict()
    assert application.is_eligible is True
    assert application.benefit_amount == answers[0].benefit.amount


def test_a_submission_evaluates_the_rules_once_and_takes_its_number_in_one_statement(monkeypatch):
    """The answer that let the draft in is the one kept on the file; the serial register is moved
    on by one INSERT ... ON CONFLICT DO UPDATE (no separate insert, lock and update)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from applications.services import submission
    from tests.applications.helpers import make_applicant, owner_access, toolkit_draft

    answers = []

    def counted(app, *args):
        outcome = facts.evaluate_application(app, *args)
        answers.append(outcome)
        return outcome

    draft = toolkit_draft(make_applicant())  # each saved step evaluates: counted from here on
    monkeypatch.setattr(submission, "evaluate_application", counted)
    with CaptureQueriesContext(connection) as queries:
        application = submission.submit_application(
            application_id=draft.pk, user=draft.applicant.user, access=owner_access(draft)
        )
    assert len(answers) == 1
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.outcome == answers[0].to_dict()
    counter = [q["sql"] for q in queries if "referencecounter" in q["sql"].lower()]
    assert len(counter) == 1 and "ON CONFLICT" in counter[0]
    # The number, the rules' answer and the move are one UPDATE of the file's row.
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "applications_application"')]
    assert len(updates) == 1
    assert all(
        f'"{column}"' in updates[0] for column in ("status", "reference_number", "outcome", "ruleset_id")
    )


def test_a_submission_validates_each_step_once(monkeypatch):
    """The completeness check's typed answers are the rules' answers: no step form is cleaned a
    second time for the evaluation."""
    from django import forms

    from applications.services import submission
    from applications.steps import steps_for
    from tests.applications.helpers import make_applicant, owner_access, toolkit_draft

    draft = toolkit_draft(make_applicant())
    step_forms = {step.form_class for step in steps_for("TT")}
    cleaned = []
    real = forms.BaseForm.full_clean

    def counting(form):
        if type(form) in step_forms:
            cleaned.append(type(form))
        return real(form)

    monkeypatch.setattr(forms.BaseForm, "full_clean", counting)
    application = submission.submit_application(
        application_id=draft.pk, user=draft.applicant.user, access=owner_access(draft)
    )
    assert application.status == Status.SUBMITTED
    assert sorted(map(str, cleaned)) == sorted(map(str, step_forms))


def test_the_review_page_reads_the_file_once_when_it_submits(client):
    """The button's request reads the application's row once, locked, and nothing after the
    move but the redirect."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.applications.helpers import make_applicant, toolkit_draft

    draft = toolkit_draft(make_applicant())
    client.force_login(draft.applicant.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("applications:review", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[draft.pk])
    # Reads of this file's row (the rules' own queries read the applicant's other files, NOT
    # this id).
    row = f'"applications_application"."id" = {draft.pk})'
    reads = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT") and row in q["sql"].replace(f"NOT ({row}", "")
    ]
    assert len(reads) == 1 and "FOR UPDATE" in reads[0], reads
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
