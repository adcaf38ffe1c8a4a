"""The send after commit keeps its broker connection: one connection for many sends, and a
Redis restarted in between costs no message."""

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
