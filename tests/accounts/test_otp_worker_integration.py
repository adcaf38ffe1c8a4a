"""The OTP SMS goes through a real Celery worker, Redis and PostgreSQL."""

import re

import pytest
from django.db import transaction

from accounts.models import OneTimeCode
from accounts.services import request_otp, verify_otp
from tests.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_worker_sends_the_code_and_records_it_in_the_database(celery_worker_process):
    with transaction.atomic():
        otp = request_otp(mobile="9700000001", ip="127.0.0.1")
        # Queued only after commit: nothing has reached the worker yet.
        assert OneTimeCode.objects.get(pk=otp.pk).sent_at is None

    sent = wait_for(
        lambda: OneTimeCode.objects.filter(pk=otp.pk, sent_at__isnull=False).first(),
        what="the worker to record the SMS",
    )
    assert sent.provider_reference
    files = list(celery_worker_process.sms_dir.glob("*-9700000001-*.txt"))
    assert len(files) == 1
    body = files[0].read_text(encoding="utf-8")
    assert sent.provider_reference in body
    code = re.search(r"\b(\d{6})\b", body.split("\n\n", 1)[1]).group(1)
    assert verify_otp(mobile="9700000001", code=code).mobile == "9700000001"


def test_the_same_task_delivered_twice_sends_one_sms(celery_worker_process):
    from outbox.models import OutboxMessage
    from outbox.tasks import run_outbox_message_task

    with transaction.atomic():
        otp = request_otp(mobile="9700000002", ip="127.0.0.1")
    wait_for(lambda: OneTimeCode.objects.filter(pk=otp.pk, sent_at__isnull=False).exists(), what="first send")
    first_sent_at = OneTimeCode.objects.get(pk=otp.pk).sent_at
    # The relay's message delivered again (its row is done): nothing is sent twice.
    row = OutboxMessage.objects.get(key=f"otp:{otp.pk}")
    result = run_outbox_message_task.apply_async(args=[row.pk])
    # Wait until the worker has taken the duplicate off the queue and run it.
    wait_for(
        lambda: (
            f"Task outbox.tasks.run_outbox_message_task[{result.id}] succeeded" in celery_worker_process.log()
        ),
        what="the duplicate task to run",
    )
    assert len(list(celery_worker_process.sms_dir.glob("*-9700000002-*.txt"))) == 1
    assert OneTimeCode.objects.get(pk=otp.pk).sent_at == first_sent_at
