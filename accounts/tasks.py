from celery import shared_task


@shared_task
def send_otp_sms_task(otp_id: int, language: str, *, secret: str | None = None) -> bool:
    """Queued through the outbox only: `secret` (the code) is unsealed from the outbox row by the
    worker and never travels through the broker. A failed send is retried by the outbox."""
    from accounts.services import deliver_otp

    if secret is None:
        # Not unsealed (SECRET_KEY changed) or sent without the outbox: nothing to send.
        return False
    return deliver_otp(otp_id=otp_id, code=secret, language=language)
