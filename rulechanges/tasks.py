"""Thin tasks taking ids; services queue them by name through the outbox."""

from celery import shared_task


@shared_task
def run_what_if_task(what_if_id: int) -> str:
    from rulechanges.runner import run_what_if

    return run_what_if(what_if_id=what_if_id)
