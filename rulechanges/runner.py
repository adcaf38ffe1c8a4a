"""Running a queued what-if (the task's one service)."""

import logging

from django.utils import timezone

from rulechanges.models import WhatIf
from rulechanges.whatif import compute_ruleset_what_if, compute_target_what_if

logger = logging.getLogger(__name__)


def run_what_if(*, what_if_id: int) -> str:
    """Compute the what-if unless it is already done. Idempotent: a run cut short (a worker
    stopped) is run again from the start by the outbox, its partial rows replaced. A failure of
    the computation itself is recorded on the row (and logged) rather than retried: the same
    figures would fail the same way."""
    what_if = WhatIf.objects.filter(pk=what_if_id).first()
    if what_if is None or what_if.state == WhatIf.State.DONE:
        return "nothing to do"
    compute = compute_ruleset_what_if if what_if.kind == WhatIf.Kind.RULESET else compute_target_what_if
    try:
        compute(what_if)
    except (ValueError, TypeError, ArithmeticError) as error:
        logger.exception("what-if %s failed", what_if_id)
        WhatIf.objects.filter(pk=what_if_id).update(
            state=WhatIf.State.FAILED, error=str(error)[:300], finished_at=timezone.now()
        )
        return "failed"
    return "done"
