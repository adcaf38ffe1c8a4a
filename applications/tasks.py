"""Thin tasks taking ids. Services queue them through the outbox (applications/queueing.py), which
retries a failed run with back-off and parks it after OUTBOX_MAX_ATTEMPTS; a transient SMS
gateway error is one such failure."""

from celery import shared_task


@shared_task
def notify_applicant_task(application_id: int, event: str) -> bool:
    from applications.services.notifications import notify_applicant

    return notify_applicant(application_id=application_id, event=event)


# --- Periodic (Celery beat; `manage.py run_periodic_tasks` runs them once by hand) -------------


@shared_task
def apply_rulesets_in_force_task() -> int:
    """Daily, and after a RuleSet already in force is published: undecided files move to it."""
    from applications.services.rules_update import apply_rulesets_in_force

    return apply_rulesets_in_force()
