"""The send after commit survives a Redis restarted between two sends: the next send reaches it
at once, and a send while it is down is left for the relay."""

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


def test_a_restarted_broker_gets_the_next_send_at_once(broker):
    assert publish([(1, None)], timeout=2) == [1]
    broker.stop()
    broker.start()  # same port, empty: the kept connection is dead and the queue undeclared
    assert publish([(2, None), (3, None)], timeout=2) == [2, 3]
    assert redis.Redis.from_url(broker.url).llen(celery_app.conf.task_default_queue) == 2
    broker.stop()
    assert publish([(4, None)], timeout=1) == []  # down: left for the relay
