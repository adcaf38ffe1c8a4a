"""A recommendation asks the rules once: the move changes no fact they read, so the answer that
allowed it is the one kept on the file (a bulk recommendation of twenty is twenty of these)."""

import pytest

from applications import facts
from applications.services import review
from applications.workflow import Status
from tests.applications.committee_helpers import seat_committee
from tests.applications.test_committee_worker_integration import _ready_for_recommendation, _recommend

pytestmark = pytest.mark.django_db


def test_a_recommendation_evaluates_the_rules_once_and_keeps_that_answer(monkeypatch):
    _committee, secretary, _members = seat_committee()
    application = _ready_for_recommendation(secretary, 7)
    answers = []

    def counted(app):
        outcome = facts.evaluate_application(app)
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
