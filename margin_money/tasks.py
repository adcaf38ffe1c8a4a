"""Margin Money's periodic task (Celery beat)."""

from celery import shared_task


@shared_task
def remind_lock_ins_ending_task() -> int:
    from margin_money.services import remind_lock_ins_ending

    return remind_lock_ins_ending()
