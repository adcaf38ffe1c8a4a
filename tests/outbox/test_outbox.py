"""The outbox's rules: failures back off and are parked, staff retry them from the admin, a
sign-in code waits sealed and is erased."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.services import request_otp
from outbox.models import OutboxMessage
from outbox.services import relay, run_message

State = OutboxMessage.State


def _row(**kwargs):
    return OutboxMessage.objects.create(
        key=kwargs.pop("key", "k"),
        task="applications.tasks.notify_applicant_task",
        args=[987654321, "submitted"],
        available_at=timezone.now(),
        **kwargs,
    )


@pytest.mark.django_db
def test_a_run_that_raises_backs_off_and_is_parked_after_the_last_attempt(settings, monkeypatch):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    from applications import tasks

    def broken(application_id, event):
        raise RuntimeError("gateway said no")

    monkeypatch.setattr(tasks.notify_applicant_task, "run", broken)
    row = _row()
    with pytest.raises(RuntimeError):
        run_message(message_id=row.pk)
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == (State.PENDING, 1, "RuntimeError: gateway said no")
    assert row.available_at > timezone.now() + timedelta(seconds=9)
    with pytest.raises(RuntimeError):
        run_message(message_id=row.pk)
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.PARKED, 2)
    assert run_message(message_id=row.pk) is False  # parked work is not run again by itself


@pytest.mark.django_db
def test_staff_retry_parked_work_from_the_admin(client, django_capture_on_commit_callbacks):
    parked = _row(key="parked", state=State.PARKED, attempts=8, last_error="RuntimeError: x")
    done = _row(key="done", state=State.DONE)
    from accounts.models import Role
    from accounts.services import create_staff_user

    admin = create_staff_user(username="state.staff", password="a-long-pass-phrase-9", role=Role.STATE_STAFF)
    client.force_login(admin)
    page = client.get(reverse("admin:outbox_outboxmessage_changelist") + "?state=parked")
    assert page.status_code == 200
    assert b"sealed_secret" not in page.content
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("admin:outbox_outboxmessage_changelist"),
            {"action": "retry", "_selected_action": [parked.pk, done.pk]},
        )
    assert response.status_code == 302
    parked.refresh_from_db()
    done.refresh_from_db()
    assert (parked.state, parked.attempts) == (State.PENDING, 0)
    assert done.state == State.DONE


@pytest.mark.django_db
def test_an_artisan_cannot_see_the_outbox_in_the_admin(client):
    from tests.factories import ArtisanFactory

    client.force_login(ArtisanFactory())
    response = client.get(reverse("admin:outbox_outboxmessage_changelist"))
    assert response.status_code == 302  # to the admin sign-in


@pytest.mark.django_db
def test_the_code_waits_sealed_and_is_erased_once_sent():
    import re

    from accounts import sms

    otp = request_otp(mobile="9700000055", ip=None)  # on_commit never runs: the send is pending
    row = OutboxMessage.objects.get(key=f"otp:{otp.pk}")
    sealed = bytes(row.sealed_secret)
    assert row.args == [otp.pk, "en"]
    assert run_message(message_id=row.pk) is True
    [message] = sms.outbox
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    assert code.encode() not in sealed and code not in row.key
    row.refresh_from_db()
    assert (row.state, row.sealed_secret) == (State.DONE, None)


@pytest.mark.django_db
def test_a_code_not_sent_in_time_expires_and_its_secret_is_erased():
    otp = request_otp(mobile="9700000056", ip=None)
    row = OutboxMessage.objects.get(key=f"otp:{otp.pk}")
    OutboxMessage.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert relay().expired == 1
    row.refresh_from_db()
    assert (row.state, row.sealed_secret) == (State.EXPIRED, None)
    assert run_message(message_id=row.pk) is False
