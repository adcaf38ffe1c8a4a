"""Drafting, simulating and publishing RuleSets the way the ODOP cell does: through the services."""

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import Role
from accounts.services import create_staff_user
from rulechanges.runner import run_what_if
from rulechanges.services import draft_ruleset, publish_ruleset, request_what_if, submit_for_review
from schemes.models import RuleSet, Scheme
from schemes.selectors import active_ruleset
from tests.applications.helpers import pdf_upload
from tests.factories import STAFF_PASSWORD


def state_user(username: str = "maker"):
    return create_staff_user(username=username, password=STAFF_PASSWORD, role=Role.STATE_STAFF)


def draft(maker, code: str = "TT", *, effective_from: date | None = None, with_pdf: bool = True, **figures):
    scheme = Scheme.objects.get(code=code)
    current = active_ruleset(scheme=scheme, on=timezone.localdate())
    # From tomorrow by default: a GO usually takes effect after it is issued, and a day on
    # which files were already decided is refused (see test_review).
    day = effective_from or timezone.localdate() + timedelta(days=1)
    return draft_ruleset(
        user=maker,
        scheme=scheme,
        go_reference="77/2026/18-4",
        go_date=min(day, timezone.localdate()),
        effective_from=day,
        parameters={**current.parameters, **figures},
        notes="figures revised",
        go_document=pdf_upload("go.pdf") if with_pdf else None,
    )


def simulate(user, ruleset: RuleSet):
    """The what-if as the worker runs it (the task's own service, run here)."""
    what_if = request_what_if(user=user, ruleset_id=ruleset.pk)
    run_what_if(what_if_id=what_if.pk)
    what_if.refresh_from_db()
    return what_if


def published(maker, checker, code: str = "TT", **kwargs) -> RuleSet:
    ruleset = draft(maker, code, **kwargs)
    simulate(maker, ruleset)
    submit_for_review(user=maker, ruleset_id=ruleset.pk)
    return publish_ruleset(user=checker, ruleset_id=ruleset.pk)
