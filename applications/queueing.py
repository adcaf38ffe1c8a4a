"""Queueing Celery tasks from services.

Tasks are sent only after the transaction commits. If the broker cannot be reached at that
moment the request still succeeds: what must happen is already recorded in the database (a
recommended file without an agenda item, a letter not yet made), and the periodic sweeps send it
again. A broker failure is logged without personal data."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def send_now(task, *args) -> bool:
    try:
        task.apply_async(args=args)
    except (OperationalError, RedisError, OSError):
        logger.warning("broker unreachable: %s%s left for the periodic sweep", task.name, args)
        return False
    return True


def enqueue_after_commit(task, *args) -> None:
    transaction.on_commit(lambda: send_now(task, *args))
