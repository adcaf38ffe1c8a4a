from celery import shared_task


@shared_task(acks_late=True)
def run_outbox_message_task(message_id: int) -> bool:
    from outbox.services import run_message

    return run_message(message_id=message_id)


@shared_task
def relay_outbox_task() -> int:
    from outbox.services import relay

    return relay().published
