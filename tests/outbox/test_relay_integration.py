"""Two relays at once on PostgreSQL and a real Redis never send the same row twice."""

import threading
import uuid

import pytest
import redis
from django.db import connection
from django.utils import timezone

from odop_portal.celery import app as celery_app
from outbox.models import OutboxMessage
from outbox.services import relay

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
