from celery import shared_task

from accounts.sms import TransientSMSError


@shared_task(autoretry_for=(TransientSMSError,), retry_backoff=5, retry_backoff_max=120, max_retries=5)
def notify_applicant_task(application_id: int, event: str) -> bool:
    from applications.services.notifications import notify_applicant

    return notify_applicant(application_id=application_id, event=event)
