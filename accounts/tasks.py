from celery import shared_task

from accounts.sms import TransientSMSError


@shared_task(
    autoretry_for=(TransientSMSError,),
    retry_backoff=5,
    retry_backoff_max=60,
    max_retries=4,
)
def send_otp_sms_task(otp_id: int, code: str, language: str) -> bool:
    from accounts.services import deliver_otp

    return deliver_otp(otp_id=otp_id, code=code, language=language)
