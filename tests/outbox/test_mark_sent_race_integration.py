"""The send after commit marks a row sent only if no worker took it first. A worker can take the
message the moment it is published, before the sender marks the row: the mark must then leave
the worker's state alone, or a row already running (or done) reads "sent" and waits for a
message that was already used."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from outbox.models import OutboxMessage
from outbox.services import _mark_sent
from tests.db_locks import some_connection_waits_on_a_lock

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
State = OutboxMessage.State


def test_a_row_a_worker_starts_while_the_sender_marks_it_keeps_the_workers_state(postgres):
    row = OutboxMessage.objects.create(
        key="race",
        task="applications.tasks.notify_applicant_task",
        args=[1, "x"],
        available_at=timezone.now(),
    )
    locked, go, errors = threading.Event(), threading.Event(), []

    def worker_starts_the_row():
        # What the runner's first transaction does (`_run_locked`): lock, mark running, commit.
        try:
            with transaction.atomic():
                taken = OutboxMessage.objects.select_for_update().get(pk=row.pk)
                taken.state, taken.started_at, taken.attempts = State.RUNNING, timezone.now(), 1
                taken.save(update_fields=["state", "started_at", "attempts"])
                locked.set()
                assert go.wait(30)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    def sender_marks_it():
        try:
            _mark_sent([(row.pk, 0)], now=timezone.now())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    worker = threading.Thread(target=worker_starts_the_row)
    worker.start()
    assert locked.wait(30)
    sender = threading.Thread(target=sender_marks_it)
    sender.start()
    assert some_connection_waits_on_a_lock(), "the sender's mark should wait for the worker's row lock"
    go.set()
    worker.join(30)
    sender.join(30)
    assert not errors
    row.refresh_from_db()
    assert row.state == State.RUNNING
    assert row.sends == 0 and row.sent_at is None


def test_a_pending_row_is_marked_sent_with_its_next_wait(postgres):
    now = timezone.now()
    first = OutboxMessage.objects.create(key="a", task="t", args=[], available_at=now)
    again = OutboxMessage.objects.create(key="b", task="t", args=[], available_at=now, sends=3)
    done = OutboxMessage.objects.create(key="c", task="t", args=[], available_at=now, state=State.DONE)
    _mark_sent([(first.pk, 0), (again.pk, 3), (done.pk, 0)], now=now)
    first.refresh_from_db(), again.refresh_from_db(), done.refresh_from_db()
    assert (first.state, first.sends, first.sent_at) == (State.SENT, 1, now)
    assert (again.state, again.sends) == (State.SENT, 4)
    # Each send waits twice as long as the one before (see _sent_timeout).
    assert again.available_at - now > first.available_at - now
    assert done.state == State.DONE and done.sends == 0
