"""The send after commit keeps its broker connection: one connection for many sends, and a
Redis restarted in between costs no message."""

import time
import uuid

import pytest
import redis

from odop_portal.celery import app as celery_app
from outbox.services import publish
from tests.conftest import _rebind_broker

pytestmark = pytest.mark.integration


@pytest.fixture
def broker(private_redis):
    previous_broker, previous_queue = celery_app.conf.broker_url, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = f"test-publish-{uuid.uuid4().hex[:10]}"
    _rebind_broker(private_redis.url)
    yield private_redis
    _rebind_broker(previous_broker)
    celery_app.conf.task_default_queue = previous_queue


def _connections(url: str) -> int:
    return int(redis.Redis.from_url(url).info("stats")["total_connections_received"])


def test_many_sends_share_one_connection(broker):
    client = redis.Redis.from_url(broker.url)
    publish([(1, None)], timeout=2)
    before = _connections(broker.url)
    for n in range(2, 12):
        assert publish([(n, None)], timeout=2) == [n]
    # Each _connections() call opens one connection of its own; the sends opened none.
    assert _connections(broker.url) - before == 1
    assert client.llen(celery_app.conf.task_default_queue) == 11


def test_a_restarted_broker_gets_the_next_send_at_once(broker):
    assert publish([(1, None)], timeout=2) == [1]
    broker.stop()
    broker.start()  # same port, empty: the kept connection is dead and the queue undeclared
    assert publish([(2, None), (3, None)], timeout=2) == [2, 3]
    assert redis.Redis.from_url(broker.url).llen(celery_app.conf.task_default_queue) == 2
    broker.stop()
    assert publish([(4, None)], timeout=1) == []  # down: left for the relay


def _other_backends() -> set[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {pid for (pid,) in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_the_sender_keeps_its_database_connection_between_rows_and_gives_it_back(postgres, broker):
    """Backends that came up on the test database during the test are the sender thread's (those
    of earlier tests' workers were there before, or have gone)."""
    from django.utils import timezone

    from outbox.models import OutboxMessage
    from outbox.services import _sender

    def send(key: str) -> OutboxMessage:
        row = OutboxMessage.objects.create(
            key=key,
            task="applications.tasks.notify_applicant_task",
            args=[1, key],
            available_at=timezone.now(),
        )
        _sender.submit(row.pk)
        assert _sender.wait_idle(10)
        row.refresh_from_db()
        assert row.state == OutboxMessage.State.SENT
        return row

    _sender.release()
    before = _other_backends()
    send("first")
    backends = _other_backends() - before
    assert len(backends) == 1
    send("second")
    assert _other_backends() - before == backends  # the same connection, not a new one per batch
    _sender.release()
    # A backend leaves pg_stat_activity a moment after its client closed the connection.
    deadline = time.monotonic() + 10
    while _other_backends() - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _other_backends() - before == set()
    send("after")  # a released sender connects again when the next row comes
    _sender.release()
