"""A RuleSet in force moves the files still waiting for a decision to its figures; decided files
keep theirs, and running it again moves nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.models import Application, AuditEvent
from applications.services.rules_update import apply_rulesets_in_force
from outbox.models import OutboxMessage
from rulechanges.services import APPLY_RULESETS_TASK
from tests.applications.helpers import (
    approved_by_committee,
    make_applicant,
    officer,
    recommended,
    submitted_toolkit,
    toolkit_draft,
)
from tests.rulechanges.helpers import published, state_user

pytestmark = pytest.mark.django_db


def test_waiting_files_move_to_the_new_figures_on_their_effective_day():
    dic = officer()
    waiting = submitted_toolkit(seed=1)
    at_committee = recommended(submitted_toolkit(seed=2), dic)
    decided = approved_by_committee(submitted_toolkit(seed=3), dic, "tsc")
    # Decided last week (a GO taking effect today cannot reach back past a decision).
    Application.objects.filter(pk=decided.pk).update(closed_at=timezone.now() - timedelta(days=7))
    unsent = toolkit_draft(make_applicant(seed=4))
    old_ruleset = waiting.ruleset_id

    ruleset = published(
        state_user("maker"),
        state_user("checker"),
        effective_from=timezone.localdate(),
        honorarium_per_day="250",
    )
    # Publishing a RuleSet already in force queues the move (through the outbox).
    assert (
        OutboxMessage.objects.filter(task=APPLY_RULESETS_TASK, key=f"apply-ruleset:{ruleset.pk}").count() == 1
    )

    assert apply_rulesets_in_force() == 2
    for application in (waiting, at_committee):
        application.refresh_from_db()
        assert (application.ruleset_id, application.benefit_amount) == (ruleset.pk, Decimal("22500.00"))
        event = AuditEvent.objects.get(application=application, action="rules_updated")
        assert (event.actor_id, event.actor_role, event.reason_codes) == (
            None,
            "system",
            [f"ruleset:{ruleset.pk}"],
        )
        assert event.from_status == event.to_status == application.status
    decided.refresh_from_db()
    assert (decided.ruleset_id, decided.benefit_amount) == (old_ruleset, Decimal("22000.00"))
    assert not AuditEvent.objects.filter(application=decided, action="rules_updated").exists()
    # A draft is computed when it is submitted, under the figures then in force.
    unsent.refresh_from_db()
    assert not AuditEvent.objects.filter(application=unsent, action="rules_updated").exists()

    assert apply_rulesets_in_force() == 0
    assert AuditEvent.objects.filter(action="rules_updated").count() == 2


def test_a_ruleset_from_tomorrow_moves_nothing_today():
    waiting = submitted_toolkit(seed=1)
    published(state_user("maker"), state_user("checker"), honorarium_per_day="250")
    assert OutboxMessage.objects.filter(task=APPLY_RULESETS_TASK).count() == 0
    assert apply_rulesets_in_force() == 0
    waiting.refresh_from_db()
    assert waiting.benefit_amount == Decimal("22000.00")
