"""The relay on PostgreSQL and a real Redis: two relays at once never send the same row twice; a
killed runner's row is sent again at once, a live one's never; a flushed broker is noticed."""

import threading
import uuid
from datetime import timedelta

import psycopg2
import pytest
import redis
from django.db import connection
from django.utils import timezone

from odop_portal.celery import app as celery_app
from outbox.models import OutboxMessage
from outbox.services import _LOCK_NAMESPACE, relay
from tests.conftest import _database_url_for_worker as _database_url
from tests.conftest import _rebind_broker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
ROWS = 300


@pytest.fixture
def unconsumed_queue(postgres, redis_url):
    queue = f"test-relay-{uuid.uuid4().hex[:10]}"
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    yield queue
    celery_app.conf.task_default_queue = previous
    redis.Redis.from_url(redis_url).delete(queue)


def test_two_relays_at_once_send_each_row_once(unconsumed_queue, redis_url):
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            key=f"k{i}", task="applications.tasks.notify_applicant_task", args=[i, "x"], available_at=now
        )
        for i in range(ROWS)
    )
    start = threading.Barrier(2)
    published: list[int] = []

    def run():
        start.wait()
        try:
            while True:
                result = relay(limit=10)
                published.append(result.published)
                if result.published == 0 and result.left == 0:
                    break
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sum(published) == ROWS
    assert redis.Redis.from_url(redis_url).llen(unconsumed_queue) == ROWS
    assert set(OutboxMessage.objects.values_list("state", "sends").distinct()) == {
        (OutboxMessage.State.SENT, 1)
    }
    # A third run finds nothing due: sent rows wait for their timeout.
    assert relay().published == 0


def _open_row(key: str, state: str, *, due_in: timedelta) -> OutboxMessage:
    return OutboxMessage.objects.create(
        key=key,
        task="applications.tasks.notify_applicant_task",
        args=[1, key],
        state=state,
        sends=1,
        available_at=timezone.now() + due_in,
    )


def test_a_running_row_is_sent_again_once_its_runner_is_gone_and_never_while_it_lives(
    unconsumed_queue, redis_url
):
    row = _open_row("running", OutboxMessage.State.RUNNING, due_in=timedelta(minutes=6))
    runner = psycopg2.connect(_database_url())
    runner.autocommit = True
    try:
        runner.cursor().execute("SELECT pg_advisory_lock(%s, %s)", [_LOCK_NAMESPACE, row.pk])
        # However long the work takes, a live runner's row is not sent again.
        assert relay().published == 0
        row.refresh_from_db()
        assert (row.state, row.sends) == (OutboxMessage.State.RUNNING, 1)
    finally:
        runner.close()  # the worker is killed: its connection, and the lock, go with it
    # Sent at the next run, not after the running timeout (minutes away).
    assert relay().published == 1
    row.refresh_from_db()
    assert (row.state, row.sends) == (OutboxMessage.State.SENT, 2)
    assert redis.Redis.from_url(redis_url).llen(unconsumed_queue) == 1


@pytest.fixture
def private_broker(private_redis, unconsumed_queue):
    previous = celery_app.conf.broker_url
    _rebind_broker(private_redis.url)
    yield private_redis
    _rebind_broker(previous)


def test_rows_marked_sent_are_sent_again_at_once_when_redis_lost_its_data(private_broker, unconsumed_queue):
    relay()  # the relay's marker is in Redis
    row = _open_row("sent", OutboxMessage.State.SENT, due_in=timedelta(minutes=2))
    assert relay().published == 0  # its message waits in the queue: not sent twice
    client = redis.Redis.from_url(private_broker.url)
    client.flushdb()  # the broker's own database, on the test's own redis-server
    assert relay().published == 1
    row.refresh_from_db()
    assert (row.state, row.sends) == (OutboxMessage.State.SENT, 2)
    assert client.llen(unconsumed_queue) == 1
    assert relay().published == 0  # the marker is back: nothing more is sent
